import { ValidationError } from 'class-validator';
import { FieldProblem } from './domain-error';

/** Flattens class-validator's nested errors into field paths such as `input.locations.0.point.lat`. */
export function toFieldProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      // A rule on a list's items names the item it refused first (`keywords.2 must not be
      // empty`), or a field of it (`legalBasis.1.title is …`): the field is that item's.
      const item = message.startsWith(`${error.property}.`)
        ? /^\.(\d+(?:\.[A-Za-z]\w*)?) /.exec(message.slice(error.property.length))
        : null;
      problems.push({ field: item ? `${path}.${item[1]}` : path, message });
    }
    if (error.children?.length) problems.push(...toFieldProblems(error.children, path));
  }
  return problems;
}
