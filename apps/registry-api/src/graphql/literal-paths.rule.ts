import { ASTNode, GraphQLError, Kind, ValidationRule, ValueNode } from 'graphql';
import { FieldProblem } from '@insyn/errors';
import { nameOf, plainScalarMessage } from './field-paths';
import { ScalarValueError } from './scalars/scalar-value.error';

/** The path from its argument of every literal value node validated (`input.lifecycle.startDate`). */
const PATHS = new WeakMap<ASTNode, string>();

/**
 * Records where each literal value stands, as a path from the field argument it belongs to, so
 * that graphql-js's own refusal of a literal of the wrong type (`asOf: "yesterday"`, an unknown
 * enum value, a missing required field of an input object) can be answered like a variable of
 * the wrong type: BAD_USER_INPUT naming the field (see `literalProblem`). Validation only
 * records; it refuses nothing.
 */
export const literalPathsRule: ValidationRule = () => {
  const record = (node: ValueNode, path: string) => {
    PATHS.set(node, path);
    if (node.kind === Kind.OBJECT) {
      for (const field of node.fields) {
        const at = `${path}.${field.name.value}`;
        PATHS.set(field, at);
        record(field.value, at);
      }
    } else if (node.kind === Kind.LIST) {
      node.values.forEach((item, i) => record(item, `${path}.${i}`));
    }
  };
  return {
    Argument(node) {
      record(node.value, node.name.value);
    },
  };
};

/** graphql-js naming a field missing from an object literal (reported on the object). */
const MISSING_FIELD = /^Field "[^".]+\.([^".]+)" of required type "[^"]+" was not provided\.$/;

/**
 * The field problem of a validation error about a literal value, named from its argument; or
 * undefined for any other error (unknown fields or arguments, syntax…), which stays as it is.
 * Only graphql-js's ValuesOfCorrectTypeRule reports on a value node alone.
 */
export function literalProblem(error: unknown): FieldProblem | undefined {
  if (!(error instanceof GraphQLError) || error.nodes?.length !== 1) return undefined;
  const path = PATHS.get(error.nodes[0]);
  if (path === undefined) return undefined;
  // Apollo hands the formatter its own ValidationError, with graphql-js's as the original.
  const scalar = [error, error.originalError].find((e) => e instanceof ScalarValueError);
  if (scalar) return { field: path, message: `${nameOf(path)} ${scalar.message}` };
  // A scalar that threw something else than a GraphQL error: graphql-js appends its message,
  // which is ours, not meant for the client.
  let cause: unknown = error.originalError;
  while (cause instanceof GraphQLError) cause = cause.originalError;
  if (cause instanceof Error)
    return { field: path, message: `${nameOf(path)} has a value that could not be read` };
  const missing = MISSING_FIELD.exec(error.message);
  if (missing) return { field: `${path}.${missing[1]}`, message: error.message };
  return { field: path, message: plainScalarMessage(path, error.message) };
}
