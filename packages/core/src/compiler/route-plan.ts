import type { DefinitionProblems } from '../errors/definition-error';
import { readParamTypes } from '../metadata/design-types';
import { readParams, type Constructor, type ParamMeta } from '../metadata/records';
import type { HttpMethod, ParamOptions, RouteOptions } from '../params/options';
import { compileResponseModel, type CompiledResponseModel } from '../responses/response-model';
import { compileBodyValidator, type CompiledBody } from '../validation/body-validator';
import { toTitle, type FieldDef, type FieldType, type ModelDef } from '../validation/field-types';
import { compileModelHydrator, type Hydrate } from '../validation/hydrator';
import { scanModel } from '../validation/model-scan';
import { compileParamReader, type ParamFieldPlan, type ParamReader } from '../validation/param-reader';
import { describeDesignType, resolveFieldType } from './param-types';
import { parsePath, type PathDef } from './path';
import type { RouteDef } from './route-def';

export type ParamSource = 'path' | 'query' | 'header' | 'cookie';

/** A path, query, header or cookie parameter, ready to be read. */
export interface FieldParamPlan {
  readonly kind: 'field';
  /** The handler argument it fills, or -1 inside a query model. */
  readonly index: number;
  readonly source: ParamSource;
  readonly name: string;
  readonly wireName: string;
  readonly field: ParamFieldPlan;
  readonly read: ParamReader;
  readonly options: ParamOptions;
}

export interface QueryModelPlan {
  readonly kind: 'query-model';
  readonly index: number;
  readonly model: ModelDef;
  readonly fields: readonly FieldParamPlan[];
  readonly hydrate: Hydrate;
}

export interface BodyParamPlan {
  readonly kind: 'body';
  readonly index: number;
  /** Set for embedded body parameters: the key of the body object that is this argument. */
  readonly embedName?: string;
}

export interface InjectParamPlan {
  readonly kind: 'request' | 'reply';
  readonly index: number;
}

export type ParamPlan = FieldParamPlan | QueryModelPlan | BodyParamPlan | InjectParamPlan;

export interface BodyRoutePlan {
  readonly type: FieldType;
  readonly required: boolean;
  readonly embedded: boolean;
  readonly compiled: CompiledBody;
}

/** Everything about one route, compiled once; routes, requests and OpenAPI all read it. */
export interface RoutePlan {
  readonly id: string;
  readonly controller: Constructor;
  readonly handlerName: string;
  readonly methods: readonly HttpMethod[];
  readonly path: PathDef;
  readonly tags: readonly string[];
  readonly options: RouteOptions;
  readonly def: RouteDef;
  readonly statusCode: number;
  readonly deprecated: boolean;
  readonly includeInSchema: boolean;
  readonly operationId: string;
  readonly summary: string;
  readonly params: readonly ParamPlan[];
  readonly argCount: number;
  /** Path, query, header and cookie parameters in FastAPI's order, query models flattened. */
  readonly fields: readonly FieldParamPlan[];
  readonly body?: BodyRoutePlan;
  readonly response?: { readonly type: FieldType; readonly compiled: CompiledResponseModel };
}

/** FastAPI reads (and reports) parameters by source in this order, whatever the handler's order. */
export const SOURCE_ORDER: readonly ParamSource[] = ['path', 'query', 'header', 'cookie'];
const NO_BODY_METHODS: ReadonlySet<HttpMethod> = new Set(['GET', 'HEAD']);

/** FastAPI's default operation id: `{handler}{path}_{method}` with non-word characters as `_`. */
export function defaultOperationId(handlerName: string, path: string, method: HttpMethod): string {
  return `${handlerName}${path}`.replace(/\W/g, '_') + `_${method.toLowerCase()}`;
}

