import type { DefinitionProblems } from '../errors/definition-error';
import { constraintMistakes } from '../validation/constraint-rules';
import type { Constraints, FieldType, ModelDef } from '../validation/field-types';

/** The class-validator decorators that set each constraint of a DTO field. */
const DECORATORS: Readonly<Partial<Record<keyof Constraints, string>>> = {
  minLength: '@MinLength or @Length',
  maxLength: '@MaxLength or @Length',
  minItems: '@ArrayMinSize',
  maxItems: '@ArrayMaxSize',
  ge: '@Min',
  le: '@Max',
  pattern: '@Matches',
};

/**
 * Reports what would make a field's schema meaningless, for the field and every field it nests:
 * a type with no JSON Schema (a class class-validator knows nothing about), which could be neither
 * validated nor documented, and a constraint whose value cannot mean anything (`@MinLength(-1)`).
 * Answers whether the schema is sound, so that callers compile only sound ones.
 */
export function checkFieldSchema(
  where: string,
  role: string,
  type: FieldType | undefined,
  problems: DefinitionProblems,
  parameter?: string,
): boolean {
  const before = problems.size;
  const seen = new Set<ModelDef>();
  const checkConstraints = (constraints: Constraints, path: string): void => {
    for (const { keyword, value, rule } of constraintMistakes(constraints)) {
      const inModel = !path.startsWith(role);
      problems.add({
        where,
        ...(parameter === undefined ? {} : { parameter }),
        problem: `the ${inModel ? `${role} field ${path}` : role} declares ${keyword} ${typeof value === 'string' ? JSON.stringify(value) : String(value)}, which is not ${rule}`,
        fix: `give ${inModel && DECORATORS[keyword] ? DECORATORS[keyword] : `the ${keyword} option`} ${rule}`,
      });
    }
  };
  const visit = (t: FieldType, path: string): void => {
    if (t.kind === 'scalar') checkConstraints(t.constraints, path);
    else if (t.kind === 'list') {
      checkConstraints(t.constraints, path);
      visit(t.items, `${path}[]`);
    } else if (t.kind === 'any' && t.unmapped !== undefined) {
      problems.add({
        where,
        problem: `the ${role} field ${path} is typed ${t.unmapped}, which has no JSON Schema: it is neither a class-validator DTO nor a scalar`,
        fix: `decorate the properties of ${t.unmapped} with class-validator (e.g. @IsString()), or type the field with a scalar decorator such as @IsString() or @IsObject()`,
      });
    } else if (t.kind === 'model' && !seen.has(t.model) && !soundModels.has(t.model)) {
      seen.add(t.model);
      const beforeModel = problems.size;
      for (const field of t.model.fields) visit(field.type, `${t.model.name}.${field.name}`);
      if (problems.size === beforeModel) soundModels.add(t.model);
    }
  };
  if (type) visit(type, type.kind === 'model' ? type.model.name : role);
  return problems.size === before;
}

/** Models found sound (every field, nested ones included): the many routes using one are not walked again. */
const soundModels = new WeakSet<ModelDef>();
