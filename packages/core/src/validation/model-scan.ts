import { getMetadataStorage, type ValidationArguments } from 'class-validator';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { readPropertyType } from '../metadata/design-types';
import type { Constructor } from '../metadata/records';
import type { ScalarType } from '../params/options';
import type { Constraints, ExtraCheck, FieldDef, FieldType, ModelDef } from './field-types';
import { toTitle } from './field-types';

interface CvMeta {
  type: string;
  name?: string;
  propertyName: string;
  constraints: unknown[];
  each: boolean;
  message?: string | ((args: ValidationArguments) => string);
  constraintCls?: new () => {
    validate(value: unknown, args: ValidationArguments): boolean | Promise<boolean>;
    defaultMessage?(args: ValidationArguments): string;
  };
}

const TYPE_NAMES: Readonly<Record<string, ScalarType>> = {
  isString: 'string',
  isNumber: 'number',
  isInt: 'integer',
  isBoolean: 'boolean',
  isDate: 'date-time',
};
/** Constraints whose meaning JSON Schema can say; they are checked by Fastify's validator. */
const SCHEMA_CONSTRAINTS = new Set([
  ...Object.keys(TYPE_NAMES),
  'isArray',
  'isObject',
  'isEnum',
  'isIn',
  'min',
  'max',
  'isPositive',
  'isNegative',
  'isLength',
  'minLength',
  'maxLength',
  'matches',
  'arrayMinSize',
  'arrayMaxSize',
]);
/** Constraints checked by class-validator per request but documented with a JSON Schema format. */
const FORMATS: Readonly<Record<string, string>> = {
  isEmail: 'email',
  // class-validator's own names (IS_UUID, IS_URL, IS_ISO8601), and older spellings.
  isUuid: 'uuid',
  isUUID: 'uuid',
  isUrl: 'uri',
  isURL: 'uri',
  isDateString: 'date-time',
  isIso8601: 'date-time',
  isISO8601: 'date-time',
};

const models = new WeakMap<Function, ModelDef>();

/** Whether class-validator or class-transformer know anything about `cls`. */
export function isModelClass(cls: unknown): cls is Constructor {
  return typeof cls === 'function' && readValidationMetas(cls).length > 0;
}

function readValidationMetas(cls: Function): CvMeta[] {
  return getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false) as unknown as CvMeta[];
}

/**
 * Scans a class-validator DTO into a ModelDef, once per class: field types, constraints,
 * defaults (read from one `new cls()`), nested models and the checks that need class-validator.
 */
export function scanModel(cls: Constructor): ModelDef {
  const known = models.get(cls);
  if (known) return known;
  const fields: FieldDef[] = [];
  const model: ModelDef = { cls, name: cls.name, fields, needsTransformer: usesTransformerFeatures(cls) };
  // Registered before the fields are scanned, so that a self-referencing model terminates.
  models.set(cls, model);
  const byProperty = new Map<string, CvMeta[]>();
  for (const meta of readValidationMetas(cls)) {
    const list = byProperty.get(meta.propertyName) ?? [];
    list.push(meta);
    byProperty.set(meta.propertyName, list);
  }
  const defaults = readDefaults(cls);
  for (const [property, metas] of byProperty) {
    fields.push(scanField(cls, property, metas, defaults));
  }
  return model;
}

function readDefaults(cls: Constructor): Record<string, unknown> {
  try {
    return { ...(new cls() as Record<string, unknown>) };
  } catch {
    return {};
  }
}

function usesTransformerFeatures(cls: Function): boolean {
  const storage = defaultMetadataStorage as unknown as {
    getExposedMetadatas(target: Function): { options?: { groups?: string[] } }[];
    _transformMetadatas: Map<Function, Map<string, unknown[]>>;
  };
  const exposesWithGroups = storage.getExposedMetadatas(cls).some((m) => (m.options?.groups?.length ?? 0) > 0);
  let target: Function | null = cls;
  while (target && target !== Function.prototype) {
    if ((storage._transformMetadatas.get(target)?.size ?? 0) > 0) return true;
    target = Object.getPrototypeOf(target);
  }
  return exposesWithGroups;
}

