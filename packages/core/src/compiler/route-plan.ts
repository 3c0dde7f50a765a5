import type { DefinitionProblems } from '../errors/definition-error';
import { readParamTypes } from '../metadata/design-types';
import { readParams, type Constructor } from '../metadata/records';
import type { HttpMethod, RouteOptions } from '../params/options';
import { compileResponseModel, type CompiledResponseModel } from '../responses/response-model';
import { toTitle, type FieldType } from '../validation/field-types';
import { scanModel } from '../validation/model-scan';
import { DependantCompiler, type DependantPlan } from './dependant';
import { exact, freezeDependant } from './freeze';
import { checkFieldSchema } from './schema-check';
import {
  fieldsOf,
  filesOf,
  formFieldsOf,
  SOURCE_ORDER,
  type FieldParamPlan,
  type FileParamPlan,
  type ParamPlan,
} from './param-plans';
import { parsePath, type PathDef } from './path';
import { buildBody, type BodyRoutePlan } from './route-body';
import type { RouteDef } from './route-def';

export { SOURCE_ORDER, type FieldParamPlan, type ParamPlan, type ParamSource } from './param-plans';
export type { BodyRoutePlan } from './route-body';

/** Everything about one route, compiled once; routes, requests and OpenAPI all read it. */
export interface RoutePlan {
  readonly id: string;
  readonly controller: Constructor;
  readonly handlerName: string;
  /** A `@WebSocketRoute`. */
  readonly websocket: boolean;
  readonly methods: readonly HttpMethod[];
  readonly path: PathDef;
  readonly tags: readonly string[];
  readonly options: RouteOptions;
  readonly def: RouteDef;
  readonly statusCode: number;
  readonly deprecated: boolean;
  readonly includeInSchema: boolean;
  /** The first method's operation id (FastAPI's rule, or the `operationId` option). */
  readonly operationId: string;
  readonly summary: string;
  /** The handler's arguments and the dependencies (app, routers, route, parameters) resolved before it. */
  readonly handler: DependantPlan;
  /** Path, query, header and cookie parameters of the handler and its dependencies, in FastAPI's order, query models flattened. */
  readonly fields: readonly FieldParamPlan[];
  readonly body?: BodyRoutePlan;
  /** `@Form` fields of the handler and its dependencies, each once: the body is a form. */
  readonly form: readonly FieldParamPlan[];
  /** `@File` parameters of the handler and its dependencies: the body is `multipart/form-data`. */
  readonly files: readonly FileParamPlan[];
  readonly response?: { readonly type: FieldType; readonly compiled: CompiledResponseModel };
}

/** FastAPI's default operation id: `{handler}{path}_{method}` with non-word characters as `_`. */
export function defaultOperationId(handlerName: string, path: string, method: HttpMethod): string {
  return `${handlerName}${path}`.replace(/\W/g, '_') + `_${method.toLowerCase()}`;
}

/**
 * A route's operation id for one of its methods (FastAPI's rule, or the `operationId` option).
 * Made when asked for, not kept: only the start-up check and the OpenAPI document read it.
 */
export function operationIdOf(plan: Pick<RoutePlan, 'options' | 'handlerName' | 'path'>, method: HttpMethod): string {
  return plan.options.operationId ?? defaultOperationId(plan.handlerName, plan.path.openapi, method);
}

/** What every plan answers without keeping it: an id string per route is some 200 bytes. */
const PLAN_METHODS = Object.freeze(
  Object.defineProperty({}, 'operationId', {
    get(this: RoutePlan): string {
      return operationIdOf(this, this.methods[0]);
    },
    enumerable: false,
  }),
);

/** Compiles one RouteDef; problems are reported to `problems` and compilation goes on. */
export function buildRoutePlan(def: RouteDef, problems: DefinitionProblems): RoutePlan | undefined {
  const { controller, route } = def;
  const id = `${controller.name}.${route.handlerName}`;
  const before = problems.size;
  if (typeof controller.prototype[route.handlerName] !== 'function') {
    problems.add({
      where: id,
      problem: 'the route decorator is not on a method',
      fix: 'put @Get/@Post/… on a method of the controller',
    });
    return undefined;
  }
  const path = parsePath(def.path);
  const metas = readParams(controller, route.handlerName);
  const designTypes = readParamTypes(controller.prototype, route.handlerName) ?? [];
  const argCount = Math.max(metas.length, designTypes.length, controller.prototype[route.handlerName].length);
  const compiler = new DependantCompiler(problems);
  const handler = compiler.buildHandler(id, { metas, designTypes, argCount }, def.dependencies);
  checkPathParams(id, path, compiler.pathNames, problems);
  const operationId = operationIdOf({ options: route.options, handlerName: route.handlerName, path }, route.methods[0]);
  const body = buildBody(id, operationId, compiler.bodyParams, route.methods, problems);
  const form = flatForm(handler);
  const files = flatFiles(handler);
  checkForm(id, [...form, ...files], body, route.methods, problems);
  const responseType = route.options.responseModel ? modelType(route.options.responseModel) : undefined;
  checkFieldSchema(id, 'response model', responseType, problems);
  for (const [status, doc] of Object.entries(route.options.responses ?? {})) {
    if (doc.model) checkFieldSchema(id, `${status} response`, modelType(doc.model), problems);
  }
  if (problems.size > before) return undefined;
  const response = responseType && buildResponse(responseType, route.options);
  return Object.freeze(
    Object.assign(Object.create(PLAN_METHODS) as RoutePlan, {
      id,
      controller,
      handlerName: route.handlerName,
      websocket: route.websocket === true,
      methods: route.methods,
      path,
      tags: def.tags,
      options: route.options,
      def,
      statusCode:
        route.options.statusCode ??
        (route.options.responseClass as { defaultStatusCode?: number } | undefined)?.defaultStatusCode ??
        200,
      deprecated: def.deprecated,
      includeInSchema: def.includeInSchema && route.websocket !== true,
      summary: route.options.summary ?? toTitle(route.handlerName),
      handler: freezeDependant(handler),
      fields: flatFields(handler),
      body,
      form,
      files,
      response,
    }),
  );
}

