import { types } from 'pg';
import { INSYN_PG_TYPES, parseUtcTimestamp } from './utc-timestamp';

/** pg's own parser of timestamptz (postgres-date), which parseUtcTimestamp must agree with. */
const general = types.getTypeParser(1184, 'text') as (text: string) => Date | number | null;

const timeOf = (value: Date | number | null) => (value instanceof Date ? value.getTime() : value);

describe('parseUtcTimestamp', () => {
  it("gives pg's own Date for every UTC timestamp PostgreSQL writes", () => {
    // Seeded: the same values every run.
    let seed = 14;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 20_000; i++) {
      const iso = new Date(Math.floor(random() * 4e12) - 1e12).toISOString();
      // 0 to 6 fraction digits, trailing zeros left out as PostgreSQL does.
      const micros = String(Math.floor(random() * 1e6))
        .padStart(6, '0')
        .slice(0, Math.floor(random() * 7))
        .replace(/0+$/, '');
      const text = `${iso.slice(0, 10)} ${iso.slice(11, 19)}${micros ? `.${micros}` : ''}+00`;
      const parsed = parseUtcTimestamp(text);
      expect(parsed).toBeInstanceOf(Date);
      if (timeOf(parsed) !== timeOf(general(text)))
        expect([text, parsed]).toEqual([text, general(text)]);
    }
  });

  it.each([
    '2026-11-30 19:53:47+00',
    '2026-11-30 19:53:47.579+00',
    '2026-11-30 19:53:47.999999+00',
    '1969-12-31 23:59:59.5+00',
    '0100-01-01 00:00:00+00',
    '9999-12-31 23:59:59.999999+00',
    // Not of the fast form: pg's parser.
    '0099-06-01 12:00:00+00',
    '2026-11-30 19:53:47+05:30',
    '2026-11-30 19:53:47-03',
    '2026-11-30 19:53:47+00 BC',
    '12026-11-30 19:53:47+00',
    'infinity',
    '-infinity',
    '2026-11-3x 19:53:47+00',
  ])('%s as pg reads it', (text) => {
    const parsed = parseUtcTimestamp(text);
    expect(typeof parsed).toBe(typeof general(text));
    expect(timeOf(parsed)).toEqual(timeOf(general(text)));
  });

  it("is the connections' parser of timestamptz only", () => {
    expect(INSYN_PG_TYPES.getTypeParser(1184, 'text')).toBe(parseUtcTimestamp);
    expect(INSYN_PG_TYPES.getTypeParser(1114, 'text')).toBe(types.getTypeParser(1114, 'text'));
    expect(INSYN_PG_TYPES.getTypeParser(3802, 'text')).toBe(types.getTypeParser(3802, 'text'));
  });
});
