import type { FieldType, ModelDef } from '../validation/field-types';
import { toPublicModelSchema, toPublicSchema, type JsonSchema } from '../validation/schema-forms';

/**
 * The `components/schemas` of one document: one entry per model met, named after its class.
 * Two different classes with one name get `Name`, `Name2`…, so that neither hides the other.
 */
export class SchemaRegistry {
  readonly #names = new Map<ModelDef, string>();
  readonly #taken = new Set<string>();
  readonly #schemas: Record<string, JsonSchema> = {};
  readonly #securitySchemes: Record<string, JsonSchema> = {};

  /** The documented schema of a type, registering every model it reaches. */
  schemaOf(type: FieldType): JsonSchema {
    return toPublicSchema(type, (model) => this.#refOf(model));
  }

  get isEmpty(): boolean {
    return this.#taken.size === 0;
  }

  /** The collected schemas, sorted by name as FastAPI lists them. */
  schemas(): Record<string, JsonSchema> {
    return Object.fromEntries(Object.keys(this.#schemas).sort().map((name) => [name, this.#schemas[name]]));
  }

  addSecurityScheme(name: string, model: JsonSchema): void {
    this.#securitySchemes[name] ??= { ...model };
  }

  securitySchemes(): Record<string, JsonSchema> | undefined {
    return Object.keys(this.#securitySchemes).length > 0 ? { ...this.#securitySchemes } : undefined;
  }

  add(name: string, schema: JsonSchema): void {
    this.#taken.add(name);
    this.#schemas[name] = schema;
  }

  #refOf(model: ModelDef): string {
    return `#/components/schemas/${this.#nameOf(model)}`;
  }

  #nameOf(model: ModelDef): string {
    const known = this.#names.get(model);
    if (known !== undefined) return known;
    let name = model.name;
    for (let n = 2; this.#taken.has(name); n++) name = `${model.name}${n}`;
    this.#names.set(model, name);
    this.#taken.add(name);
    // Named before its fields are walked, so that a model that refers to itself terminates.
    this.#schemas[name] = { ...toPublicModelSchema(model, (m) => this.#refOf(m)), title: name };
    return name;
  }
}
