import {
  getNamedType,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputType,
  GraphQLSchema,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';

/**
 * Every place a client can put a string, found in the schema itself: each String or ID argument
 * of a root field, and each String or ID field of its input objects at any depth (list items at
 * index 0). A field added to the schema is covered by the tests without being listed by hand.
 */
export interface StringSlot {
  operation: 'query' | 'mutation';
  field: string;
  /** From the argument: `slug`, `input.keywords.0`, `filter.actorLabel`. */
  path: string[];
}

export function stringSlots(schema: GraphQLSchema): StringSlot[] {
  const slots: StringSlot[] = [];
  const roots = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const;
  for (const [operation, root] of roots) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      for (const arg of field.args) {
        for (const path of stringPaths(arg.type, [arg.name], new Set())) {
          slots.push({ operation, field: field.name, path });
        }
      }
    }
  }
  return slots;
}

function stringPaths(type: GraphQLInputType, at: string[], seen: Set<string>): string[][] {
  if (isNonNullType(type)) return stringPaths(type.ofType, at, seen);
  if (isListType(type)) return stringPaths(type.ofType, [...at, '0'], seen);
  if (isScalarType(type)) return type.name === 'String' || type.name === 'ID' ? [at] : [];
  if (!isInputObjectType(type) || seen.has(type.name)) return [];
  const inside = new Set(seen).add(type.name);
  return Object.values(type.getFields()).flatMap((f) =>
    stringPaths(f.type, [...at, f.name], inside),
  );
}

/** A valid value of a scalar, or of an input type's required fields only. */
const SAMPLE_SCALARS: Record<string, unknown> = {
  String: 'x',
  ID: '00000000-0000-4000-8000-000000000000',
  Int: 1,
  Float: 0,
  Boolean: false,
  CalendarDate: '2026-01-01',
  DateTime: '2026-01-01T00:00:00Z',
  JSON: {},
  JSONObject: {},
};

function minimal(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return minimal(type.ofType);
  if (isListType(type)) return [];
  if (isScalarType(type)) return SAMPLE_SCALARS[type.name];
  if (isEnumType(type)) return type.getValues()[0].value;
  const value: Record<string, unknown> = {};
  for (const f of Object.values(type.getFields())) {
    if (isNonNullType(f.type) && f.defaultValue === undefined) value[f.name] = minimal(f.type);
  }
  return value;
}

/** `value` at `path` inside a minimal value of `type` (`path` without the argument's name). */
function withValueAt(type: GraphQLInputType, path: string[], value: unknown): unknown {
  if (!path.length) return value;
  if (isNonNullType(type)) return withValueAt(type.ofType, path, value);
  if (isListType(type)) {
    const item = withValueAt(type.ofType as GraphQLInputType, path.slice(1), value);
    return [item];
  }
  if (!isInputObjectType(type)) throw new Error(`no field ${path.join('.')} in ${String(type)}`);
  const [name, ...rest] = path;
  const object = minimal(type) as Record<string, unknown>;
  object[name] = withValueAt(type.getFields()[name].type, rest, value);
  return object;
}

/**
 * An operation with the slot's root field aliased `s0`, `value` at the slot and valid minimal
 * values for the other required arguments, all sent as variables.
 */
export function operationFor(
  schema: GraphQLSchema,
  slot: StringSlot,
  value: string,
): { query: string; variables: Record<string, unknown> } {
  const root = slot.operation === 'query' ? schema.getQueryType()! : schema.getMutationType()!;
  const field: GraphQLField<unknown, unknown> = root.getFields()[slot.field];
  const definitions: string[] = [];
  const variables: Record<string, unknown> = {};
  const passed = field.args
    .filter(
      (a: GraphQLArgument) =>
        a.name === slot.path[0] || (isNonNullType(a.type) && a.defaultValue === undefined),
    )
    .map((a) => {
      definitions.push(`$${a.name}: ${String(a.type)}`);
      variables[a.name] =
        a.name === slot.path[0] ? withValueAt(a.type, slot.path.slice(1), value) : minimal(a.type);
      return `${a.name}: $${a.name}`;
    });
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  return {
    query: `${slot.operation}(${definitions.join(', ')}) { s0: ${field.name}(${passed.join(', ')})${selection} }`,
    variables,
  };
}
