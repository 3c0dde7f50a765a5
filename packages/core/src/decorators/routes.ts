import { recordController, recordRoute } from '../metadata/records';
import type { ControllerOptions, HttpMethod, RouteOptions } from '../params/options';

/**
 * Marks a class whose decorated methods are routes, under a path prefix.
 *
 * @example
 * @Controller('/items', { tags: ['items'] })
 * class ItemsController { @Get('/{itemId}') read(@Path('itemId') itemId: number) {} }
 */
export function Controller(prefix = '', options: ControllerOptions = {}): ClassDecorator {
  return (target) => recordController(target, { prefix, options });
}

/**
 * A route answering several methods.
 *
 * @example
 * @Route(['GET', 'POST'], '/echo') echo() {}
 */
export function Route(methods: readonly HttpMethod[], path = '', options: RouteOptions = {}): MethodDecorator {
  return (target, member) => {
    recordRoute(target.constructor, { methods, path, handlerName: String(member), options });
  };
}

function routeFor(method: HttpMethod) {
  return (path = '', options: RouteOptions = {}): MethodDecorator => Route([method], path, options);
}

/** `@Get('/items/{itemId}', { responseModel: ItemOut })` */
export const Get = routeFor('GET');
/** `@Post('/items', { statusCode: status.HTTP_201_CREATED })` */
export const Post = routeFor('POST');
/** `@Put('/items/{itemId}')` */
export const Put = routeFor('PUT');
/** `@Delete('/items/{itemId}', { statusCode: 204 })` */
export const Delete = routeFor('DELETE');
/** `@Patch('/items/{itemId}')` */
export const Patch = routeFor('PATCH');
/** `@Options('/items')` */
export const Options = routeFor('OPTIONS');
/** `@Head('/items')` */
export const Head = routeFor('HEAD');
