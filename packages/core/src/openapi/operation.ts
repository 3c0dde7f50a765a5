import { STATUS_CODES } from 'node:http';
import { operationIdOf, type RoutePlan } from '../compiler/route-plan';
import type { HttpMethod } from '../params/options';
import { JSONResponse } from '../responses/response';
import type { JsonSchema } from '../validation/schema-forms';
import { describedSchema, toParameter } from './parameters';
import type { FieldParamPlan, FileParamPlan } from '../compiler/param-plans';
import type { DependantPlan } from '../compiler/dependant';
import { securitySchemeOf } from '../di/dependency-like';
import type { SchemaRegistry } from './schema-registry';
import type { FieldType } from '../validation/field-types';
import { scanModel } from '../validation/model-scan';
import type { Constructor } from '../metadata/records';

const NO_BODY_STATUSES: ReadonlySet<number> = new Set([204, 304]);
const VALIDATION_RESPONSE = {
  description: 'Validation Error',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/HTTPValidationError' } } },
};

/** FastAPI's title for a response schema that is not a model: `Response_{operationId}`, title-cased as pydantic does. */
function responseTitle(operationId: string): string {
  return `Response_${operationId}`
    .split('_')
    .map((word) => (word ? word[0].toUpperCase() + word.slice(1).toLowerCase() : word))
    .join(' ');
}

/** The media type the route answers with by default: `responseClass`'s, JSON otherwise. */
function mediaTypeOf(plan: RoutePlan): string | undefined {
  const ResponseClass = plan.options.responseClass as { defaultMediaType?: string } | undefined;
  if (ResponseClass === undefined) return 'application/json';
  return ResponseClass.defaultMediaType?.split(';')[0].trim();
}

function successResponse(plan: RoutePlan, operationId: string, registry: SchemaRegistry): JsonSchema {
  const response: JsonSchema = { description: 'Successful Response' };
  const mediaType = mediaTypeOf(plan);
  if (mediaType === undefined || NO_BODY_STATUSES.has(plan.statusCode)) return response;
  const isJson = plan.options.responseClass === undefined || (plan.options.responseClass as unknown) === JSONResponse;
  let schema: JsonSchema = { type: 'string' };
  if (isJson) schema = plan.response ? modelSchema(plan.response.type, operationId, registry) : {};
  response.content = { [mediaType]: { schema } };
  return response;
}

function modelSchema(type: FieldType, operationId: string, registry: SchemaRegistry): JsonSchema {
  const schema = registry.schemaOf(type);
  return type.kind === 'model' ? schema : { ...schema, title: responseTitle(operationId) };
}

function extraResponses(plan: RoutePlan, registry: SchemaRegistry): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  const mediaType = mediaTypeOf(plan) ?? 'application/json';
  for (const [status, doc] of Object.entries(plan.options.responses ?? {})) {
    const key = status.toUpperCase() === 'DEFAULT' ? 'default' : status.toUpperCase();
    const response: JsonSchema = { description: doc.description ?? STATUS_CODES[Number(status)] ?? 'Additional Response' };
    if (doc.model !== undefined) {
      const type: FieldType = Array.isArray(doc.model)
        ? { kind: 'list', items: { kind: 'model', model: scanModel(doc.model[0] as Constructor) }, constraints: {} }
        : { kind: 'model', model: scanModel(doc.model as Constructor) };
      response.content = { [mediaType]: { schema: registry.schemaOf(type) } };
    }
    out[key] = response;
  }
  return out;
}

/** A form field inside its `Body_…` schema, as pydantic writes a model field. */
function formFieldSchema(field: FieldParamPlan, registry: SchemaRegistry): JsonSchema {
  const { required, hasDefault } = field.field;
  const schema = describedSchema(registry.schemaOf(field.field.type), field.wireName, field.options, !required && !hasDefault);
  if (hasDefault && field.field.default !== null) schema.default = field.field.default;
  return schema;
}

/**
 * The security schemes the route's dependencies use, each once and in resolution order, as
 * FastAPI's `security` list; each scheme is also registered under `components.securitySchemes`.
 */
