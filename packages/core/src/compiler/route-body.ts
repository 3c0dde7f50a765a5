import type { DefinitionProblems } from '../errors/definition-error';
import type { Constructor } from '../metadata/records';
import type { HttpMethod } from '../params/options';
import { compileBodyValidator, type CompiledBody } from '../validation/body-validator';
import { toTitle, type FieldDef, type FieldType, type ModelDef } from '../validation/field-types';
import type { BodyParamDraft } from './dependant';
import { checkFieldSchema } from './schema-check';

export interface BodyRoutePlan {
  readonly type: FieldType;
  readonly required: boolean;
  readonly embedded: boolean;
  readonly compiled: CompiledBody;
}

const NO_BODY_METHODS: ReadonlySet<HttpMethod> = new Set(['GET', 'HEAD']);

/**
 * The route's body from every `@Body` of the handler and its dependencies, as FastAPI's flat
 * dependant: one unnamed body parameter is the whole body; several, or `embed: true`, make it
 * `{ name: value, … }`. Each draft's plan receives the argument it reads.
 */
export function buildBody(
  id: string,
  operationId: string,
  drafts: readonly BodyParamDraft[],
  methods: readonly HttpMethod[],
  problems: DefinitionProblems,
): BodyRoutePlan | undefined {
  if (drafts.length === 0) return undefined;
  const noBody = methods.filter((m) => NO_BODY_METHODS.has(m));
  if (noBody.length > 0) {
    problems.add({
      where: id,
      parameter: drafts.map((d) => (d.where === id ? d.parameter : `${d.parameter} of ${d.where}`)).join(', '),
      problem: `${noBody.join(' and ')} requests carry no body, but a parameter is decorated with @Body`,
      fix: 'use @Post, @Put or @Patch for a route that reads a body, or read the values with @Query',
    });
    return undefined;
  }
  if (drafts.some((d) => !d.type)) return undefined;
  const embedded = drafts.length > 1 || drafts.some((d) => d.meta.options.embed === true);
  if (!embedded) {
    const [first] = drafts;
    for (const draft of drafts) draft.into.push({ kind: 'body', index: draft.index });
    const required = first.meta.options.required ?? first.meta.options.default === undefined;
    return compiledBody(id, first.type!, required, embedded, problems);
  }
  const fields = new Map<string, FieldDef>();
  for (const { into, index, meta, type } of drafts) {
    const name = meta.name ?? `arg${index}`;
    into.push({ kind: 'body', index, embedName: name });
    if (fields.has(name)) continue;
    const hasDefault = meta.options.default !== undefined;
    const required = meta.options.required ?? !hasDefault;
    fields.set(name, {
      name,
      title: toTitle(name),
      type: type!,
      required,
      nullable: !required && !hasDefault,
      hasDefault,
      default: meta.options.default,
      description: meta.options.description,
      extras: [],
    });
  }
  const model: ModelDef = { cls: Object as unknown as Constructor, name: `Body_${operationId}`, fields: [...fields.values()], needsTransformer: false };
  const type: FieldType = { kind: 'model', model };
  const required = [...fields.values()].some((f) => f.required);
  return compiledBody(id, type, required, embedded, problems);
}

/** The body's validator, compiled only once its schema is known to be sound. */
function compiledBody(id: string, type: FieldType, required: boolean, embedded: boolean, problems: DefinitionProblems): BodyRoutePlan | undefined {
  if (!checkFieldSchema(id, 'body', type, problems)) return undefined;
  return { type, required, embedded, compiled: compileBodyValidator({ type, required }) };
}
