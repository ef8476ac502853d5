import { GraphQLScalarType, Kind, ObjectValueNode, ValueNode } from 'graphql';
import { jsonNestingOver } from '@insyn/errors';
import { ScalarValueError } from './scalar-value.error';

/**
 * Levels of arrays and objects in one JSON object value, itself included. A GeoJSON
 * MultiPolygon needs 5 (object, coordinates, polygon, ring, position); a FeatureCollection of
 * GeometryCollections under 10.
 */
export const MAX_JSON_OBJECT_NESTING = 16;

/**
 * Members of one object, and values in all (members, items, the objects and arrays themselves).
 * A GeoJSON area at its limit of 10,000 positions of three numbers holds about 45,000 values, in
 * objects of a few members. Above these, the validation pipe's deep copy of the object came
 * before any rule looked at it: an area with 140,000 members in one object held the server for
 * 10 s.
 */
export const MAX_JSON_OBJECT_MEMBERS = 100;
export const MAX_JSON_OBJECT_VALUES = 60_000;

const NOT_AN_OBJECT = 'must be a JSON object';
const TOO_DEEP = `must be a JSON object nested at most ${MAX_JSON_OBJECT_NESTING} levels deep (arrays and objects)`;
const TOO_WIDE = `must be a JSON object whose objects have at most ${MAX_JSON_OBJECT_MEMBERS} members each`;
const TOO_LARGE = `must be a JSON object of at most ${MAX_JSON_OBJECT_VALUES.toLocaleString('en-US')} values in all (members, items, objects and arrays)`;

/** What is wrong with the size of a JSON value, counted without recursion; null when nothing. */
function sizeProblem(value: object): string | null {
  const stack: unknown[] = [value];
  let values = 0;
  while (stack.length) {
    const item = stack.pop();
    values++;
    if (values > MAX_JSON_OBJECT_VALUES) return TOO_LARGE;
    if (typeof item !== 'object' || item === null) continue;
    if (Array.isArray(item)) {
      for (let i = 0; i < item.length && values + stack.length <= MAX_JSON_OBJECT_VALUES; i++)
        stack.push(item[i]);
      if (values + stack.length > MAX_JSON_OBJECT_VALUES) return TOO_LARGE;
    } else {
      let members = 0;
      for (const key in item) {
        if (++members > MAX_JSON_OBJECT_MEMBERS) return TOO_WIDE;
        stack.push((item as Record<string, unknown>)[key]);
      }
    }
  }
  return null;
}

function checked(value: unknown, node?: ValueNode): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ScalarValueError(NOT_AN_OBJECT, node);
  }
  if (jsonNestingOver(value, MAX_JSON_OBJECT_NESTING)) throw new ScalarValueError(TOO_DEEP, node);
  const tooBig = sizeProblem(value);
  if (tooBig) throw new ScalarValueError(tooBig, node);
  return value as Record<string, unknown>;
}

/**
 * The value of a literal. Recursive, but on a document whose nesting `nestingLimit` bounded
 * (QUERY_LIMITS.maxNesting) before it was parsed.
 */
function literalValue(node: ValueNode, variables: Record<string, unknown> | null | undefined) {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return parseFloat(node.value);
    case Kind.OBJECT:
      return objectValue(node, variables);
    case Kind.LIST:
      return node.values.map((item): unknown => literalValue(item, variables));
    case Kind.VARIABLE:
      return variables ? variables[node.name.value] : undefined;
    default: // NULL; an enum value is no JSON
      return null;
  }
}

function objectValue(node: ObjectValueNode, variables: Record<string, unknown> | null | undefined) {
  // No prototype: a key `__proto__` is a key like any other.
  const value = Object.create(null) as Record<string, unknown>;
  for (const field of node.fields) value[field.name.value] = literalValue(field.value, variables);
  return value;
}

/**
 * A JSON object (the GeoJSON areas), in place of graphql-scalars' JSONObject, whose refusals
 * printed the refused value into the message (`${value}` of an array, which for a deeply nested
 * one overflowed the stack and answered "Maximum call stack size exceeded"). Here a value that is
 * not an object, or is nested deeper than MAX_JSON_OBJECT_NESTING, is refused with a message that
 * names the field (BAD_USER_INPUT) and quotes nothing of the value. Answers are unchanged.
 */
export const JsonObjectScalar = new GraphQLScalarType<Record<string, unknown>, unknown>({
  name: 'JSONObject',
  description: `A JSON object as specified by [ECMA-404](http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf). In inputs, at most ${MAX_JSON_OBJECT_NESTING} levels of arrays and objects, the object itself included; at most ${MAX_JSON_OBJECT_MEMBERS} members in each object and ${MAX_JSON_OBJECT_VALUES.toLocaleString('en-US')} values in all.`,
  specifiedByURL: 'http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf',
  serialize: (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new TypeError('JSONObject cannot represent a value that is not an object');
    }
    return value;
  },
  parseValue: (value) => checked(value),
  parseLiteral: (node, variables) => {
    if (node.kind !== Kind.OBJECT) throw new ScalarValueError(NOT_AN_OBJECT, node);
    return checked(objectValue(node, variables), node);
  },
});
