import { GraphQLScalarType, Kind, ObjectValueNode, ValueNode } from 'graphql';
import { jsonNestingOver } from '@insyn/errors';
import { ScalarValueError } from './scalar-value.error';

/**
 * Levels of arrays and objects in one JSON object value, itself included. A GeoJSON
 * MultiPolygon needs 5 (object, coordinates, polygon, ring, position); a FeatureCollection of
 * GeometryCollections under 10.
 */
export const MAX_JSON_OBJECT_NESTING = 16;

const NOT_AN_OBJECT = 'must be a JSON object';
const TOO_DEEP = `must be a JSON object nested at most ${MAX_JSON_OBJECT_NESTING} levels deep (arrays and objects)`;

function checked(value: unknown, node?: ValueNode): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ScalarValueError(NOT_AN_OBJECT, node);
  }
  if (jsonNestingOver(value, MAX_JSON_OBJECT_NESTING)) throw new ScalarValueError(TOO_DEEP, node);
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
  description: `A JSON object as specified by [ECMA-404](http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf). In inputs, at most ${MAX_JSON_OBJECT_NESTING} levels of arrays and objects, the object itself included.`,
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
