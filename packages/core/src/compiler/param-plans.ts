import type { DefinitionProblems } from '../errors/definition-error';
import type { InjectedKind } from '../di/injected-types';
import type { ParamMeta } from '../metadata/records';
import type { ParamOptions } from '../params/options';
import type { FieldDef, FieldType, ModelDef } from '../validation/field-types';
import { compileModelHydrator, type Hydrate } from '../validation/hydrator';
import { compileParamReader, type ParamFieldPlan, type ParamReader } from '../validation/param-reader';
import { describeDesignType, resolveFieldType } from './param-types';
import { checkFieldSchema } from './schema-check';

export type ParamSource = 'path' | 'query' | 'header' | 'cookie' | 'form';

/** FastAPI reads (and reports) parameters by source in this order, whatever the handler's order. */
export const SOURCE_ORDER: readonly ParamSource[] = ['path', 'query', 'header', 'cookie'];

/** Form fields are part of the body: read after the parameters, located under `body`. */
export const FORM_RANK = SOURCE_ORDER.length;

/** A path, query, header or cookie parameter, ready to be read. */
export interface FieldParamPlan {
  readonly kind: 'field';
  /** The argument it fills, or -1 inside a query model. */
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

/** A parameter filled by type: `SecurityScopes` (and the other per-request objects). */
export interface InjectedParamPlan {
  readonly kind: 'injected';
  readonly index: number;
  readonly injected: InjectedKind;
}

/** A `@File` parameter: one `UploadFile`, or all of them under the name. */
export interface FileParamPlan {
  readonly kind: 'file';
  readonly index: number;
  readonly name: string;
  readonly wireName: string;
  readonly list: boolean;
  readonly required: boolean;
  readonly options: ParamOptions;
}

export type ParamPlan = FieldParamPlan | QueryModelPlan | BodyParamPlan | InjectParamPlan | InjectedParamPlan | FileParamPlan;

/** The name on the wire, as FastAPI's alias: errors and OpenAPI show it as written (headers are looked up lower-cased). */
export function wireNameOf(source: ParamSource, name: string, options: ParamOptions): string {
  if (options.alias) return options.alias;
  if (source === 'header' && options.convertUnderscores !== false) return name.replace(/_/g, '-');
  return name;
}

export function buildFieldParam(index: number, source: ParamSource, name: string, options: ParamOptions, type: FieldType): FieldParamPlan {
  const wireName = wireNameOf(source, name, options);
  const hasDefault = options.default !== undefined;
  const field: ParamFieldPlan = {
    loc: [source === 'form' ? 'body' : source, wireName],
    type,
    required: source === 'path' || (options.required ?? !hasDefault),
    hasDefault,
    default: options.default,
  };
  return { kind: 'field', index, source, name, wireName, field, read: compileParamReader(field), options };
}

/** `@Query()` or `@Form()` on a class-typed parameter: each property of the class is a field of that source. */
export function buildQueryModel(index: number, meta: ParamMeta, designType: unknown, problems: DefinitionProblems, where: string, source: 'query' | 'form' = 'query'): QueryModelPlan | undefined {
  const type = resolveFieldType(meta.options, designType);
  const decorator = source === 'query' ? 'Query' : 'Form';
  if (!type || type.kind !== 'model') {
    problems.add({
      where,
      parameter: `${index}`,
      problem: `@${decorator}() without a name needs a class whose properties are the ${source === 'query' ? 'query parameters' : 'form fields'}`,
      fix: `name the parameter (@${decorator}('q')) or type it with a class-validator DTO (@${decorator}() filters: ItemFilters)`,
    });
    return undefined;
  }
  if (!checkFieldSchema(where, source === 'query' ? 'query model' : 'form model', type, problems, `${index}`)) return undefined;
  const fields = type.model.fields.map((f: FieldDef) =>
    buildFieldParam(-1, source, f.name, { default: f.hasDefault ? f.default : undefined, required: f.required, description: f.description }, f.type),
  );
  return { kind: 'query-model', index, model: type.model, fields, hydrate: compileModelHydrator(type.model) };
}

export function reportUnknownType(problems: DefinitionProblems, where: string, parameter: string, meta: ParamMeta, designType: unknown): void {
  const decorator = `@${meta.kind[0].toUpperCase()}${meta.kind.slice(1)}`;
  problems.add({
    where,
    parameter,
    problem: `${describeDesignType(designType)}, so it cannot be validated`,
    fix: `say its type: ${decorator}(${meta.name ? `'${meta.name}', ` : ''}{ type: 'integer' | 'number' | 'string' | 'boolean' | 'date-time' | ['string'] | SomeDto })`,
  });
}

/** The path, query, header and cookie parameters of a list of plans, query models flattened (form fields apart). */
function allFieldsOf(params: readonly ParamPlan[]): FieldParamPlan[] {
  const fields: FieldParamPlan[] = [];
  for (const p of params) {
    if (p.kind === 'field') fields.push(p);
    else if (p.kind === 'query-model') fields.push(...p.fields);
  }
  return fields;
}

export function fieldsOf(params: readonly ParamPlan[]): FieldParamPlan[] {
  return allFieldsOf(params).filter((f) => f.source !== 'form');
}

export function formFieldsOf(params: readonly ParamPlan[]): FieldParamPlan[] {
  return allFieldsOf(params).filter((f) => f.source === 'form');
}

export function filesOf(params: readonly ParamPlan[]): FileParamPlan[] {
  return params.flatMap((p) => (p.kind === 'file' ? [p] : []));
}
