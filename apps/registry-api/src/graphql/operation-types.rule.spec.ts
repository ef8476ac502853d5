import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { knownOperationTypesRule } from './operation-types.rule';

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
