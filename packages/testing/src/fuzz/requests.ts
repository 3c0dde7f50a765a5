import fc from 'fast-check';
import type { RequestOptions, UploadSpec } from '../test-client';
import { type JsonSchema, SchemaResolver, typesOf } from './json-schema';
import type { Operation, OperationParameter } from './operations';
import { validValue } from './valid-values';
import { type Violation, violations } from './invalid-values';

/** One generated request, and whether the document says the app must accept it. */
export interface FuzzRequest {
  readonly operation: string;
  readonly method: string;
  readonly path: string;
  readonly options: RequestOptions;
  /** `undefined` for a request the document allows; otherwise what makes it invalid. */
  readonly invalid: string | undefined;
}

type Values = Record<string, unknown>;

function isFile(schema: JsonSchema): boolean {
  return schema.format === 'binary' || schema.contentMediaType !== undefined;
}

/** How a value travels in a path, query, header or cookie: text, lists as repeated keys. */
function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function fileOf(seed: number): UploadSpec {
  return {
    filename: `upload-${seed}.bin`,
    content: Buffer.from(`generated content ${seed}`),
    contentType: 'application/octet-stream',
  };
}

/** Turns generated values into the options TestClient sends. */
class RequestAssembler {
  constructor(private readonly operation: Operation) {}

  build(params: Values, body: unknown, bodyText: string | undefined, invalid: string | undefined): FuzzRequest {
    const { operation } = this;
    let path = operation.path;
    const query: Record<string, string | string[]> = {};
    const headers: Record<string, string> = {};
    const cookies: Record<string, string> = {};
    for (const p of operation.parameters) {
      const value = params[`${p.in}:${p.name}`];
      // `null` in a parameter's schema (FastAPI's Optional) means it may be left out.
      if (value === undefined || value === null) continue;
      if (p.in === 'path') path = path.replace(`{${p.name}}`, encodeURIComponent(asText(value)));
      else if (p.in === 'query') query[p.name] = Array.isArray(value) ? value.map(asText) : asText(value);
      else if (p.in === 'header') headers[p.name.toLowerCase()] = asText(value).replace(/[^\t\x20-\x7e]/g, '?');
      else cookies[p.name] = encodeURIComponent(asText(value));
    }
    const options: RequestOptions = { query, headers, cookies, ...this.#body(body, bodyText, headers) };
    return { operation: operation.id, method: operation.method, path, options, invalid };
  }

  #body(body: unknown, bodyText: string | undefined, headers: Record<string, string>): RequestOptions {
    const spec = this.operation.body;
    if (spec === undefined) return {};
    if (bodyText !== undefined) {
      headers['content-type'] = spec.mediaType;
      return { body: bodyText };
    }
    if (body === undefined) return {};
    if (spec.mediaType === 'application/json') return { json: body };
    const fields: Record<string, string | string[]> = {};
    const files: Record<string, UploadSpec | UploadSpec[]> = {};
    for (const [name, value] of Object.entries((body ?? {}) as Values)) {
      if (value === undefined || value === null) continue;
      if (value instanceof FileMarker) files[name] = fileOf(value.seed);
      else if (Array.isArray(value) && value.every((v) => v instanceof FileMarker))
        files[name] = value.map((v: FileMarker) => fileOf(v.seed));
      else fields[name] = Array.isArray(value) ? value.map(asText) : asText(value);
    }
    if (spec.mediaType === 'multipart/form-data')
      return Object.keys(files).length > 0 ? { form: fields, files } : { form: fields, files: {} };
    return { form: fields };
  }
}

/** Stands for a file in a generated form; the assembler turns it into an upload. */
class FileMarker {
  constructor(readonly seed: number) {}
}

/** Generates the values of one operation's requests from its documented schemas. */
export class OperationFuzzer {
  readonly #assembler: RequestAssembler;

  constructor(
    private readonly operation: Operation,
    private readonly resolver: SchemaResolver,
  ) {
    this.#assembler = new RequestAssembler(operation);
  }

