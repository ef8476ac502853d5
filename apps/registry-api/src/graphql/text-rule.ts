import {
  defaultFieldResolver,
  GraphQLArgument,
  GraphQLFieldResolver,
  GraphQLInputType,
  GraphQLSchema,
  isInputObjectType,
  isIntrospectionType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
} from 'graphql';
import { acceptText, BadInputError, FieldProblem, textProblem } from '@insyn/errors';
import { nameOf } from './field-paths';

/**
 * The text rule (`textProblem` in @insyn/errors: no control characters but tab and newline, no
 * bidirectional controls, no unpaired surrogates; trimmed) applied in one place to every string
 * a client sends.
 *
 * Why here: the rule must hold for every String and ID, whether it is a scalar argument
 * (`entry(slug:)`, `search(query:)`, `after`), a field of an input object at any depth or an item
 * of a list, and whether it came as a literal, a variable or a default. Once graphql-js has
 * coerced a field's arguments, all of these are one value typed by the schema, so this transform
 * wraps the resolver of every field whose arguments can hold a string, walks the coerced
 * arguments against their types, and hands the resolver the trimmed values. It runs before
 * Nest's guards, pipes and resolvers, so nothing downstream (authentication, class-validator,
 * SQL, Meilisearch) sees a refused string, and no resolver has to remember it. A custom scalar
 * replacing String would have to change every field of the schema; a Nest pipe would come after
 * the guards and could not tell a String from a JSON value.
 *
 * String and ID values are checked and trimmed. Values of other scalars that can carry text
 * (JSON, GeoJSON, any scalar added later) are checked, keys included, and left as they are.
 * Refusal: BAD_USER_INPUT naming every offending path from the argument (`input.keywords.2`,
 * `slug`), before anything is read or written.
 */
export function withTextRule(schema: GraphQLSchema): GraphQLSchema {
  const checkers = new Map<GraphQLInputType, Checker | null>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const argumentCheckers = field.args
        .map((arg) => [arg, checkerOf(arg.type, checkers)] as const)
        .filter((pair): pair is readonly [GraphQLArgument, Checker] => pair[1] !== null);
      if (argumentCheckers.length) {
        field.resolve = checkedResolver(field.resolve ?? defaultFieldResolver, argumentCheckers);
      }
    }
  }
  return schema;
}

/** Returns the value to use (trimmed) and pushes the problems found under `path`. */
type Checker = (value: unknown, path: string, problems: FieldProblem[]) => unknown;

function checkedResolver(
  resolve: GraphQLFieldResolver<unknown, unknown>,
  argumentCheckers: readonly (readonly [GraphQLArgument, Checker])[],
): GraphQLFieldResolver<unknown, unknown> {
  return (source, args: Record<string, unknown>, context, info) => {
    const problems: FieldProblem[] = [];
    let checked = args;
    for (const [arg, check] of argumentCheckers) {
      const value = args[arg.name];
      if (value === undefined || value === null) continue;
      const result = check(value, arg.name, problems);
      if (result !== value) checked = { ...checked, [arg.name]: result };
    }
    if (problems.length) throw new BadInputError(problems);
    return resolve(source, checked, context, info);
  };
}

/** Scalars that cannot carry text: nothing to check. */
const NO_TEXT = new Set(['Int', 'Float', 'Boolean']);

/** The checker of a type, or null when no value of it can hold text. */
function checkerOf(
  type: GraphQLInputType,
  memo: Map<GraphQLInputType, Checker | null>,
): Checker | null {
  if (isNonNullType(type)) return checkerOf(type.ofType, memo);
  if (isListType(type)) {
    const item = checkerOf(type.ofType, memo);
    if (!item) return null;
    return (value, path, problems) => {
      if (!Array.isArray(value)) return item(value, path, problems);
      return copyOnChange(value, (v, i) =>
        v === null || v === undefined ? v : item(v, `${path}.${i}`, problems),
      );
    };
  }
  if (memo.has(type)) return memo.get(type)!;
  if (isScalarType(type)) {
    let checker: Checker | null = checkDeep;
    if (type.name === 'String' || type.name === 'ID') checker = checkText;
    else if (NO_TEXT.has(type.name) && isSpecifiedScalarType(type)) checker = null;
    memo.set(type, checker);
    return checker;
  }
  if (!isInputObjectType(type)) {
    memo.set(type, null); // enums
    return null;
  }
  // Input objects may refer to themselves: the checker looks its fields up on first use.
  let fieldCheckers: (readonly [string, Checker])[] | undefined;
  const checker: Checker = (value, path, problems) => {
    fieldCheckers ??= Object.values(type.getFields())
      .map((f) => [f.name, checkerOf(f.type, memo)] as const)
      .filter((pair): pair is readonly [string, Checker] => pair[1] !== null);
    if (typeof value !== 'object' || value === null) return value;
    const object = value as Record<string, unknown>;
    let out = object;
    for (const [name, check] of fieldCheckers) {
      const fieldValue = object[name];
      if (fieldValue === undefined || fieldValue === null) continue;
      const result = check(fieldValue, `${path}.${name}`, problems);
      if (result === fieldValue) continue;
      if (out === object) out = { ...object };
      out[name] = result;
    }
    return out;
  };
  memo.set(type, checker);
  // Known now, so that a type of which no field can hold text costs nothing at run time.
  // (A field referring back to this type counts as "may hold text" meanwhile.)
  const anyText = Object.values(type.getFields()).some((f) => checkerOf(f.type, memo) !== null);
  if (!anyText) {
    memo.set(type, null);
    return null;
  }
  return checker;
}

/** String and ID: checked, then trimmed. */
const checkText: Checker = (value, path, problems) => {
  if (typeof value !== 'string') return value;
  // A CRLF line break (what browsers send from a textarea) is a newline; a lone CR is refused.
  const accepted = acceptText(value);
  if ('problem' in accepted) {
    problems.push({ field: path, message: `${nameOf(path)} ${accepted.problem}` });
    return value;
  }
  return accepted.text;
};

/** Any other value (JSON): every string in it, keys included, checked; nothing changed. */
const checkDeep: Checker = (value, path, problems) => {
  const visit = (v: unknown, at: string) => {
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) problems.push({ field: at, message: `${nameOf(at)} ${problem}` });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, `${at}.${i}`));
    } else if (typeof v === 'object' && v !== null && !(v instanceof Date)) {
      for (const [key, item] of Object.entries(v)) {
        const problem = textProblem(key);
        if (problem) problems.push({ field: at, message: `${nameOf(at)} keys ${problem}` });
        else visit(item, `${at}.${key}`);
      }
    }
  };
  visit(value, path);
  return value;
};

/** `items.map(f)`, or the same array when f changed no item. */
function copyOnChange(items: unknown[], f: (item: unknown, i: number) => unknown): unknown[] {
  let out = items;
  items.forEach((item, i) => {
    const result = f(item, i);
    if (result === item) return;
    if (out === items) out = items.slice();
    out[i] = result;
  });
  return out;
}
