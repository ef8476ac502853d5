import { BadInputError, DomainError } from '@insyn/errors';

/**
 * Runs a service call whose errors name fields relative to its input (`slug`) and rethrows them
 * named from the GraphQL argument (`input.slug`), as the validation pipe names its own problems.
 */
export async function underArgument<T>(argument: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof DomainError) || !error.fields.length) throw error;
    const fields = error.fields.map((f) => ({ ...f, field: `${argument}.${f.field}` }));
    if (error instanceof BadInputError) throw new BadInputError(fields);
    throw new DomainError(error.code, error.message, fields);
  }
}

/** The last name in a field path (`input.keywords.2` → `keywords`), to start a message with. */
export function nameOf(path: string): string {
  return (
    path
      .split('.')
      .filter((part) => !/^\d+$/.test(part))
      .at(-1) ?? path
  );
}

/**
 * graphql-js's refusals of a value of a built-in scalar ("Int cannot represent non 32-bit signed
 * integer value: 3000000000"), each with how to say it in plain words naming the field.
 */
const PLAIN_SCALAR_MESSAGES: [RegExp, (name: string, found: string) => string][] = [
  [
    /^Int cannot represent non 32-bit signed integer value: (.*)$/s,
    (name, found) =>
      `${name} must be a whole number from -2,147,483,648 to 2,147,483,647, not ${found} (its description gives the range it takes)`,
  ],
  [
    /^Int cannot represent non-integer value: (.*)$/s,
    (name, found) => `${name} must be a whole number, not ${found}`,
  ],
  [
    /^Float cannot represent non numeric value: (.*)$/s,
    (name, found) => `${name} must be a number, not ${found}`,
  ],
  [
    /^String cannot represent a non string value: (.*)$/s,
    (name, found) => `${name} must be a text in quotes, not ${found}`,
  ],
  [
    /^Boolean cannot represent a non boolean value: (.*)$/s,
    (name, found) => `${name} must be true or false, not ${found}`,
  ],
  [
    /^ID cannot represent (?:a non-string and non-integer )?value: (.*)$/s,
    (name, found) => `${name} must be an id (a text in quotes), not ${found}`,
  ],
];

/**
 * A refusal of graphql-js's of a built-in scalar's value in plain words naming the field, for
 * callers who write no GraphQL engine; any other message is kept as it is.
 */
export function plainScalarMessage(path: string, message: string): string {
  for (const [pattern, say] of PLAIN_SCALAR_MESSAGES) {
    const match = pattern.exec(message);
    if (match)
      return say(nameOf(path), match[1].length > 40 ? `${match[1].slice(0, 40)}…` : match[1]);
  }
  return message;
}