function securityRequirements(handler: DependantPlan, registry: SchemaRegistry): JsonSchema[] {
  // As FastAPI's current release: one requirement per scheme, the scopes of all its uses merged in resolution order.
  const scopesByScheme = new Map<string, string[]>();
  const visit = (dependant: DependantPlan): void => {
    for (const use of dependant.dependencies) {
      const scheme = securitySchemeOf(use.dependency);
      if (scheme) {
        registry.addSecurityScheme(scheme.name, scheme.model);
        const scopes = scopesByScheme.get(scheme.name) ?? [];
        if (scheme.usesScopes) for (const scope of use.plan.securityScopes.scopes) if (!scopes.includes(scope)) scopes.push(scope);
        scopesByScheme.set(scheme.name, scopes);
      }
      visit(use.plan);
    }
  };
  visit(handler);
  return [...scopesByScheme].map(([name, scopes]) => ({ [name]: scopes }));
}

/** An uploaded file, as FastAPI documents `UploadFile`: a binary string. */
function fileSchema(file: FileParamPlan): JsonSchema {
  const binary = { type: 'string', format: 'binary' };
  return describedSchema(file.list ? { type: 'array', items: binary } : binary, file.wireName, file.options, !file.required);
}

/** One OpenAPI Operation Object for one method of a route, FastAPI's way. */
export function toOperation(plan: RoutePlan, method: HttpMethod, registry: SchemaRegistry): JsonSchema {
  const operationId = operationIdOf(plan, method);
  const operation: JsonSchema = {};
  if (plan.tags.length > 0) operation.tags = [...plan.tags];
  operation.summary = plan.summary;
  if (plan.options.description !== undefined) operation.description = plan.options.description;
  operation.operationId = operationId;
  if (plan.deprecated) operation.deprecated = true;
  const fields = plan.fields.filter((f) => f.options.includeInSchema !== false);
  if (fields.length > 0) operation.parameters = fields.map((f) => toParameter(f, registry));
  if (plan.form.length > 0 || plan.files.length > 0) {
    const required = [...plan.form.filter((f) => f.field.required).map((f) => f.wireName), ...plan.files.filter((f) => f.required).map((f) => f.wireName)];
    const properties = Object.fromEntries([
      ...plan.form.map((f) => [f.wireName, formFieldSchema(f, registry)]),
      ...plan.files.map((f) => [f.wireName, fileSchema(f)]),
    ]);
    registry.add(`Body_${operationId}`, { properties, type: 'object', ...(required.length ? { required } : {}), title: `Body_${operationId}` });
    // Files need multipart; plain fields are documented as FastAPI does, urlencoded.
    const mediaType = plan.files.length > 0 ? 'multipart/form-data' : 'application/x-www-form-urlencoded';
    const body: JsonSchema = { content: { [mediaType]: { schema: { $ref: `#/components/schemas/Body_${operationId}` } } } };
    if (required.length > 0) body.required = true;
    operation.requestBody = body;
  }
  if (plan.body) {
    const body: JsonSchema = { content: { 'application/json': { schema: registry.schemaOf(plan.body.type) } } };
    if (plan.body.required) body.required = true;
    operation.requestBody = body;
  }
  const responses: Record<string, JsonSchema> = { [String(plan.statusCode)]: successResponse(plan, operationId, registry) };
  for (const [status, response] of Object.entries(extraResponses(plan, registry))) {
    responses[status] = { ...responses[status], ...response };
  }
  // Parameters hidden from the document (a security scheme's Authorization header) do not make a 422 documented.
  const hasInputs = fields.length > 0 || plan.body !== undefined || plan.form.length > 0 || plan.files.length > 0;
  if (hasInputs && !['422', '4XX', 'default'].some((key) => key in responses)) responses['422'] = VALIDATION_RESPONSE;
  operation.responses = responses;
  const security = securityRequirements(plan.handler, registry);
  if (security.length > 0) operation.security = security;
  return operation;
}
