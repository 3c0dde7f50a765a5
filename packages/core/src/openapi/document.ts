import type { RoutePlan } from '../compiler/route-plan';
import type { JsonSchema } from '../validation/schema-forms';
import { toOperation } from './operation';
import { SchemaRegistry } from './schema-registry';
import { HTTP_VALIDATION_ERROR_SCHEMA, VALIDATION_ERROR_SCHEMA } from './validation-schemas';

export interface OpenAPITag {
  name: string;
  description?: string;
  externalDocs?: { url: string; description?: string };
}

export interface OpenAPIServer {
  url: string;
  description?: string;
}

/** What the document says about the app itself. */
export interface OpenAPIInfo {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
  readonly tags?: readonly OpenAPITag[];
  readonly servers?: readonly OpenAPIServer[];
}

/** An OpenAPI 3.1 document, as plain JSON data. */
export type OpenAPIDocument = JsonSchema & { openapi: '3.1.0'; info: JsonSchema; paths: Record<string, Record<string, JsonSchema>> };

/**
 * The OpenAPI 3.1 document of a set of route plans: a pure function of them, as FastAPI's
 * `get_openapi`. Routes with `includeInSchema: false` are left out; the validation-error schemas
 * appear when some operation can answer 422.
 */
export function buildOpenAPIDocument(plans: readonly RoutePlan[], info: OpenAPIInfo): OpenAPIDocument {
  const registry = new SchemaRegistry();
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const plan of plans) {
    if (!plan.includeInSchema) continue;
    const item = (paths[plan.path.openapi] ??= {});
    for (const method of plan.methods) item[method.toLowerCase()] = toOperation(plan, method, registry);
  }
  const usesValidation = Object.values(paths).some((item) => Object.values(item).some((op) => '422' in (op.responses as object)));
  if (usesValidation) {
    registry.add('ValidationError', VALIDATION_ERROR_SCHEMA);
    registry.add('HTTPValidationError', HTTP_VALIDATION_ERROR_SCHEMA);
  }
  const document: OpenAPIDocument = {
    openapi: '3.1.0',
    info: { title: info.title, ...(info.description !== undefined ? { description: info.description } : {}), version: info.version },
    ...(info.servers?.length ? { servers: info.servers.map((s) => ({ ...s })) } : {}),
    paths,
  };
  const securitySchemes = registry.securitySchemes();
  if (!registry.isEmpty || securitySchemes) {
    document.components = { ...(registry.isEmpty ? {} : { schemas: registry.schemas() }), ...(securitySchemes ? { securitySchemes } : {}) };
  }
  if (info.tags?.length) document.tags = info.tags.map((t) => ({ ...t }));
  return document;
}
