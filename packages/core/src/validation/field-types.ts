import type { Constructor } from '../metadata/records';
import type { ScalarType } from '../params/options';

/** Constraints a value must meet once it has its type; each has a JSON Schema keyword. */
export interface Constraints {
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly ge?: number;
  readonly gt?: number;
  readonly le?: number;
  readonly lt?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly enum?: readonly (string | number)[];
  /** Documentation only (`email`, `uuid`, `uri`); checked by the constraint that declared it. */
  readonly format?: string;
}

/** The type of a field or parameter, as plain data that every schema form is derived from. */
export type FieldType =
  | { readonly kind: 'scalar'; readonly scalar: ScalarType; readonly constraints: Constraints }
  | { readonly kind: 'list'; readonly items: FieldType; readonly constraints: Constraints }
  | { readonly kind: 'model'; readonly model: ModelDef }
  | { readonly kind: 'any'; readonly unmapped?: string };

/** A constraint with no JSON Schema form, run per request through its class-validator validator. */
export interface ExtraCheck {
  /** The class-validator constraint name, e.g. `isEmail`; it is the error `type`. */
  readonly name: string;
  readonly each: boolean;
  readonly validate: (value: unknown, object: unknown) => boolean;
  readonly message: (value: unknown, object: unknown) => string;
}

export interface FieldDef {
  readonly name: string;
  readonly title: string;
  readonly type: FieldType;
  readonly required: boolean;
  /** `null` is accepted (optional fields, as pydantic's `Optional[T] = None`). */
  readonly nullable: boolean;
  readonly hasDefault: boolean;
  readonly default: unknown;
  readonly description?: string;
  readonly extras: readonly ExtraCheck[];
}

/** A DTO class, scanned once. */
export interface ModelDef {
  readonly cls: Constructor;
  readonly name: string;
  readonly fields: readonly FieldDef[];
  /** Set when the class needs class-transformer itself (`@Transform`, `@Expose` with groups). */
  readonly needsTransformer: boolean;
}

export function scalarType(scalar: ScalarType, constraints: Constraints = {}): FieldType {
  return { kind: 'scalar', scalar, constraints };
}

/** `itemId` → `Item Id`, `created_at` → `Created At`: FastAPI-style titles. */
export function toTitle(name: string): string {
  return name
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(' ')
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(' ');
}
