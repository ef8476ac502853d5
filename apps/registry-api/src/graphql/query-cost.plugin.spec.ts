import { OperationDefinitionNode, parse } from 'graphql';
import { ANONYMOUS, Role, TokenActor } from '@insyn/access';
import { costBudgetOf, expandedFieldCount, QUERY_LIMITS } from './query-cost.plugin';

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

describe('costBudgetOf', () => {
  const holder = (role: Role): TokenActor => ({
    kind: 'token',
    tokenId: '11111111-1111-4111-8111-111111111111',
    personId: null,
    label: role,
    role,
    departmentId: null,
  });

  it('gives auditors and admins four times the public budget, everyone else the public one', () => {
    expect(QUERY_LIMITS.maxCostForAuditors).toBe(4 * QUERY_LIMITS.maxCost);
    expect(costBudgetOf(ANONYMOUS)).toEqual({ maxCost: 25_000, caller: 'anonymous callers' });
    expect(costBudgetOf(holder(Role.EDITOR))).toEqual({ maxCost: 25_000, caller: 'editors' });
    expect(costBudgetOf(holder(Role.REVIEWER))).toEqual({ maxCost: 25_000, caller: 'reviewers' });
    for (const role of [Role.AUDITOR, Role.ADMIN])
      expect(costBudgetOf(holder(role))).toEqual({
        maxCost: 100_000,
        caller: 'auditors and admins',
      });
  });
});
