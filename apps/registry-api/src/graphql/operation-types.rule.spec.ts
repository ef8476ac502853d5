import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { knownOperationTypesRule, oneMutationRule } from './operation-types.rule';

describe('knownOperationTypesRule', () => {
  const schema = buildSchema(`type Query { a: Int } type Mutation { b: Int }`);
  const messages = (source: string) =>
    validate(schema, parse(source), [...specifiedRules, knownOperationTypesRule]).map(
      (e) => e.message,
    );

  it('refuses a subscription, which graphql-js would only fail while executing', () => {
    expect(validate(schema, parse('subscription { x }'))).toEqual([]);
    expect(messages('subscription { x }')).toEqual([
      "The registry's schema has no subscription operations (only queries and mutations)",
    ]);
  });

  it('lets queries and mutations through', () => {
    expect(messages('query Q { a } mutation M { b }')).toEqual([]);
  });
});

describe('oneMutationRule', () => {
  const schema = buildSchema(`type Query { a: Int } type Mutation { b: Int c: Int }`);
  const refused = (source: string) =>
    validate(schema, parse(source), [...specifiedRules, oneMutationRule]).some((e) =>
      e.message.startsWith('A request may run one mutation'),
    );

  it('refuses two mutations in one request, however they are spelt', () => {
    expect(refused('mutation { b c }')).toBe(true);
    expect(refused('mutation { x: b y: b }')).toBe(true);
    expect(refused('mutation { b ... on Mutation { c } }')).toBe(true);
    expect(refused('mutation { ...F } fragment F on Mutation { b c }')).toBe(true);
    expect(refused('mutation { b ...F } fragment F on Mutation { c }')).toBe(true);
  });

  it('lets one mutation through, with __typename beside it, and any number of query fields', () => {
    expect(refused('mutation { b }')).toBe(false);
    expect(refused('mutation { __typename b }')).toBe(false);
    expect(refused('mutation { ...F } fragment F on Mutation { b }')).toBe(false);
    expect(refused('query { a x: a }')).toBe(false);
    expect(refused('mutation M1 { b } mutation M2 { c }')).toBe(false);
  });
});
