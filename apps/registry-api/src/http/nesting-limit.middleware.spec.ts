import { getIntrospectionQuery } from 'graphql';
import { jsonNestingOver } from '@insyn/errors';
import { documentNestingOver } from './nesting-limit.middleware';

/** `depth` arrays inside one another, built without recursion (JSON.stringify would overflow). */
const nestedArrays = (depth: number) => {
  let value: unknown = [];
  for (let i = 1; i < depth; i++) value = [value];
  return value;
};

describe('jsonNestingOver', () => {
  it('counts arrays and objects, the value itself included', () => {
    expect(jsonNestingOver('text', 0)).toBe(false);
    expect(jsonNestingOver({}, 1)).toBe(false);
    expect(jsonNestingOver({ a: [] }, 1)).toBe(true);
    expect(jsonNestingOver({ a: [{ b: 1 }], c: 'x' }, 3)).toBe(false);
    expect(jsonNestingOver({ a: [{ b: [] }] }, 3)).toBe(true);
    expect(jsonNestingOver(nestedArrays(64), 64)).toBe(false);
    expect(jsonNestingOver(nestedArrays(65), 64)).toBe(true);
  });

  it('finds the deep branch among wide ones', () => {
    const wide = Array.from({ length: 10_000 }, (_, i) => [i, [i]]);
    expect(jsonNestingOver({ wide, deep: nestedArrays(70) }, 64)).toBe(true);
    expect(jsonNestingOver({ wide }, 64)).toBe(false);
  });

  it('walks any depth without recursion', () => {
    expect(jsonNestingOver(JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), 64)).toBe(
      true,
    );
  });
});

describe('documentNestingOver', () => {
  it('counts selection sets, lists, objects and arguments', () => {
    expect(documentNestingOver('{ a }', 1)).toBe(false);
    expect(documentNestingOver('{ a { b } }', 1)).toBe(true);
    expect(documentNestingOver('{ a(x: [1]) }', 2)).toBe(true);
    expect(documentNestingOver('{ a(x: [1]) }', 3)).toBe(false);
    expect(documentNestingOver(`{ a(x: ${'['.repeat(2_400)}${']'.repeat(2_400)}) }`, 64)).toBe(
      true,
    );
    expect(documentNestingOver(`${'{ a '.repeat(65)}${'}'.repeat(65)}`, 64)).toBe(true);
    expect(documentNestingOver(`${'{ a '.repeat(64)}${'}'.repeat(64)}`, 64)).toBe(false);
  });

  it('skips brackets in strings, block strings and comments', () => {
    const brackets = '{[('.repeat(50);
    expect(documentNestingOver(`{ a(x: "${brackets}\\"${brackets}") }`, 3)).toBe(false);
    expect(documentNestingOver(`{ a(x: """${brackets}\\"""${brackets}""") }`, 3)).toBe(false);
    expect(documentNestingOver(`# ${brackets}\n{ a }`, 3)).toBe(false);
    // The string ended: what follows counts again.
    expect(documentNestingOver(`{ a(x: "}}}") { b { c { d } } } }`, 3)).toBe(true);
    expect(documentNestingOver(`{ a(x: """}}}""") { b { c { d } } } }`, 3)).toBe(true);
  });

  it('lets the introspection query through', () => {
    expect(documentNestingOver(getIntrospectionQuery({ descriptions: true }), 64)).toBe(false);
  });
});
