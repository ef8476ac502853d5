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
      problems.push({ field: item ? `${path}.${item[1]}` : path, message: plainWords(message) });
    }
    if (error.children?.length) problems.push(...toFieldProblems(error.children, path));
  }
  return problems;
}

/**
 * class-validator's default wording, where a rule was given no message of its own, in the plain
 * words the registry's own messages use ("at most 120 characters", not "shorter than or equal to
 * 120 characters"; "items", not "elements"). Any other message is kept as it is.
 */
const DEFAULT_WORDING: [RegExp, string][] = [
  [/^(\S+) should not be empty$/, '$1 must not be empty'],
  [
    /^(\S+) must be longer than or equal to (\d+) characters?$/,
    '$1 must be at least $2 characters',
  ],
  [
    /^(\S+) must be shorter than or equal to (\d+) characters?$/,
    '$1 must be at most $2 characters',
  ],
  [/^(\S+) must contain at least (\d+) elements?$/, '$1 must have at least $2 items'],
  [/^(\S+) must contain no more than (\d+) elements?$/, '$1 must have at most $2 items'],
  [/^(\S+) must not be less than (-?\d+(?:\.\d+)?)$/, '$1 must be at least $2'],
  [/^(\S+) must not be greater than (-?\d+(?:\.\d+)?)$/, '$1 must be at most $2'],
  [/^(\S+) must be an email$/, '$1 must be an e-mail address'],
];

export function plainWords(message: string): string {
  for (const [pattern, words] of DEFAULT_WORDING)
    if (pattern.test(message))
      return message.replace(pattern, words).replace(/ 1 (item|character)s$/, ' 1 $1');
  return message;
}
