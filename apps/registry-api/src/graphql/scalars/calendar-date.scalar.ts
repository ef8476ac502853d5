import { GraphQLScalarType, Kind, ValueNode } from 'graphql';
import { ScalarValueError } from './scalar-value.error';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Years a date or date-time input may have: four digits, 0001 to 9999. */
export const MIN_YEAR = 1;
export const MAX_YEAR = 9999;

/**
 * The instant a year, month and day start at UTC, or undefined when that day does not exist in
 * the Gregorian calendar (2026-02-30, month 13) or its year is out of range. (Date.UTC would read
 * 2026-02-30 as March 2 and years below 100 as 19xx.)
 */
export function utcDay(year: number, month: number, day: number): Date | undefined {
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : undefined;
}

/** A calendar date written YYYY-MM-DD that exists, with a year from 0001 to 9999. */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE.exec(value);
  return !!match && !!utcDay(Number(match[1]), Number(match[2]), Number(match[3]));
}

const MESSAGE =
  'must be a date that exists, written YYYY-MM-DD (e.g. 2026-01-31), with a year from 0001 to 9999';

function parse(value: unknown, node?: ValueNode): string {
  if (!isCalendarDate(value)) throw new ScalarValueError(MESSAGE, node);
  return value;
}

/**
 * Date-only inputs (a review date, a lifecycle or coverage period, an assessment's date): the
 * schema says YYYY-MM-DD, and an impossible date (2026-02-30, 2026-13-01) is refused before any
 * resolver runs, naming the field. The value stays the string it was (entries store these dates
 * as YYYY-MM-DD text).
 */
export const CalendarDateScalar = new GraphQLScalarType<string, string>({
  name: 'CalendarDate',
  description:
    'A calendar date written YYYY-MM-DD (ISO 8601), e.g. 2026-01-31: no time, no time zone; a date that exists, with a year from 0001 to 9999.',
  specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc3339#section-5.6',
  serialize: (value) => parse(value),
  parseValue: (value) => parse(value),
  parseLiteral: (node) => parse(node.kind === Kind.STRING ? node.value : undefined, node),
});
