import { Transform } from 'class-transformer';
import { GraphQLScalarType, Kind, ValueNode } from 'graphql';
import { ScalarValueError } from './scalar-value.error';
import { utcDay } from './calendar-date.scalar';

/** RFC 3339 `date-time`: full date, `T`, time with optional fraction, `Z` or a ±hh:mm offset. */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/** The instant an RFC 3339 date-time names, or undefined when it names none. */
export function parseDateTime(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const m = DATE_TIME.exec(value);
  if (!m) return undefined;
  const day = utcDay(Number(m[1]), Number(m[2]), Number(m[3]));
  const [hours, minutes, seconds] = [Number(m[4]), Number(m[5]), Number(m[6])];
  // Leap seconds (:60) cannot be represented by a JavaScript Date, nor by PostgreSQL.
  if (!day || hours > 23 || minutes > 59 || seconds > 59) return undefined;
  let offsetMinutes = 0;
  if (m[8]) {
    const [offsetHours, offsetMins] = [Number(m[9]), Number(m[10])];
    if (offsetHours > 23 || offsetMins > 59) return undefined;
    offsetMinutes = (m[8] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const milliseconds = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  return new Date(
    day.getTime() + ((hours * 60 + minutes - offsetMinutes) * 60 + seconds) * 1000 + milliseconds,
  );
}

const MESSAGE =
  'must be a date and time that exist, written as in RFC 3339 with a time zone (e.g. 2026-01-31T09:30:00Z or 2026-01-31T10:30:00+01:00), with a year from 0001 to 9999';

/**
 * The instants this scalar read with a fraction finer than the millisecond (`…12.089001Z`), which
 * a Date cannot hold: it keeps `…12.089Z`, right for an `asOf` (at or before the instant, of
 * times stored to the millisecond), one millisecond short for a bound from or before the instant
 * (`since`, `until`), which `RoundedUpBound` corrects.
 */
const FINER_THAN_A_MILLISECOND = new WeakSet<Date>();

function parse(value: unknown, node?: ValueNode): Date {
  const date = parseDateTime(value);
  if (!date) throw new ScalarValueError(MESSAGE, node);
  const fraction = DATE_TIME.exec(value as string)![7] ?? '';
  if (/[1-9]/.test(fraction.slice(3))) FINER_THAN_A_MILLISECOND.add(date);
  return date;
}

/**
 * A filter's bound that counts from an instant (`since`, at or after) or up to it (`until`,
 * before), given finer than a millisecond: the next millisecond. Times are stored to the
 * millisecond, so at or after …12.089001 is at or after …12.090, and before …12.089001 is before
 * …12.090 (…12.089 included). Read off the value the scalar made (class-transformer hands a copy
 * to the input class, hence `obj[key]`).
 */
export const RoundedUpBound = () =>
  Transform(
    ({ obj, key, value }: { obj: Record<string, unknown>; key: string; value: unknown }) => {
      const read = obj[key];
      return read instanceof Date && FINER_THAN_A_MILLISECOND.has(read)
        ? new Date(read.getTime() + 1)
        : value;
    },
  );

/**
 * Every instant in the API (`asOf`, `updatedSince`, the audit log's `since` and `until`, and the
 * timestamps of answers). Strict: "yesterday", "", 2026-13-45T00:00:00Z, 2026-02-30T00:00:00Z,
 * a year outside 0001–9999 or a missing time zone are refused before any resolver runs, so no
 * invalid or overflowing date reaches PostgreSQL. Answers are ISO 8601 at UTC with milliseconds.
 */
export const DateTimeScalar = new GraphQLScalarType<Date, string | null>({
  name: 'DateTime',
  description:
    'An instant, written as in RFC 3339 with a time zone: 2026-01-31T09:30:00Z or 2026-01-31T10:30:00.250+01:00; a date that exists, with a year from 0001 to 9999. Answers are at UTC, e.g. 2026-01-31T09:30:00.000Z.',
  specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc3339#section-5.6',
  // As @nestjs/graphql's own DateTime: answers come from Date values.
  serialize: (value) => (value instanceof Date ? value.toISOString() : null),
  parseValue: (value) => parse(value),
  parseLiteral: (node) => parse(node.kind === Kind.STRING ? node.value : undefined, node),
});