  /** Requests the document allows. */
  valid(): fc.Arbitrary<FuzzRequest> {
    return fc
      .tuple(this.#params(), this.#validBody())
      .map(([params, body]) => this.#assembler.build(params, body, undefined, undefined));
  }

  /** Requests that break one documented rule each; `undefined` when the operation has no rule to break. */
  invalid(): fc.Arbitrary<FuzzRequest> | undefined {
    const cases = this.#invalidCases();
    if (cases.length === 0) return undefined;
    return fc.tuple(this.#params(), this.#validBody(), fc.constantFrom(...cases)).map(([params, body, broken]) => {
      const next = { ...params };
      let nextBody = body;
      let text: string | undefined;
      if (broken.kind === 'param') next[broken.key] = broken.value;
      else if (broken.kind === 'drop-param') delete next[broken.key];
      else if (broken.kind === 'body') nextBody = broken.value;
      else if (broken.kind === 'field') nextBody = { ...(body as Values), [broken.key]: broken.value };
      else if (broken.kind === 'drop-field') nextBody = { ...(body as Values), [broken.key]: undefined };
      else text = broken.value as string;
      return this.#assembler.build(next, nextBody, text, broken.why);
    });
  }

  #params(): fc.Arbitrary<Values> {
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    const required: string[] = [];
    for (const p of this.operation.parameters) {
      const key = `${p.in}:${p.name}`;
      model[key] = this.#paramValue(p);
      if (p.required) required.push(key);
    }
    return fc.record(model, { requiredKeys: required });
  }

  #paramValue(p: OperationParameter): fc.Arbitrary<unknown> {
    const schema = this.resolver.resolve(p.schema);
    // Path segments cannot be empty: an empty one is another URL.
    if (p.in === 'path' && typesOf(schema).includes('string'))
      return validValue({ ...schema, minLength: Math.max(1, schema.minLength ?? 1) }, this.resolver);
    return validValue(schema, this.resolver);
  }

  #validBody(): fc.Arbitrary<unknown> {
    const spec = this.operation.body;
    if (spec === undefined) return fc.constant(undefined);
    const schema = this.resolver.resolve(spec.schema);
    if (spec.mediaType === 'application/json')
      return spec.required
        ? validValue(schema, this.resolver)
        : fc.option(validValue(schema, this.resolver), { nil: undefined });
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [name, raw] of Object.entries(schema.properties ?? {})) {
      const field = this.resolver.resolve(raw);
      if (isFile(field)) model[name] = fc.nat().map((seed) => new FileMarker(seed));
      else if (typesOf(field).includes('array') && isFile(this.resolver.resolve(field.items)))
        model[name] = fc.array(
          fc.nat().map((seed) => new FileMarker(seed)),
          { minLength: 1, maxLength: 3 },
        );
      else model[name] = validValue(field, this.resolver);
    }
    return fc.record(model, { requiredKeys: (schema.required ?? []).filter((name) => name in model) });
  }

  #invalidCases(): Broken[] {
    const cases: Broken[] = [];
    for (const p of this.operation.parameters) {
      const key = `${p.in}:${p.name}`;
      for (const v of violations(p.schema, this.resolver, false))
        cases.push({ kind: 'param', key, value: v.value, why: `${p.in} parameter "${p.name}": ${v.why}` });
      if (p.required && p.in !== 'path')
        cases.push({
          kind: 'drop-param',
          key,
          value: undefined,
          why: `required ${p.in} parameter "${p.name}" missing`,
        });
    }
    const spec = this.operation.body;
    if (spec === undefined) return cases;
    const schema = this.resolver.resolve(spec.schema);
    const json = spec.mediaType === 'application/json';
    if (json) {
      cases.push({ kind: 'text', key: '', value: '{"unterminated": ', why: 'a body that is not JSON' });
      for (const v of violations(schema, this.resolver, true))
        cases.push({ kind: 'body', key: '', value: v.value, why: `body: ${v.why}` });
    }
    if (typesOf(schema).includes('object') || schema.properties !== undefined) {
      for (const [name, raw] of Object.entries(schema.properties ?? {})) {
        if (isFile(this.resolver.resolve(raw))) continue;
        for (const v of violations(raw, this.resolver, json) as Violation[])
          cases.push({ kind: 'field', key: name, value: v.value, why: `body field "${name}": ${v.why}` });
      }
      for (const name of schema.required ?? [])
        cases.push({ kind: 'drop-field', key: name, value: undefined, why: `required body field "${name}" missing` });
    }
    return cases;
  }
}

interface Broken {
  readonly kind: 'param' | 'drop-param' | 'body' | 'field' | 'drop-field' | 'text';
  readonly key: string;
  readonly value: unknown;
  readonly why: string;
}
