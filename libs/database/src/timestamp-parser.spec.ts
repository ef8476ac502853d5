import fc from 'fast-check';
import { types } from 'pg';
import { INSYN_TYPE_PARSERS, parseTimestamptz, TIMESTAMPTZ_OID } from './timestamp-parser';

/** pg's own parser (postgres-date), which the fast one must agree with. */
const pgParse = types.getTypeParser(TIMESTAMPTZ_OID, 'text') as (text: string) => unknown;

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * An instant as PostgreSQL writes a timestamptz with DateStyle ISO in a zone `offsetMinutes` east
 * of UTC: the fraction without trailing zeros (none when zero), the offset in hours, or hours and
 * minutes.
 */
function pgText(epochMs: number, microseconds: number, offsetMinutes: number): string {
  const local = new Date(epochMs + offsetMinutes * 60_000);
  const micros = (local.getUTCMilliseconds() * 1000 + microseconds) % 1_000_000;
  const fraction = micros ? `.${pad(micros, 6).replace(/0+$/, '')}` : '';
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${pad(Math.floor(abs / 60), 2)}${abs % 60 ? `:${pad(abs % 60, 2)}` : ''}`;
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1, 2)}-${pad(local.getUTCDate(), 2)} ` +
    `${pad(local.getUTCHours(), 2)}:${pad(local.getUTCMinutes(), 2)}:${pad(local.getUTCSeconds(), 2)}` +
    `${fraction}${offset}`
  );
}

const asTime = (value: unknown) => (value instanceof Date ? value.getTime() : value);

describe('parseTimestamptz', () => {
  it('gives the instant pg gives, to the millisecond, for every instant of years 1000 to 9999 in any zone', () => {
    fc.assert(
      fc.property(
        // Whole milliseconds from 1000-01-01 to 9999-12-31 (UTC), microseconds below them, and
        // offsets of whole quarter hours up to ±15 h (PostgreSQL's zones lie within them).
        fc.integer({ min: Date.UTC(1000, 0, 2), max: Date.UTC(9999, 11, 30) }),
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: -60, max: 60 }).map((quarters) => quarters * 15),
        (epochMs, microseconds, offsetMinutes) => {
          const text = pgText(epochMs, microseconds, offsetMinutes);
          const parsed = parseTimestamptz(text);
          expect(parsed).toBeInstanceOf(Date);
          expect(asTime(parsed)).toBe(epochMs);
          expect(asTime(parsed)).toBe(asTime(pgParse(text)));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('reads every fraction of a second as pg does: its first three digits', () => {
    for (const [text, ms] of [
      ['2026-11-30 12:34:56+00', 0],
      ['2026-11-30 12:34:56.5+00', 500],
      ['2026-11-30 12:34:56.05+00', 50],
      ['2026-11-30 12:34:56.001+00', 1],
      ['2026-11-30 12:34:56.999999+00', 999],
      ['2026-11-30 12:34:56.290001+00', 290],
    ] as const) {
      expect(asTime(parseTimestamptz(text))).toBe(Date.UTC(2026, 10, 30, 12, 34, 56, ms));
      expect(asTime(parseTimestamptz(text))).toBe(asTime(pgParse(text)));
    }
  });

  it('leaves every other form to pg: infinity, BC, years outside 1000 to 9999, offsets with seconds', () => {
    for (const text of [
      'infinity',
      '-infinity',
      '2026-11-30 12:34:56+00 BC',
      '0099-01-01 00:00:00+00',
      '0999-12-31 23:59:59.5+00',
      '12026-11-30 12:34:56+00',
      '1901-01-01 00:00:00+01:12:12',
      '2026-11-30 12:34:56.+00',
      '2026-11-30 12:34:56.1234567+00',
      '2026-11-30T12:34:56+00',
      '2026-11-30 12:34:56',
      '2026-1a-30 12:34:56+00',
      '2026-11-30 12:34:56+0x',
    ])
      expect(asTime(parseTimestamptz(text))).toEqual(asTime(pgParse(text)));
  });

  it("is what Insyn's pools use for timestamptz, and pg's own parsers for every other type", () => {
    expect(INSYN_TYPE_PARSERS.getTypeParser(TIMESTAMPTZ_OID, 'text')).toBe(parseTimestamptz);
    expect(INSYN_TYPE_PARSERS.getTypeParser(TIMESTAMPTZ_OID)).toBe(parseTimestamptz);
    for (const oid of [16, 20, 23, 114, 1082, 1114, 3802])
      expect(INSYN_TYPE_PARSERS.getTypeParser(oid, 'text')).toBe(types.getTypeParser(oid));
    expect(INSYN_TYPE_PARSERS.getTypeParser(TIMESTAMPTZ_OID, 'binary')).toBe(
      types.getTypeParser(TIMESTAMPTZ_OID, 'binary'),
    );
  });
});
