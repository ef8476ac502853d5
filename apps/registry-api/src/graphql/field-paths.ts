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
