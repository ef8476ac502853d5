import { types } from 'pg';

/** PostgreSQL's type id of `timestamptz`. */
const TIMESTAMPTZ = 1184;

/** The decimal number in `text` from `from` to `to` (NaN unless all digits). */
function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return NaN;
    value = value * 10 + digit;
  }
  return value;
}

/** Character codes of the fixed places of `YYYY-MM-DD HH:MM:SS[.ffffff]+00`. */
const [DASH, SPACE, COLON, DOT, PLUS, ZERO] = ['-', ' ', ':', '.', '+', '0'].map((c) =>
  c.charCodeAt(0),
);

/**
 * A `timestamptz` as PostgreSQL writes it in a session whose time zone is UTC (every Insyn
 * session is: see buildDataSourceOptions), `2026-11-30 19:53:47.123456+00`, read without the
 * four regular expressions per value of pg's general parser (postgres-date), which a page of
 * entries runs about a thousand times: the same Date, to the millisecond, by the same arithmetic
 * (the fraction's milliseconds as `1000 * parseFloat` gives them, cut by Date.UTC). Anything
 * else (another offset, a year before 100 or after 9999, BC, infinity) goes to pg's parser.
 */
export function parseUtcTimestamp(text: string): Date | number | null {
  const n = text.length;
  if (
    n >= 22 &&
    n <= 29 &&
    (n === 22 || (n >= 24 && text.charCodeAt(19) === DOT)) &&
    text.charCodeAt(4) === DASH &&
    text.charCodeAt(7) === DASH &&
    text.charCodeAt(10) === SPACE &&
    text.charCodeAt(13) === COLON &&
    text.charCodeAt(16) === COLON &&
    text.charCodeAt(n - 3) === PLUS &&
    text.charCodeAt(n - 2) === ZERO &&
    text.charCodeAt(n - 1) === ZERO
  ) {
    const year = digits(text, 0, 4);
    const fraction = n === 22 ? 0 : digits(text, 20, n - 3);
    const time = Date.UTC(
      year,
      digits(text, 5, 7) - 1,
      digits(text, 8, 10),
      digits(text, 11, 13),
      digits(text, 14, 16),
      digits(text, 17, 19),
      n === 22 ? 0 : 1000 * parseFloat(text.slice(19, n - 3)),
    );
    if (year >= 100 && !Number.isNaN(time) && !Number.isNaN(fraction)) return new Date(time);
  }
  return generalTimestamp(text);
}

const generalTimestamp = types.getTypeParser(TIMESTAMPTZ, 'text') as (
  text: string,
) => Date | number | null;

/**
 * The type parsers of Insyn's connections (pg's `types` option): pg's own, but `timestamptz`
 * read by parseUtcTimestamp.
 */
export const INSYN_PG_TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMPTZ && format !== 'binary'
      ? parseUtcTimestamp
      : types.getTypeParser(oid, format)) as typeof types.getTypeParser,
};
