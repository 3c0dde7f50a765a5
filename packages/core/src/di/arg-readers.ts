import type { DependantPlan } from '../compiler/dependant';
import { FORM_RANK, SOURCE_ORDER, type FieldParamPlan, type FileParamPlan, type ParamPlan } from '../compiler/param-plans';
import type { ValidationErrorItem } from '../errors/request-validation-error';
import { UploadFile } from '../uploads/upload-file';
import { BackgroundTasks } from '../background/background-tasks';
import type { RequestScope } from './request-scope';
import type { ParamReader } from '../validation/param-reader';
import { oncePerKey } from '../once-per-key';

/** Reads one argument of a handler or dependency from the request, pushing validation errors. */
export type ArgReader = (scope: RequestScope) => unknown;

/** Query, header and cookie objects inherit from Object.prototype: `constructor` is not a parameter. */
function ownValue(record: object | undefined, key: string): unknown {
  return record !== undefined && Object.hasOwn(record, key) ? (record as Record<string, unknown>)[key] : undefined;
}

/**
 * Routes without cookie parameters skip @fastify/cookie; a dependency override that reads a
 * cookie on such a route parses the header itself.
 */
function cookiesOf(scope: RequestScope): Record<string, string> | undefined {
  const { request } = scope;
  if (request.cookies !== undefined) return request.cookies as Record<string, string>;
  const header = request.headers.cookie;
  if (header === undefined) return undefined;
  const cookies: Record<string, string> = {};
  for (const pair of header.split(';')) {
    const at = pair.indexOf('=');
    if (at < 0) continue;
    const name = pair.slice(0, at).trim();
    if (name === '' || Object.hasOwn(cookies, name)) continue;
    const value = pair.slice(at + 1).trim().replace(/^"(.*)"$/, '$1');
    try {
      cookies[name] = decodeURIComponent(value);
    } catch {
      cookies[name] = value;
    }
  }
  return cookies;
}

const FORM_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/** The parsed form of a form request; a JSON or text body has no form fields (FastAPI answers `missing`). */
function formOf(scope: RequestScope): object | undefined {
  const { request } = scope;
  const body = request.body;
  if (typeof body !== 'object' || body === null || !FORM_TYPE.test(request.headers['content-type'] ?? '')) return undefined;
  return body;
}

const fieldReaders = new WeakMap<ParamReader, Map<string, ArgReader>>();

/**
 * `pathKeys`: the key of each path parameter in Fastify's `request.params` (`*` for `{rest:path}`).
 * Parameters that share a value reader and read the same key share the argument reader too.
 */
function fieldReader(plan: FieldParamPlan, pathKeys: ReadonlyMap<string, string>): ArgReader {
  const { source, wireName, read } = plan;
  const key = source === 'path' ? (pathKeys.get(wireName) ?? wireName) : source === 'header' ? wireName.toLowerCase() : wireName;
  const bySourceAndKey = oncePerKey(fieldReaders, read, () => new Map<string, ArgReader>());
  return oncePerKey(bySourceAndKey, `${source} ${key}`, () => readFrom(source, key, read));
}

function readFrom(source: FieldParamPlan['source'], key: string, read: ParamReader): ArgReader {
  switch (source) {
    case 'path':
      return (scope) => read((scope.request.params as Record<string, unknown>)[key], scope.errors);
    case 'query':
      return (scope) => read(ownValue(scope.request.query as object, key), scope.errors);
    case 'header':
      return (scope) => read(ownValue(scope.request.headers, key), scope.errors);
    case 'cookie':
      return (scope) => read(ownValue(cookiesOf(scope), key), scope.errors);
    case 'form':
      return (scope) => read(ownValue(formOf(scope), key), scope.errors);
  }
}

const readWholeBody: ArgReader = (scope) => scope.request.body;
const readRequest: ArgReader = (scope) => scope.request;
const readReply: ArgReader = (scope) => scope.reply;

function argReader(plan: ParamPlan, dependant: DependantPlan, pathKeys: ReadonlyMap<string, string>): ArgReader {
  switch (plan.kind) {
    case 'field':
      return fieldReader(plan, pathKeys);
    case 'query-model': {
      const readers = plan.fields.map((f) => [f.name, fieldReader(f, pathKeys)] as const);
      const { hydrate } = plan;
      return (scope) => {
        const data: Record<string, unknown> = {};
        for (const [name, read] of readers) {
          const value = read(scope);
          if (value !== undefined) data[name] = value;
        }
        return hydrate(data);
      };
    }
    case 'body': {
      const { embedName } = plan;
      return embedName === undefined
        ? readWholeBody
        : (scope) => (scope.request.body as Record<string, unknown> | undefined)?.[embedName];
    }
    case 'file':
      return fileReader(plan);
    case 'request':
      return readRequest;
    case 'reply':
      return readReply;
    case 'injected': {
      if (plan.injected === 'background-tasks') return (scope) => (scope.tasks ??= new BackgroundTasks());
      if (plan.injected === 'websocket') return (scope) => scope.websocket;
      const { securityScopes } = dependant;
      return () => securityScopes;
    }
  }
}

/** An `UploadFile` (or all of them), or the errors FastAPI gives: `missing`, or a text field where a file was expected. */
function fileReader(plan: FileParamPlan): ArgReader {
  const loc = ['body', plan.wireName];
  const check = (value: unknown, errors: ValidationErrorItem[], at: (string | number)[]): boolean => {
    if (value instanceof UploadFile) return true;
    errors.push({ type: 'value_error', loc: at, msg: `Value error, Expected UploadFile, received: ${typeof value === 'string' ? 'str' : typeof value}`, input: value });
    return false;
  };
  return (scope) => {
    const raw = (formOf(scope) as Record<string, unknown> | undefined)?.[plan.wireName];
    if (raw === undefined) {
      if (plan.required) scope.errors.push({ type: 'missing', loc, msg: 'Field required', input: null });
      return undefined;
    }
    if (!plan.list) return check(Array.isArray(raw) ? raw[raw.length - 1] : raw, scope.errors, loc) ? (Array.isArray(raw) ? raw[raw.length - 1] : raw) : undefined;
    const items = Array.isArray(raw) ? raw : [raw];
    let ok = true;
    items.forEach((item, i) => (ok = check(item, scope.errors, [...loc, i]) && ok));
    return ok ? items : undefined;
  };
}

function rank(plan: ParamPlan): number {
  if (plan.kind === 'file') return FORM_RANK;
  if (plan.kind === 'field') return plan.source === 'form' ? FORM_RANK : SOURCE_ORDER.indexOf(plan.source);
  if (plan.kind === 'query-model') return plan.fields[0]?.source === 'form' ? FORM_RANK : SOURCE_ORDER.indexOf('query');
  return SOURCE_ORDER.length;
}

/** A dependant's own argument readers, in FastAPI's order (path, query, header, cookie, then the rest). */
export function buildArgReaders(dependant: DependantPlan, pathKeys: ReadonlyMap<string, string>): { readers: ArgReader[]; indexes: number[] } {
  const ordered = [...dependant.params].sort((a, b) => rank(a) - rank(b));
  return { readers: ordered.map((p) => argReader(p, dependant, pathKeys)), indexes: ordered.map((p) => p.index) };
}
