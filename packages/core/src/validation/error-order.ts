import type { ValidationErrorItem } from '../errors/request-validation-error';
import type { FieldType, ModelDef } from './field-types';
import { oncePerKey } from '../once-per-key';

type Loc = readonly (string | number)[];

const fieldIndexes = new WeakMap<ModelDef, Map<string, number>>();

function fieldIndexOf(model: ModelDef, name: string | number): number {
  const indexes = oncePerKey(fieldIndexes, model, () => new Map(model.fields.map((field, i) => [field.name, i])));
  return indexes.get(String(name)) ?? model.fields.length;
}

/** Where a loc sits in declaration order: the field index or list index at each level. */
function rankOf(type: FieldType, loc: Loc, from: number): number[] {
  const rank: number[] = [];
  let current: FieldType | undefined = type;
  for (let i = from; i < loc.length && current; i++) {
    const segment = loc[i];
    if (current.kind === 'model') {
      const at = fieldIndexOf(current.model, segment);
      rank.push(at);
      current = current.model.fields[at]?.type;
    } else if (current.kind === 'list' && typeof segment === 'number') {
      rank.push(segment);
      current = current.items;
    } else break;
  }
  return rank;
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length && i < b.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/**
 * Puts error items in pydantic's order, fields as declared and list items by index, where ajv
 * lists every `required` failure of an object before its fields' own errors. `from` is where
 * `type` starts in each loc (1 after `body`). Runs only for failing requests.
 */
export function sortByDeclaration(items: ValidationErrorItem[], type: FieldType, from: number): ValidationErrorItem[] {
  if (items.length < 2) return items;
  const ranked = items.map((item) => ({ item, rank: rankOf(type, item.loc, from) }));
  ranked.sort((a, b) => compareRanks(a.rank, b.rank));
  return ranked.map((r) => r.item);
}
