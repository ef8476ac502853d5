import { OperationDefinitionNode, parse } from 'graphql';
import { expandedFieldCount } from './query-cost.plugin';

function count(query: string): number {
  const document = parse(query);
  const operation = document.definitions.find((d) => d.kind === 'OperationDefinition');
  return expandedFieldCount(document, operation as OperationDefinitionNode);
}

describe('expandedFieldCount', () => {
  it('counts fields, inline fragments and spreads as if expanded', () => {
    expect(count('{ a { b c } d }')).toBe(4);
    expect(count('{ a { ... on T { b c } } }')).toBe(3);
    expect(count('{ ...F x: a { ...F } } fragment F on T { b { c } }')).toBe(5);
  });

  it('counts a fan-out of 40 levels (2^40 fields) without expanding it', () => {
    const levels = 40;
    const query = [
      '{ ...G0 }',
      ...Array.from(
        { length: levels },
        (_, i) => `fragment G${i} on Q { ...G${i + 1} ...G${i + 1} }`,
      ),
      `fragment G${levels} on Q { p { c } }`,
    ].join('\n');
    const started = performance.now();
    expect(count(query)).toBe(2 * 2 ** levels);
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('ends on fragment cycles (which validation refuses anyway)', () => {
    expect(count('{ ...A } fragment A on Q { a ...B } fragment B on Q { b ...A }')).toBe(2);
  });
});
