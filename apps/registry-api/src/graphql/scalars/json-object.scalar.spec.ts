import { GraphQLError, parseValue } from 'graphql';
import {
  JsonObjectScalar,
  MAX_JSON_OBJECT_MEMBERS,
  MAX_JSON_OBJECT_NESTING,
  MAX_JSON_OBJECT_VALUES,
} from './json-object.scalar';
import { MAX_POSITIONS } from '../validation/geojson-area.validator';
import { ScalarValueError } from './scalar-value.error';

const nested = (depth: number): Record<string, unknown> => {
  let value: unknown = [];
  for (let i = 2; i < depth; i++) value = [value];
  return { a: value };
};

describe('JsonObjectScalar', () => {
  const refusal = (parse: () => unknown) => {
    try {
      parse();
    } catch (error) {
      expect(error).toBeInstanceOf(ScalarValueError);
      return (error as GraphQLError).message;
    }
    throw new Error('not refused');
  };

  it('takes an object as it is', () => {
    const area = {
      type: 'Polygon',
      coordinates: [
        [
          [18, 59],
          [18.1, 59],
          [18, 59.1],
          [18, 59],
        ],
      ],
    };
    expect(JsonObjectScalar.parseValue(area)).toBe(area);
    expect(JsonObjectScalar.parseValue(nested(MAX_JSON_OBJECT_NESTING))).toBeDefined();
  });

  it('refuses what is not an object without quoting it', () => {
    for (const value of [[1, 2], 'text', 3, null, [[['deep', 'secret']]]]) {
      expect(refusal(() => JsonObjectScalar.parseValue(value))).toBe('must be a JSON object');
    }
  });

  it('refuses nesting past the limit, at any depth, without overflowing', () => {
    const tooDeep = `must be a JSON object nested at most ${MAX_JSON_OBJECT_NESTING} levels deep (arrays and objects)`;
    expect(refusal(() => JsonObjectScalar.parseValue(nested(MAX_JSON_OBJECT_NESTING + 1)))).toBe(
      tooDeep,
    );
    const deep = JSON.parse(`{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    expect(refusal(() => JsonObjectScalar.parseValue(deep))).toBe(tooDeep);
    expect(
      refusal(() =>
        JsonObjectScalar.parseLiteral(parseValue(`{ a: ${'['.repeat(20)}${']'.repeat(20)} }`)),
      ),
    ).toBe(tooDeep);
  });

  it('takes the largest area there may be, and refuses an object too wide or too large before any copy of it', () => {
    // MAX_POSITIONS positions of three numbers in one ring: the most values an area can hold.
    const ring = Array.from({ length: MAX_POSITIONS }, (_, i) => [18 + i / 1e5, 59, 12]);
    const area = { type: 'Polygon', coordinates: [ring], bbox: [18, 59, 19, 60] };
    expect(JsonObjectScalar.parseValue(area)).toBe(area);
    const members = (n: number) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'a']));
    expect(JsonObjectScalar.parseValue({ ...area, p: members(MAX_JSON_OBJECT_MEMBERS) })).toEqual(
      expect.objectContaining({ type: 'Polygon' }),
    );
    // The probe's: one foreign member of 140,000 members (the pipe's deep copy took 8 s).
    expect(refusal(() => JsonObjectScalar.parseValue({ ...area, p: members(140_000) }))).toBe(
      `must be a JSON object whose objects have at most ${MAX_JSON_OBJECT_MEMBERS} members each`,
    );
    expect(
      refusal(() =>
        JsonObjectScalar.parseValue({ a: Array.from({ length: MAX_JSON_OBJECT_VALUES }, () => 1) }),
      ),
    ).toMatch(/^must be a JSON object of at most 60,000 values in all/);
    expect(
      refusal(() =>
        JsonObjectScalar.parseValue({ a: Array.from({ length: 30_000 }, () => [1, 2, 3]) }),
      ),
    ).toMatch(/values in all/);
  });

  it('reads literals, variables inside them included', () => {
    expect(
      JsonObjectScalar.parseLiteral(
        parseValue('{ type: "Point", coordinates: [18.5, $lat], n: null }'),
        {
          lat: 59,
        },
      ),
    ).toEqual({ type: 'Point', coordinates: [18.5, 59], n: null });
    expect(refusal(() => JsonObjectScalar.parseLiteral(parseValue('[1, 2]')))).toBe(
      'must be a JSON object',
    );
    const proto = JsonObjectScalar.parseLiteral(parseValue('{ __proto__: { polluted: true } }'));
    expect(Object.keys(proto as object)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
