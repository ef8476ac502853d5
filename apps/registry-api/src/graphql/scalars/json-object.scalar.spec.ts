import { GraphQLError, parseValue } from 'graphql';
import { JsonObjectScalar, MAX_JSON_OBJECT_NESTING } from './json-object.scalar';
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