/**
 * As FastAPI's flat dependant: each dependant's own parameters, then those of its dependencies
 * depth-first; grouped by source; a parameter declared twice is listed once.
 */
/**
 * As FastAPI's flat dependant: what `pick` finds in each dependant's own parameters, then in its
 * dependencies depth-first; a parameter declared twice (same `keyOf`) is listed once.
 */
function flatten<T>(
  handler: DependantPlan,
  pick: (params: readonly ParamPlan[]) => T[],
  keyOf: (item: T) => string,
): readonly T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  const visit = (dependant: DependantPlan): void => {
    for (const item of pick(dependant.params)) {
      const key = keyOf(item);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(item);
    }
    for (const use of dependant.dependencies) visit(use.plan);
  };
  visit(handler);
  // Kept per route: most routes have no form fields or files, and share one empty list.
  return exact(out);
}

/** Path, query, header and cookie parameters, grouped by source in FastAPI's order. */
function flatFields(handler: DependantPlan): readonly FieldParamPlan[] {
  const all = flatten(handler, fieldsOf, (f) => `${f.source} ${f.wireName}`);
  // A stable sort of a copy: the list is kept per route, and `flatMap` would leave it room to grow.
  return all.length === 0
    ? all
    : all.slice().sort((a, b) => SOURCE_ORDER.indexOf(a.source) - SOURCE_ORDER.indexOf(b.source));
}

function flatForm(handler: DependantPlan): readonly FieldParamPlan[] {
  return flatten(handler, formFieldsOf, (f) => f.wireName);
}

function flatFiles(handler: DependantPlan): readonly FileParamPlan[] {
  return flatten(handler, filesOf, (f) => f.wireName);
}

function checkForm(
  id: string,
  form: readonly (FieldParamPlan | FileParamPlan)[],
  body: BodyRoutePlan | undefined,
  methods: readonly HttpMethod[],
  problems: DefinitionProblems,
): void {
  if (form.length === 0) return;
  if (body) {
    problems.add({
      where: id,
      problem: 'it reads both a JSON body (@Body) and form fields or files (@Form, @File), but a request has one body',
      fix: 'read every field with @Form, or send JSON and read it with @Body',
    });
  }
  const noBody = methods.filter((m) => m === 'GET' || m === 'HEAD');
  if (noBody.length > 0) {
    problems.add({
      where: id,
      problem: `${noBody.join(' and ')} requests carry no body, but ${form.map((f) => `@${f.kind === 'file' ? 'File' : 'Form'}('${f.name}')`).join(', ')} reads one`,
      fix: 'use @Post, @Put or @Patch for a route that reads a form, or read the values with @Query',
    });
  }
}

function checkPathParams(id: string, path: PathDef, declared: ReadonlySet<string>, problems: DefinitionProblems): void {
  for (const name of declared) {
    if (!path.params.has(name)) {
      problems.add({
        where: id,
        parameter: `"${name}"`,
        problem: `@Path('${name}') is not a parameter of the path ${path.openapi}`,
        fix: `add {${name}} to the route's path, or read it with @Query('${name}')`,
      });
    }
  }
  for (const name of path.params.keys()) {
    if (!declared.has(name)) {
      problems.add({
        where: id,
        parameter: `"${name}"`,
        problem: `the path ${path.openapi} has {${name}} but no handler parameter reads it`,
        fix: `add a parameter: @Path('${name}') ${name}: string`,
      });
    }
  }
}

function modelType(model: Constructor | readonly [Constructor]): FieldType {
  return Array.isArray(model)
    ? { kind: 'list', items: { kind: 'model', model: scanModel(model[0] as Constructor) }, constraints: {} }
    : { kind: 'model', model: scanModel(model as Constructor) };
}

function buildResponse(type: FieldType, options: RouteOptions): RoutePlan['response'] {
  return {
    type,
    compiled: compileResponseModel(type, {
      excludeUnset: options.responseModelExcludeUnset ?? false,
      excludeNone: options.responseModelExcludeNone ?? false,
    }),
  };
}
