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

export interface WebSocketRouteOptions {
  dependencies?: RouteOptions['dependencies'];
  /** The operation id of the handler, for logs (websocket routes are not in the OpenAPI document). */
  name?: string;
}

/**
 * A websocket route: the handler receives a `WebSocket` (by type) and may take path, query,
 * header and cookie parameters and dependencies like any route; a failure before the handler
 * runs closes the connection with 1008.
 *
 * @example
 * @WebSocketRoute('/ws/{room}')
 * async chat(ws: WebSocket, @Path('room') room: string) {
 *   await ws.accept();
 *   for await (const text of ws.iterText()) await ws.sendText(`${room}: ${text}`);
 * }
 */
export function WebSocketRoute(path = '', options: WebSocketRouteOptions = {}): MethodDecorator {
  return (target, member) => {
    recordRoute(target.constructor, { websocket: true, methods: ['GET'], path, handlerName: String(member), options: { dependencies: options.dependencies, includeInSchema: false } });
  };
}