/**
 * Whether the field may be left out, and whether it may be `null`. `@IsOptional()` allows both.
 * `@ValidateIf(condition)` skips validation where its condition is false: its condition is asked,
 * once at start-up, about a missing value and about `null`. So the common
 * `@ValidateIf((_, value) => value !== undefined)` means "may be left out, never null", as
 * pydantic's `name: str = None`.
 */
function presenceOf(property: string, metas: CvMeta[]): { optional: boolean; nullable: boolean } {
  const conditional = metas.filter((m) => m.type === 'conditionalValidation');
  if (conditional.some((m) => m.name === 'isOptional')) return { optional: true, nullable: true };
  const skips = (value: unknown) =>
    conditional.some((m) => {
      const condition = m.constraints[0];
      if (typeof condition !== 'function') return false;
      try {
        return condition({ [property]: value }, value) === false;
      } catch {
        return false;
      }
    });
  return { optional: skips(undefined), nullable: skips(null) };
}

function scanField(cls: Constructor, property: string, metas: CvMeta[], defaults: Record<string, unknown>): FieldDef {
  const { optional, nullable } = presenceOf(property, metas);
  const own = metas.filter((m) => !m.each);
  const each = metas.filter((m) => m.each);
  const designType = readPropertyType(cls.prototype, property);
  const nested = findNestedClass(cls, property);
  const isList = designType === Array || own.some((m) => m.name === 'isArray');
  const type: FieldType = isList
    ? { kind: 'list', items: itemType(each, nested), constraints: constraintsOf(own) }
    : valueType(own, designType, nested);
  const value = defaults[property];
  return {
    name: property,
    title: toTitle(property),
    type,
    required: !optional && value === undefined,
    nullable,
    hasDefault: value !== undefined,
    default: value,
    extras: [...own, ...each].filter(isExtra).map((m) => toExtraCheck(cls, m)),
  };
}

function findNestedClass(cls: Function, property: string): Constructor | undefined {
  const typeMeta = (defaultMetadataStorage as unknown as {
    findTypeMetadata(target: Function, property: string): { typeFunction: () => unknown } | undefined;
  }).findTypeMetadata(cls, property);
  const target = typeMeta?.typeFunction();
  return typeof target === 'function' ? (target as Constructor) : undefined;
}

/** A class that says nothing to class-validator has no schema: reported at start-up, never documented as `{}`. */
function unmappedClass(cls: unknown): FieldType | undefined {
  if (typeof cls !== 'function' || cls === Object || cls === Array || isModelClass(cls)) return undefined;
  return { kind: 'any', unmapped: cls.name || 'an anonymous class' };
}

function itemType(each: CvMeta[], nested: Constructor | undefined): FieldType {
  if (nested && nested !== Date) return unmappedClass(nested) ?? { kind: 'model', model: scanModel(nested) };
  const scalar = scalarOf(each) ?? (nested === Date ? 'date-time' : undefined);
  return scalar ? { kind: 'scalar', scalar, constraints: constraintsOf(each) } : { kind: 'any' };
}

function valueType(own: CvMeta[], designType: unknown, nested: Constructor | undefined): FieldType {
  const scalar = scalarOf(own) ?? scalarOfDesignType(designType) ?? (nested === Date ? 'date-time' : undefined);
  if (scalar) return { kind: 'scalar', scalar, constraints: constraintsOf(own) };
  const modelClass = nested ?? (isModelClass(designType) ? designType : undefined);
  if (modelClass) return unmappedClass(modelClass) ?? { kind: 'model', model: scanModel(modelClass) };
  return unmappedClass(designType) ?? { kind: 'any' };
}

