import { toPublicSchema, type JsonSchema } from '../validation/schema-forms';
import type { ParamSource, RoutePlan } from './route-plan';
import { oncePerKey } from '../once-per-key';

/** The Fastify route-schema part each parameter source is documented under. */
const FASTIFY_PART: Readonly<Record<ParamSource, 'params' | 'querystring' | 'headers' | undefined>> = {
  path: 'params',
  query: 'querystring',
  header: 'headers',
  cookie: undefined,
  form: undefined,
};

/**
 * The JSON Schemas of a route's path, query and header parameters, as Fastify's route schema
 * expects them (one object schema per part). Plugins that read route schemas see the
 * parameters; the values themselves are read by the compiled readers, which gather every
 * location's errors into one 422.
 */
export function toParamSchemas(plan: RoutePlan): { params?: JsonSchema; querystring?: JsonSchema; headers?: JsonSchema } {
  const parts: Partial<Record<'params' | 'querystring' | 'headers', { properties: JsonSchema; required: string[] }>> = {};
  for (const field of plan.fields) {
    const part = FASTIFY_PART[field.source];
    if (!part) continue;
    const target = (parts[part] ??= { properties: {}, required: [] });
    // Header names are case-insensitive; Fastify matches header schemas against lower-cased names.
    const name = field.source === 'header' ? field.wireName.toLowerCase() : field.wireName;
    target.properties[name] = toPublicSchema(field.field.type, (model) => model.name);
    if (field.field.required) target.required.push(name);
  }
  const out: { params?: JsonSchema; querystring?: JsonSchema; headers?: JsonSchema } = {};
  for (const [part, { properties, required }] of Object.entries(parts)) {
    out[part as keyof typeof out] = shared({ type: 'object', properties, ...(required.length ? { required } : {}) });
  }
  return out;
}

const partsByText = new Map<string, JsonSchema>();

/**
 * One object per distinct part for the whole process, as a hand-written Fastify app reuses one
 * `const` schema across routes: routes of one resource read the same parameters, and Fastify
 * keeps each route's schema for as long as the app lives.
 */
function shared(part: JsonSchema): JsonSchema {
  return oncePerKey(partsByText, JSON.stringify(part), () => part);
}