/** Compiles one RouteDef; problems are reported to `problems` and compilation goes on. */
export function buildRoutePlan(def: RouteDef, problems: DefinitionProblems): RoutePlan | undefined {
  const { controller, route } = def;
  const id = `${controller.name}.${route.handlerName}`;
  const before = problems.size;
  if (typeof controller.prototype[route.handlerName] !== 'function') {
    problems.add({ where: id, problem: 'the route decorator is not on a method', fix: 'put @Get/@Post/… on a method of the controller' });
    return undefined;
  }
  const path = parsePath(def.path);
  const metas = readParams(controller, route.handlerName);
  const designTypes = readParamTypes(controller.prototype, route.handlerName) ?? [];
  const argCount = Math.max(metas.length, designTypes.length, controller.prototype[route.handlerName].length);
  const params: ParamPlan[] = [];
  const bodyParams: { index: number; meta: ParamMeta; type: FieldType | undefined }[] = [];
  for (let index = 0; index < argCount; index++) {
    const meta = metas[index];
    const where = `${index} (${meta?.name ?? 'unnamed'})`;
    if (!meta) {
      problems.add({
        where: id,
        parameter: `${index}`,
        problem: 'it has no parameter decorator, so tsapi does not know where its value comes from',
        fix: 'decorate it with @Path, @Query, @Header, @Cookie, @Body, @Req or @Res',
      });
      continue;
    }
    const designType = designTypes[index];
    switch (meta.kind) {
      case 'request':
      case 'reply':
        params.push({ kind: meta.kind, index });
        break;
      case 'body':
        bodyParams.push({ index, meta, type: resolveFieldType(meta.options, designType) });
        if (!bodyParams[bodyParams.length - 1].type) reportUnknownType(problems, id, where, meta, designType);
        break;
      case 'query':
      case 'path':
      case 'header':
      case 'cookie': {
        if (meta.kind === 'query' && meta.name === undefined) {
          const plan = buildQueryModel(index, meta, designType, problems, id);
          if (plan) params.push(plan);
          break;
        }
        const type = resolveFieldType(meta.options, designType);
        if (!type) {
          reportUnknownType(problems, id, where, meta, designType);
          break;
        }
        if (type.kind === 'model' || (type.kind === 'list' && type.items.kind === 'model')) {
          problems.add({
            where: id,
            parameter: where,
            problem: `a ${meta.kind} parameter cannot be a model`,
            fix: meta.kind === 'query' ? 'use @Query() without a name for a query model' : 'use a scalar type',
          });
          break;
        }
        params.push(buildFieldParam(index, meta.kind, meta.name!, meta.options, type));
        break;
      }
      default:
        problems.add({ where: id, parameter: where, problem: `@${meta.kind} parameters are not supported here`, fix: 'remove the decorator' });
    }
  }
  // Every @Path counts as read, also one whose type was refused above: one problem per mistake.
  const declaredPath = new Set(metas.flatMap((m) => (m?.kind === 'path' ? [wireNameOf('path', m.name!, m.options)] : [])));
  checkPathParams(id, path, declaredPath, problems);
  const method = route.methods[0];
  const operationId = route.options.operationId ?? defaultOperationId(route.handlerName, path.openapi, method);
  const body = buildBody(id, operationId, bodyParams, params, route.methods, problems);
  if (problems.size > before) return undefined;
  const fields = SOURCE_ORDER.flatMap((source) =>
    params.flatMap((p) => (p.kind === 'field' && p.source === source ? [p] : p.kind === 'query-model' && source === 'query' ? p.fields : [])),
  );
  return Object.freeze({
    id,
    controller,
    handlerName: route.handlerName,
    methods: route.methods,
    path,
    tags: def.tags,
    options: route.options,
    def,
    statusCode: route.options.statusCode ?? 200,
    deprecated: def.deprecated,
    includeInSchema: def.includeInSchema,
    operationId,
    summary: route.options.summary ?? toTitle(route.handlerName),
    params,
    argCount,
    fields,
    body,
    response: buildResponse(route.options),
  });
}

function reportUnknownType(problems: DefinitionProblems, id: string, where: string, meta: ParamMeta, designType: unknown): void {
  const decorator = `@${meta.kind[0].toUpperCase()}${meta.kind.slice(1)}`;
  problems.add({
    where: id,
    parameter: where,
    problem: `${describeDesignType(designType)}, so it cannot be validated`,
    fix: `say its type: ${decorator}(${meta.name ? `'${meta.name}', ` : ''}{ type: 'integer' | 'number' | 'string' | 'boolean' | 'date-time' | ['string'] | SomeDto })`,
  });
}

/** The name on the wire, as FastAPI's alias: errors and OpenAPI show it as written (headers are looked up lower-cased). */
function wireNameOf(source: ParamSource, name: string, options: ParamOptions): string {
  if (options.alias) return options.alias;
  if (source === 'header' && options.convertUnderscores !== false) return name.replace(/_/g, '-');
  return name;
}

