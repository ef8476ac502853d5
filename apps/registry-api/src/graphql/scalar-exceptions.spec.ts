import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { literalPathsRule, literalProblem } from './literal-paths.rule';
import { variableProblems } from './variable-input.plugin';

/**
 * A scalar that throws something else than a GraphQL error (a bug, or a stack overflow as
 * graphql-scalars' JSONObject did on a deeply nested array): graphql-js appends the exception's
 * message to its own. The field is still named; the exception's message is not answered.
 */
describe('a scalar throwing an exception of its own', () => {
  const schema = buildSchema(`
    scalar Fragile
    input Input { area: Fragile }
    type Query { q(input: Input): Int }
  `);
  const explode = () => {
    throw new RangeError('Maximum call stack size exceeded');
  };
  Object.assign(schema.getType('Fragile')!, { parseValue: explode, parseLiteral: explode });

  it('in a variable', () => {
    const document = parse('query($i: Input) { q(input: $i) }');
    const operation = document.definitions[0] as never;
    expect(variableProblems(schema, document, operation, { i: { area: {} } })).toEqual([
      { field: 'input.area', message: 'area has a value that could not be read' },
    ]);
  });

  it('in a literal', () => {
    const errors = validate(schema, parse('{ q(input: { area: {} }) }'), [
      ...specifiedRules,
      literalPathsRule,
    ]);
    expect(errors.map((e) => literalProblem(e))).toEqual([
      { field: 'input.area', message: 'area has a value that could not be read' },
    ]);
  });
});
