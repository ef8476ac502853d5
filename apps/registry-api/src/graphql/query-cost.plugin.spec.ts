import { OperationDefinitionNode, parse } from 'graphql';
import { ANONYMOUS, Role, TokenActor } from '@insyn/access';
import {
  costBudgetOf,
  expandedFieldCount,
  KnownCosts,
  QUERY_LIMITS,
  variablesShape,
} from './query-cost.plugin';

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

describe('KnownCosts', () => {
  const document = parse(
    'query Q($q: String, $first: Int, $on: Boolean!) { a(q: $q, first: $first) @include(if: $on) { b } }',
  );
  const operation = document.definitions[0] as OperationDefinitionNode;

  it('estimates a document once per shape of its variables, whatever their strings say', () => {
    const known = new KnownCosts();
    const estimate = jest.fn((): number | null => 42);
    for (const q of ['parkering', 'kamera buller', '']) {
      expect(known.costOf(document, operation, { q, first: 20, on: true }, estimate)).toBe(42);
    }
    expect(estimate).toHaveBeenCalledTimes(1);
    // Numbers, booleans, nulls and list lengths are part of the shape.
    known.costOf(document, operation, { q: 'x', first: 50, on: true }, estimate);
    known.costOf(document, operation, { q: 'x', first: 50, on: false }, estimate);
    known.costOf(document, operation, { q: null, first: 50, on: false }, estimate);
    expect(estimate).toHaveBeenCalledTimes(4);
  });

  it('keeps estimates per parsed document and does not keep refusals', () => {
    const known = new KnownCosts();
    const other = parse('query Q { a { b } }');
    known.costOf(document, operation, {}, () => 1);
    expect(known.costOf(other, other.definitions[0] as OperationDefinitionNode, {}, () => 2)).toBe(
      2,
    );
    const refuse = jest.fn(() => {
      throw new Error('too many fields');
    });
    const big = parse('{ c }');
    const bigOperation = big.definitions[0] as OperationDefinitionNode;
    expect(() => known.costOf(big, bigOperation, {}, refuse)).toThrow('too many fields');
    expect(() => known.costOf(big, bigOperation, {}, refuse)).toThrow('too many fields');
    expect(refuse).toHaveBeenCalledTimes(2);
  });

  it('does not keep a failed estimate in place of a real one of the same shape', () => {
    const known = new KnownCosts();
    // An enum value that does not coerce, then one that does: the same shape.
    expect(known.costOf(document, operation, { q: 'NOPE' }, () => null)).toBeNull();
    expect(known.costOf(document, operation, { q: 'ALGORITHM' }, () => 90_000)).toBe(90_000);
  });

  it('shapes variables without their strings', () => {
    expect(variablesShape({ q: 'kamera', filter: { kind: ['ALGORITHM'] }, first: 5 })).toBe(
      '{"q":"","filter":{"kind":[""]},"first":5}',
    );
    expect(variablesShape(undefined)).toBe('{}');
  });
});
