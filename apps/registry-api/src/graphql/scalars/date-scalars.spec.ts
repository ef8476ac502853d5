import { graphql, GraphQLSchema, GraphQLObjectType, GraphQLString } from 'graphql';
import { CalendarDateScalar, isCalendarDate } from './calendar-date.scalar';
import { DateTimeScalar, parseDateTime } from './date-time.scalar';

describe('CalendarDate', () => {
  it.each(['2026-02-28', '2024-02-29', '2000-02-29', '0001-01-01', '9999-12-31', '1523-06-06'])(
    'accepts %s',
    (value) => {
      expect(isCalendarDate(value)).toBe(true);
      expect(CalendarDateScalar.parseValue(value)).toBe(value);
    },
  );

  it.each([
    '2026-02-30',
    '2025-02-29',
    '1900-02-29',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-01-32',
    '0000-01-01',
    '2026-2-3',
    '20260203',
    '+002026-02-03',
    '2026-02-28T00:00:00Z',
    ' 2026-02-28',
    '',
    'yesterday',
    20260203,
    null,
  ])('refuses %p', (value) => {
    expect(isCalendarDate(value)).toBe(false);
    expect(() => CalendarDateScalar.parseValue(value)).toThrow(/must be a date that exists/);
  });
});

describe('DateTime', () => {
  it.each([
    ['2026-01-31T09:30:00Z', '2026-01-31T09:30:00.000Z'],
    ['2026-01-31t09:30:00z', '2026-01-31T09:30:00.000Z'],
    ['2026-01-31T10:30:00+01:00', '2026-01-31T09:30:00.000Z'],
    ['2026-01-31T00:30:00.25-02:30', '2026-01-31T03:00:00.250Z'],
    ['2026-01-31T09:30:00.123456789Z', '2026-01-31T09:30:00.123Z'],
    ['2024-02-29T23:59:59Z', '2024-02-29T23:59:59.000Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
  ])('reads %s as %s', (value, iso) => {
    expect(parseDateTime(value)?.toISOString()).toBe(iso);
    expect((DateTimeScalar.parseValue(value) as Date).toISOString()).toBe(iso);
  });

  it.each([
    'yesterday',
    '',
    '2026-13-45T00:00:00Z',
    '-200000-01-01T00:00:00Z',
    '+275760-09-13T00:00:00Z',
    '2026-02-30T00:00:00Z',
    '2026-01-31T24:00:00Z',
    '2026-01-31T23:60:00Z',
    '2026-12-31T23:59:60Z',
    '2026-01-31T09:30:00',
    '2026-01-31T09:30:00+24:00',
    '2026-01-31T09:30Z',
    '2026-01-31 09:30:00Z',
    '2026-01-31',
    '0000-01-01T00:00:00Z',
    '2026-01-31T09:30:00.Z',
    '2026-01-31T09:30:00.1234567890Z',
    1767225600000,
  ])('refuses %p', (value) => {
    expect(parseDateTime(value)).toBeUndefined();
    expect(() => DateTimeScalar.parseValue(value)).toThrow(/must be a date and time that exist/);
  });

  it('answers at UTC with milliseconds', () => {
    expect(DateTimeScalar.serialize(new Date(Date.UTC(2026, 0, 31, 9, 30)))).toBe(
      '2026-01-31T09:30:00.000Z',
    );
  });

  it('refuses a literal as a variable, with the same message', async () => {
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({
        name: 'Query',
        fields: {
          at: {
            type: GraphQLString,
            args: { t: { type: DateTimeScalar }, d: { type: CalendarDateScalar } },
            resolve: (_, args: { t?: Date; d?: string }) => args.t?.toISOString() ?? args.d,
          },
        },
      }),
    });
    const literal = await graphql({ schema, source: '{ at(t: "2026-02-30T00:00:00Z") }' });
    expect(literal.errors?.[0].message).toMatch(/^must be a date and time that exist/);
    const date = await graphql({ schema, source: '{ at(d: "2026-02-30") }' });
    expect(date.errors?.[0].message).toMatch(/^must be a date that exists/);
    const ok = await graphql({
      schema,
      source: '{ a: at(t: "2026-02-28T00:00:00Z") b: at(d: "2026-02-28") }',
    });
    expect(ok.data).toEqual({ a: '2026-02-28T00:00:00.000Z', b: '2026-02-28' });
  });
});