function buildFieldParam(index: number, source: ParamSource, name: string, options: ParamOptions, type: FieldType): FieldParamPlan {
  const wireName = wireNameOf(source, name, options);
  const hasDefault = options.default !== undefined;
  const field: ParamFieldPlan = {
    loc: [source, wireName],
    type,
    required: source === 'path' || (options.required ?? !hasDefault),
    hasDefault,
    default: options.default,
  };
  return { kind: 'field', index, source, name, wireName, field, read: compileParamReader(field), options };
}

function buildQueryModel(index: number, meta: ParamMeta, designType: unknown, problems: DefinitionProblems, id: string): QueryModelPlan | undefined {
  const type = resolveFieldType(meta.options, designType);
  if (!type || type.kind !== 'model') {
    problems.add({
      where: id,
      parameter: `${index}`,
      problem: '@Query() without a name needs a class whose properties are the query parameters',
      fix: "name the parameter (@Query('q')) or type it with a class-validator DTO (@Query() filters: ItemFilters)",
    });
    return undefined;
  }
  const fields = type.model.fields.map((f: FieldDef) =>
    buildFieldParam(-1, 'query', f.name, { default: f.hasDefault ? f.default : undefined, required: f.required, description: f.description }, f.type),
  );
  return { kind: 'query-model', index, model: type.model, fields, hydrate: compileModelHydrator(type.model) };
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

function buildBody(
  id: string,
  operationId: string,
  bodyParams: { index: number; meta: ParamMeta; type: FieldType | undefined }[],
  params: ParamPlan[],
  methods: readonly HttpMethod[],
  problems: DefinitionProblems,
): BodyRoutePlan | undefined {
  if (bodyParams.length === 0) return undefined;
  const noBody = methods.filter((m) => NO_BODY_METHODS.has(m));
  if (noBody.length > 0) {
    problems.add({
      where: id,
      parameter: bodyParams.map(({ index, meta }) => `${index} (${meta.name ?? 'unnamed'})`).join(', '),
      problem: `${noBody.join(' and ')} requests carry no body, but a parameter is decorated with @Body`,
      fix: 'use @Post, @Put or @Patch for a route that reads a body, or read the values with @Query',
    });
    return undefined;
  }
  if (bodyParams.some((p) => !p.type)) return undefined;
  const embedded = bodyParams.length > 1 || bodyParams.some((p) => p.meta.options.embed === true);
  if (!embedded) {
    const [only] = bodyParams;
    params.push({ kind: 'body', index: only.index });
    const required = only.meta.options.required ?? only.meta.options.default === undefined;
    return { type: only.type!, required, embedded, compiled: compileBodyValidator({ type: only.type!, required }) };
  }
  const fields: FieldDef[] = bodyParams.map(({ index, meta, type }) => {
    const name = meta.name ?? `arg${index}`;
    const hasDefault = meta.options.default !== undefined;
    params.push({ kind: 'body', index, embedName: name });
    const required = meta.options.required ?? !hasDefault;
    return {
      name,
      title: toTitle(name),
      type: type!,
      required,
      nullable: !required && !hasDefault,
      hasDefault,
      default: meta.options.default,
      description: meta.options.description,
      extras: [],
    };
  });
  const model: ModelDef = { cls: Object as unknown as Constructor, name: `Body_${operationId}`, fields, needsTransformer: false };
  const type: FieldType = { kind: 'model', model };
  const required = fields.some((f) => f.required);
  return { type, required, embedded, compiled: compileBodyValidator({ type, required }) };
}

function buildResponse(options: RouteOptions): RoutePlan['response'] {
  const model = options.responseModel;
  if (!model) return undefined;
  const type: FieldType = Array.isArray(model)
    ? { kind: 'list', items: { kind: 'model', model: scanModel(model[0] as Constructor) }, constraints: {} }
    : { kind: 'model', model: scanModel(model as Constructor) };
  return {
    type,
    compiled: compileResponseModel(type, {
      excludeUnset: options.responseModelExcludeUnset ?? false,
      excludeNone: options.responseModelExcludeNone ?? false,
    }),
  };
}