function scalarOf(metas: CvMeta[]): ScalarType | undefined {
  for (const m of metas) {
    const scalar = m.name ? TYPE_NAMES[m.name] : undefined;
    if (scalar) return scalar;
    if (m.name === 'isEnum' || m.name === 'isIn') {
      const values = enumValues(m);
      return values.every((v) => typeof v === 'number') ? (values.every(Number.isInteger) ? 'integer' : 'number') : 'string';
    }
    if (m.name && FORMATS[m.name]) return 'string';
  }
  return undefined;
}

function scalarOfDesignType(designType: unknown): ScalarType | undefined {
  if (designType === String) return 'string';
  if (designType === Number) return 'number';
  if (designType === Boolean) return 'boolean';
  if (designType === Date) return 'date-time';
  return undefined;
}

function enumValues(m: CvMeta): (string | number)[] {
  if (m.name === 'isIn') return [...(m.constraints[0] as (string | number)[])];
  // IsEnum records [entity, validValues]; numeric TS enums have reverse-mapped keys to skip.
  const entity = m.constraints[0] as Record<string, string | number>;
  return Object.keys(entity)
    .filter((key) => typeof entity[entity[key] as string] !== 'number')
    .map((key) => entity[key]);
}

function constraintsOf(metas: CvMeta[]): Constraints {
  const c: { -readonly [K in keyof Constraints]: Constraints[K] } = {};
  for (const m of metas) {
    const [first, second] = m.constraints ?? [];
    switch (m.name) {
      case 'min': c.ge = first as number; break;
      case 'max': c.le = first as number; break;
      case 'isPositive': c.gt = 0; break;
      case 'isNegative': c.lt = 0; break;
      case 'isLength':
        if (typeof first === 'number') c.minLength = first;
        if (typeof second === 'number') c.maxLength = second;
        break;
      case 'minLength': c.minLength = first as number; break;
      case 'maxLength': c.maxLength = first as number; break;
      case 'matches':
        c.pattern = first instanceof RegExp ? first.source : String(first);
        break;
      case 'arrayMinSize': c.minItems = first as number; break;
      case 'arrayMaxSize': c.maxItems = first as number; break;
      case 'isEnum':
      case 'isIn':
        c.enum = enumValues(m);
        break;
      default:
        if (m.name && FORMATS[m.name]) c.format = FORMATS[m.name];
    }
  }
  return c;
}

function isExtra(m: CvMeta): boolean {
  if (m.type !== 'customValidation' && m.type !== 'isDefined') return false;
  return !(m.name && SCHEMA_CONSTRAINTS.has(m.name)) && m.constraintCls !== undefined;
}

function toExtraCheck(cls: Constructor, m: CvMeta): ExtraCheck {
  const validator = new m.constraintCls!();
  const args = (value: unknown, object: unknown): ValidationArguments => ({
    value,
    constraints: m.constraints,
    targetName: cls.name,
    object: object as object,
    property: m.propertyName,
  });
  return {
    name: m.name ?? 'customValidation',
    each: m.each,
    validate: (value, object) => validator.validate(value, args(value, object)) === true,
    message: (value, object) => {
      const a = args(value, object);
      const template =
        typeof m.message === 'function' ? m.message(a) : (m.message ?? validator.defaultMessage?.(a) ?? `${m.propertyName} is invalid`);
      return replaceTokens(template, a);
    },
  };
}

/** class-validator's message tokens: $property, $value, $target, $constraint1… */
function replaceTokens(template: string, a: ValidationArguments): string {
  let text = template
    .replace(/\$property/g, a.property)
    .replace(/\$target/g, a.targetName)
    .replace(/\$value/g, String(a.value));
  a.constraints?.forEach((constraint, i) => {
    text = text.replace(new RegExp(`\\$constraint${i + 1}`, 'g'), String(constraint));
  });
  return text;
}
