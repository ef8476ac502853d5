import { createHash } from 'node:crypto';

/** The comment that opens a statement marked by `prepared`. */
const PREPARED_MARK = '/* prepared */ ';

/**
 * Marks a statement to be sent as a named prepared statement (the pool's client, see
 * `preparingQuery`): each connection parses and plans it once, and from the sixth run on
 * PostgreSQL may keep one generic plan instead of planning it again for each run. For the
 * statements of every request whose plan does not depend on the values: lookups by id or by key
 * (a token by its hash, entries, relations and versions by their entries' ids; what it saves:
 * docs/performance-history.md, 3 December). Not for lists whose filters or page size change the
 * best plan (a department holding most entries, a LIMIT of 10 or of 500): a generic plan cannot
 * know.
 * The text must be the same on every run (values as parameters), or each variant is one more
 * statement kept by every connection.
 */
export function prepared(sql: string): string {
  return `${PREPARED_MARK}${sql}`;
}

/** pg's QueryConfig for a marked statement: named by its text, so equal texts share a name. */
function namedStatement(
  text: string,
  values?: unknown[],
): { name: string; text: string; values?: unknown[] } {
  const name = `insyn_${createHash('sha256').update(text).digest('base64url').slice(0, 32)}`;
  return values ? { name, text, values } : { name, text };
}

type QueryFunction = (...args: unknown[]) => unknown;

/**
 * pg's `Client.query`, sending statements marked by `prepared` as named ones (pg parses a name
 * once per connection and runs it by name after); every other statement as given. TypeORM calls
 * `query(text, values)`, with or without a callback.
 */
export function preparingQuery(query: QueryFunction): QueryFunction {
  return function (this: unknown, ...args: unknown[]) {
    const [text, values, ...rest] = args;
    if (
      typeof text === 'string' &&
      text.startsWith(PREPARED_MARK) &&
      (values === undefined || Array.isArray(values))
    )
      return query.call(this, namedStatement(text, values as unknown[] | undefined), ...rest);
    return query.apply(this, args);
  };
}
