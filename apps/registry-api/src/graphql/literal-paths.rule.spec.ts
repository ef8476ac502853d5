import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { literalPathsRule, literalProblem } from './literal-paths.rule';
import { CalendarDateScalar } from './scalars/calendar-date.scalar';

describe('literalPathsRule and literalProblem', () => {
  const schema = buildSchema(`
    scalar CalendarDate
    enum Kind { A B }
    input Period { start: CalendarDate, kind: Kind! }
    input Input { title: String, periods: [Period!], kinds: [Kind!] }
    type Query { q(first: Int, input: Input): Int }
  `);
  Object.assign(schema.getType('CalendarDate')!, {
    parseLiteral: CalendarDateScalar.parseLiteral,
  });
  const problems = (source: string) =>
    validate(schema, parse(source), [...specifiedRules, literalPathsRule]).map((e) =>
      literalProblem(e),
    );

  it('names each literal of the wrong type by its path from the argument', () => {
    expect(
      problems(
        `{ q(first: "x", input: { title: 1, kinds: [A, C], periods: [{ kind: A }, { start: "2026-02-30", kind: B }, {}], extra: 1 }) }`,
      ),
    ).toEqual([
      { field: 'first', message: 'first must be a whole number, not "x"' },
      { field: 'input.title', message: 'title must be a text in quotes, not 1' },
      { field: 'input.kinds.1', message: expect.stringContaining('"C" does not exist') },
      {
        field: 'input.periods.1.start',
        message: expect.stringMatching(/^start must be a date that exists/),
      },
      { field: 'input.periods.2.kind', message: expect.stringContaining('was not provided') },
      { field: 'input.extra', message: expect.stringContaining('is not defined by type') },
    ]);
  });

  it('leaves errors that are not about a literal value alone', () => {
    expect(problems(`{ q(unknown: 1) nope }`)).toEqual([undefined, undefined]);
  });
});
