import type { DefinitionProblems } from '../errors/definition-error';
import type { FieldType, ModelDef } from '../validation/field-types';

/**
 * Reports each DTO field whose type has no JSON Schema (a class class-validator knows nothing
 * about): it could be neither validated nor documented, so it is refused at start-up.
 */
export function checkSchemaMappings(where: string, role: string, type: FieldType | undefined, problems: DefinitionProblems): void {
  const seen = new Set<ModelDef>();
  const visit = (t: FieldType, path: string): void => {
    if (t.kind === 'list') visit(t.items, `${path}[]`);
    else if (t.kind === 'any' && t.unmapped !== undefined) {
      problems.add({
        where,
        problem: `the ${role} field ${path} is typed ${t.unmapped}, which has no JSON Schema: it is neither a class-validator DTO nor a scalar`,
        fix: `decorate the properties of ${t.unmapped} with class-validator (e.g. @IsString()), or type the field with a scalar decorator such as @IsString() or @IsObject()`,
      });
    } else if (t.kind === 'model' && !seen.has(t.model)) {
      seen.add(t.model);
      for (const field of t.model.fields) visit(field.type, `${t.model.name}.${field.name}`);
    }
  };
  if (type) visit(type, type.kind === 'model' ? type.model.name : role);
}
