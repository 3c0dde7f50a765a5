import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** The official OpenAPI 3.1 JSON Schema, as shipped by @seriousme/openapi-schema-validator. */
const SCHEMA_FILE = join(dirname(require.resolve('@seriousme/openapi-schema-validator/package.json')), 'schemas', 'v3.1', 'schema.json');

let validate: ReturnType<Ajv2020['compile']> | undefined;

function compiled(): ReturnType<Ajv2020['compile']> {
  if (!validate) {
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(ajv);
    // The schema names media ranges (`application/*`) in content keys; any string key is accepted here.
    ajv.addFormat('media-range', true);
    validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));
  }
  return validate;
}

function danglingRefs(document: unknown): string[] {
  const missing: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') {
          let target: unknown = document;
          for (const part of value.replace(/^#\//, '').split('/')) target = (target as Record<string, unknown> | undefined)?.[part];
          if (target === undefined) missing.push(value);
        } else visit(value);
      }
    }
  };
  visit(document);
  return missing;
}

/**
 * The problems of a document against the official OpenAPI 3.1 schema, plus every `$ref` that
 * points nowhere; an empty list means valid.
 */
export function openapiProblems(document: unknown): string[] {
  const check = compiled();
  const problems = check(document) ? [] : (check.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
  return [...problems, ...danglingRefs(document).map((ref) => `dangling $ref ${ref}`)];
}
