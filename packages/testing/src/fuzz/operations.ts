import type { JsonSchema } from './json-schema';

export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';

export interface OperationParameter {
  readonly name: string;
  readonly in: ParameterLocation;
  readonly required: boolean;
  readonly schema: JsonSchema;
}

export interface OperationBody {
  readonly mediaType: string;
  readonly schema: JsonSchema;
  readonly required: boolean;
}

/** One operation of the document, as the fuzzer needs it. */
export interface Operation {
  readonly method: string;
  readonly path: string;
  readonly id: string;
  readonly parameters: readonly OperationParameter[];
  readonly body: OperationBody | undefined;
  /** Documented JSON schemas by status code (`default` too). */
  readonly responses: ReadonlyMap<string, JsonSchema | undefined>;
}

interface RawOperation {
  operationId?: string;
  parameters?: { name: string; in: ParameterLocation; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'];
const BODY_TYPES = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'];

function bodyOf(raw: RawOperation['requestBody']): OperationBody | undefined {
  const content = raw?.content;
  if (content === undefined) return undefined;
  const mediaType = BODY_TYPES.find((type) => content[type] !== undefined);
  if (mediaType === undefined) return undefined;
  return { mediaType, schema: content[mediaType].schema ?? {}, required: raw?.required ?? false };
}

function responsesOf(raw: RawOperation['responses']): Map<string, JsonSchema | undefined> {
  const responses = new Map<string, JsonSchema | undefined>();
  for (const [code, response] of Object.entries(raw ?? {}))
    responses.set(code, response.content?.['application/json']?.schema);
  return responses;
}

/** Every operation of an OpenAPI 3.x document. */
export function operationsOf(document: { paths?: Record<string, Record<string, unknown>> }): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const raw = item[method] as RawOperation | undefined;
      if (raw === undefined) continue;
      operations.push({
        method: method.toUpperCase(),
        path,
        id: raw.operationId ?? `${method.toUpperCase()} ${path}`,
        parameters: (raw.parameters ?? []).map((p) => ({
          name: p.name,
          in: p.in,
          required: p.required ?? p.in === 'path',
          schema: p.schema ?? {},
        })),
        body: bodyOf(raw.requestBody),
        responses: responsesOf(raw.responses),
      });
    }
  }
  return operations;
}
