/** Every metadata key tsapi records, in one place, as symbols so they never collide. */
export const CONTROLLER = Symbol('tsapi:controller');
export const ROUTES = Symbol('tsapi:routes');
export const PARAMS = Symbol('tsapi:params');
export const INJECTABLE = Symbol('tsapi:injectable');
export const INJECT_TOKENS = Symbol('tsapi:inject-tokens');
/** Attached to a parameter decorator function so that it also serves as a plain descriptor. */
export const PARAM_DESCRIPTOR = Symbol('tsapi:param-descriptor');
/** The parameters a `dependency([...], fn)` declares, recorded on the function it returns. */
export const DECLARED_DEPENDENCY = Symbol('tsapi:declared-dependency');
export const EXCEPTION_HANDLER = Symbol('tsapi:exception-handler');
export const MIDDLEWARE = Symbol('tsapi:middleware');
