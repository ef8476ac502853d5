import { QueryLimitError } from './query-cost.plugin';

/**
 * The most items the lists that grow with the register (an entry's `versions` and `relations`,
 * which lead back to entries with the same lists) may give one request, counted as they are
 * resolved. The cost estimate prices them before execution at a nominal length; this bounds
 * what one request does when the register holds more than that (an entry published every week
 * for years, a dataset a hundred algorithms link to): without it, `versions { entry { versions
 * … } }` three levels deep answered 52 MB and four ran the process out of memory.
 */
export const MAX_GROWING_LIST_ITEMS = 10_000;

const spent = new WeakMap<object, number>();

/**
 * Counts `items` against the request's budget; past it, refuses (QUERY_TOO_COMPLEX), and so does
 * every later list of the request, so that execution goes no deeper.
 */
export function spendListItems(request: object, items: number, field: string): void {
  const total = (spent.get(request) ?? 0) + items;
  spent.set(request, total);
  if (total > MAX_GROWING_LIST_ITEMS)
    throw new QueryLimitError(
      `The query reads more than ${MAX_GROWING_LIST_ITEMS.toLocaleString('en-US')} versions and relations in all (at ${field}); ask for fewer entries, or nest versions and relations less deeply`,
    );
}
