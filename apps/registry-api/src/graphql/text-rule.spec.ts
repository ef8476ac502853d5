import { buildSchema, graphql } from 'graphql';
import { BadInputError, isAcceptableText, textProblem } from '@insyn/errors';
import { withTextRule } from './text-rule';

describe('the text rule', () => {
  it.each([
    ['NUL', 'a\u0000b', 'control characters other than tab and newline (U+0000 at position 2)'],
    ['carriage return', 'a\r\nb', 'U+000D at position 2'],
    ['escape', '\u001b[31m', 'U+001B at position 1'],
    ['DEL', 'x\u007f', 'U+007F'],
    ['a C1 control', 'x\u0085', 'U+0085'],
    ['a lone high surrogate', 'x\ud800', 'an unpaired surrogate U+D800 at position 2'],
    ['a lone low surrogate', '\udc00x', 'an unpaired surrogate U+DC00 at position 1'],
    ['two high surrogates', '\ud800\ud800\udc00', 'U+D800 at position 1'],
  ])('refuses %s', (_, text, message) => {
    expect(textProblem(text)).toContain(message);
    expect(isAcceptableText(text)).toBe(false);
  });

  it.each([
    ['tab and newline', 'a\tb\nc'],
    ['Swedish', 'Trafikkontoret – å, ä, ö'],
    ['a surrogate pair', 'karta 🗺️'],
    ['the empty string', ''],
    ['non-breaking and zero-width spaces', '\u00a0a\u200bb'],
  ])('accepts %s', (_, text) => {
    expect(textProblem(text)).toBeUndefined();
    expect(isAcceptableText(text)).toBe(true);
  });
});

describe('withTextRule', () => {
  const schema = withTextRule(
    buildSchema(`
      scalar JSON
      input Inner { text: String, tags: [String!], count: Int }
      input Outer { title: String!, inner: Inner, list: [Inner!], geo: JSON, again: Outer }
      input Numbers { n: Int }
      type Query {
        echo(s: String, id: ID, input: Outer, numbers: Numbers, flag: Boolean): String
        plain: String
      }
    `),
  );
  const run = (source: string, variableValues?: Record<string, unknown>) =>
    graphql({
      schema,
      source,
      variableValues,
      rootValue: { echo: (args: unknown) => JSON.stringify(args) },
    });

  it('trims every string argument and input field, literals and variables alike', async () => {
    const result = await run(
      `query($input: Outer) { a: echo(s: "  x  ", id: " 7 ") b: echo(input: $input) }`,
      {
        input: {
          title: ' T ',
          inner: { text: '\tline\n', tags: [' a', 'b '], count: 2 },
          again: { title: ' nested ' },
        },
      },
    );
    expect(result.errors).toBeUndefined();
    expect(JSON.parse(result.data!.a as string)).toEqual({ s: 'x', id: '7' });
    expect(JSON.parse(result.data!.b as string)).toEqual({
      input: {
        title: 'T',
        inner: { text: 'line', tags: ['a', 'b'], count: 2 },
        again: { title: 'nested' },
      },
    });
  });

  it('refuses control characters and lone surrogates naming every path from the argument', async () => {
    const result = await run(`query($input: Outer, $s: String) { echo(s: $s, input: $input) }`, {
      s: 'a\u0000',
      input: {
        title: 'ok',
        list: [{ text: 'fine' }, { tags: ['fine', 'x\ud800'] }],
        geo: { type: 'Polygon', bbox: ['\u0007'], ['k\u0000']: 1 },
      },
    });
    expect(result.data?.echo).toBeNull();
    const error = result.errors![0].originalError;
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as BadInputError).fields).toEqual([
      { field: 's', message: expect.stringMatching(/^s must not contain control characters/) },
      {
        field: 'input.list.1.tags.1',
        message: expect.stringMatching(/^tags must be valid Unicode text/),
      },
      { field: 'input.geo.bbox.0', message: expect.stringContaining('U+0007') },
      { field: 'input.geo', message: expect.stringMatching(/^geo keys must not contain/) },
    ]);
  });

  it('leaves fields without text arguments unwrapped', () => {
    const query = schema.getQueryType()!.getFields();
    expect(query.plain.resolve).toBeUndefined();
    expect(query.echo.resolve).toBeDefined();
  });
});
