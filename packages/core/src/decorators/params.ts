import { PARAM_DESCRIPTOR } from '../metadata/keys';
import { CONSTRUCTOR_KEY, recordParam, type ParamMeta } from '../metadata/records';
import type { ParamOptions } from '../params/options';

/**
 * A parameter decorator that is also a plain descriptor: `@Query('q')` on a handler parameter,
 * or `Query('q')` in a `dependency([...], fn)` list.
 */
export type ParamDecorator = ParameterDecorator & { readonly [PARAM_DESCRIPTOR]: ParamMeta };

export function makeParamDecorator(meta: ParamMeta): ParamDecorator {
  const decorator = (target: object, member: string | symbol | undefined, index: number): void => {
    const cls = typeof target === 'function' ? target : target.constructor;
    recordParam(cls, member === undefined ? CONSTRUCTOR_KEY : String(member), index, meta);
  };
  Object.defineProperty(decorator, PARAM_DESCRIPTOR, { value: meta });
  return decorator as ParamDecorator;
}

export function readParamDescriptor(value: unknown): ParamMeta | undefined {
  return typeof value === 'function' ? (value as Partial<ParamDecorator>)[PARAM_DESCRIPTOR] : undefined;
}

function splitNameAndOptions(
  nameOrOptions: string | ParamOptions | undefined,
  options: ParamOptions | undefined,
): { name?: string; options: ParamOptions } {
  return typeof nameOrOptions === 'string'
    ? { name: nameOrOptions, options: options ?? {} }
    : { options: nameOrOptions ?? {} };
}

/**
 * A path segment, e.g. `itemId` of `/items/{itemId}`. Always required.
 *
 * @example
 * @Get('/items/{itemId}') read(@Path('itemId') itemId: number) {}
 */
export function Path(name: string, options: ParamOptions = {}): ParamDecorator {
  return makeParamDecorator({ kind: 'path', name, options });
}

/**
 * A query-string parameter; with no name on a class-typed parameter, every property of the class
 * is a query parameter.
 *
 * @example
 * list(@Query('skip', { default: 0 }) skip: number, @Query() filters: ItemFilters) {}
 */
export function Query(nameOrOptions?: string | ParamOptions, options?: ParamOptions): ParamDecorator {
  return makeParamDecorator({ kind: 'query', ...splitNameAndOptions(nameOrOptions, options) });
}

/**
 * A request header, read case-insensitively; `user_agent` reads `user-agent`.
 *
 * @example
 * read(@Header('user_agent', { required: false }) userAgent?: string) {}
 */
export function Header(name: string, options: ParamOptions = {}): ParamDecorator {
  return makeParamDecorator({ kind: 'header', name, options });
}

/**
 * A cookie.
 *
 * @example
 * read(@Cookie('ads_id', { required: false }) adsId?: string) {}
 */
export function Cookie(name: string, options: ParamOptions = {}): ParamDecorator {
  return makeParamDecorator({ kind: 'cookie', name, options });
}

/**
 * The JSON body validated as the parameter's class, or with a name one field of it.
 *
 * @example
 * create(@Body() item: ItemIn) {}
 * update(@Body('item') item: ItemIn, @Body('importance', { type: 'integer' }) importance: number) {}
 */
export function Body(nameOrOptions?: string | ParamOptions, options?: ParamOptions): ParamDecorator {
  return makeParamDecorator({ kind: 'body', ...splitNameAndOptions(nameOrOptions, options) });
}

/**
 * A field of an `application/x-www-form-urlencoded` or `multipart/form-data` body, typed and
 * validated like a query parameter; errors are located at `["body", name]`. With no name on a
 * class-typed parameter, each property of the class is a form field (a form model).
 *
 * @example
 * login(@Form('username') username: string, @Form('password') password: string) {}
 * signup(@Form() form: SignupForm) {}
 */
export function Form(nameOrOptions?: string | ParamOptions, options?: ParamOptions): ParamDecorator {
  return makeParamDecorator({ kind: 'form', ...splitNameAndOptions(nameOrOptions, options) });
}

/**
 * A file of a `multipart/form-data` body, as an `UploadFile`; a parameter typed `UploadFile[]`
 * (or `{ type: [UploadFile] }`) receives every file sent under the name. `required: false` makes
 * it optional.
 *
 * @example
 * upload(@File('file') file: UploadFile, @Form('note', { required: false }) note?: string) {}
 */
export function File(name: string, options: ParamOptions = {}): ParamDecorator {
  return makeParamDecorator({ kind: 'file', name, options });
}

/**
 * The Fastify request.
 *
 * @example
 * read(@Req() request: Request) { return { ip: request.ip }; }
 */
export function Req(): ParamDecorator {
  return makeParamDecorator({ kind: 'request', options: {} });
}

/**
 * The Fastify reply: set headers, cookies or the status while the return value is still
 * serialized as usual.
 *
 * @example
 * create(@Res() reply: Reply) { reply.header('x-created', '1'); return { ok: true }; }
 */
export function Res(): ParamDecorator {
  return makeParamDecorator({ kind: 'reply', options: {} });
}
