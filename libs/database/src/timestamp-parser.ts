import { types } from 'pg';

/** PostgreSQL's type oid of `timestamptz`. */
export const TIMESTAMPTZ_OID = 1184;

/** pg's own parser of `timestamptz` text (postgres-date): every form PostgreSQL may send. */
const parseAnyTimestamptz = types.getTypeParser(TIMESTAMPTZ_OID, 'text') as (
  text: string,
) => Date | number | null;

/** Character codes the fast path reads. */
const ZERO = 48;
const DASH = 45;
const SPACE = 32;
const COLON = 58;
const DOT = 46;
const PLUS = 43;

/**
 * A `timestamptz` as PostgreSQL writes it with DateStyle ISO (`2026-11-30 12:34:56.123456+00`,
 * an offset of hours, or hours and minutes), read without regular expressions: a page of
 * entries carries about a thousand of them, and pg's parser (postgres-date, four regular
 * expressions each) took 7 % of the API's time on an auditor's page. Whatever does not have
 * exactly this form (years before 1000 or after 9999, BC, infinity, an offset with seconds) goes
 * to pg's own parser, so the result is always what pg would give: the same instant, to the
 * millisecond (further digits are dropped, as pg drops them).
 */
export function parseTimestamptz(text: string): Date | number | null {
  const length = text.length;
  if (
    length < 22 ||
    text.charCodeAt(4) !== DASH ||
    text.charCodeAt(7) !== DASH ||
    text.charCodeAt(10) !== SPACE ||
    text.charCodeAt(13) !== COLON ||
    text.charCodeAt(16) !== COLON
  )
    return parseAnyTimestamptz(text);
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  let at = 19;
  let millisecond = 0;
  if (text.charCodeAt(at) === DOT) {
    at++;
    const start = at;
    while (at < length && isDigit(text.charCodeAt(at))) at++;
    const fraction = at - start;
    if (fraction === 0 || fraction > 6) return parseAnyTimestamptz(text);
    // The first three digits are the milliseconds ('.5' is 500); the rest are dropped.
    for (let i = 0; i < 3; i++)
      millisecond = millisecond * 10 + (i < fraction ? text.charCodeAt(start + i) - ZERO : 0);
  }
  const sign = text.charCodeAt(at);
  if (sign !== PLUS && sign !== DASH) return parseAnyTimestamptz(text);
  const offsetHours = digits(text, at + 1, 2);
  let offsetMinutes = 0;
  let end = at + 3;
  if (end < length) {
    if (text.charCodeAt(end) !== COLON) return parseAnyTimestamptz(text);
    offsetMinutes = digits(text, end + 1, 2);
    end += 3;
  }
  if (
    end !== length ||
    year < 1000 ||
    (year | month | day | hour | minute | second | offsetHours | offsetMinutes) < 0
  )
    return parseAnyTimestamptz(text);
  const offset = (sign === PLUS ? 1 : -1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, millisecond) - offset);
}

function isDigit(code: number): boolean {
  return code >= ZERO && code <= ZERO + 9;
}

/** The number written by `count` digits at `from`; −1 when one of them is not a digit. */
function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return -1;
    value = value * 10 + (code - ZERO);
  }
  return value;
}

/**
 * pg's type parsers with `timestamptz` read by parseTimestamptz: for a pool's `types` option, so
 * only Insyn's own connections use it and pg's global parsers stay as they are.
 */
export const INSYN_TYPE_PARSERS = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): unknown {
    if (oid === TIMESTAMPTZ_OID && format !== 'binary') return parseTimestamptz;
    return format === 'binary' ? types.getTypeParser(oid, 'binary') : types.getTypeParser(oid);
  },
};
