import { ApolloServerPlugin } from '@apollo/server';
import {
  coerceInputValue,
  DocumentNode,
  GraphQLError,
  GraphQLSchema,
  isInputType,
  isNonNullType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  typeFromAST,
  ValueNode,
} from 'graphql';
import { BadInputError, ErrorCode, FieldProblem } from '@insyn/errors';
import { nameOf, plainScalarMessage } from './field-paths';
import { inputListProblems } from './input-list-limit';
import { ScalarValueError } from './scalars/scalar-value.error';

/**
 * Variables that do not fit their type (an unknown enum value, a string for an Int, a missing
 * required field), answered like the validation pipe's problems: BAD_USER_INPUT with
 * `extensions.fields` named from the argument (`input.impactAssessments.0.type`), whatever the
 * variable is called. HTTP 400: nothing was executed.
 */
export class VariableInputError extends GraphQLError {
  constructor(readonly fields: FieldProblem[]) {
    super(new BadInputError(fields).message, {
      extensions: { code: ErrorCode.BAD_USER_INPUT, fields, http: { status: 400 } },
    });
  }
}

/** graphql-js names a missing or unknown field in its message, at the path of its parent. */
const NAMED_FIELD =
  /^Field "([^"]+)" (?:of required type "[^"]+" was not provided|is not defined by type "[^"]+")\./;

/**
 * Where each variable is first used, as the path from a field argument (`input`, or
 * `input.contact.email` when the variable stands inside an object literal). Fragments included.
 */
function variableUses(document: DocumentNode, operation: OperationDefinitionNode) {
  const uses = new Map<string, string>();
  const seen = new Set<string>();
  const fromValue = (value: ValueNode, path: string) => {
    if (value.kind === Kind.VARIABLE) {
      if (!uses.has(value.name.value)) uses.set(value.name.value, path);
    } else if (value.kind === Kind.OBJECT) {
      for (const field of value.fields) fromValue(field.value, `${path}.${field.name.value}`);
    } else if (value.kind === Kind.LIST) {
      value.values.forEach((item, i) => fromValue(item, `${path}.${i}`));
    }
  };
  const fromSet = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        for (const argument of selection.arguments ?? [])
          fromValue(argument.value, argument.name.value);
        fromSet(selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        fromSet(selection.selectionSet);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = document.definitions.find(
          (d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value,
        );
        if (fragment?.kind === Kind.FRAGMENT_DEFINITION) fromSet(fragment.selectionSet);
      }
    }
  };
  fromSet(operation.selectionSet);
  return uses;
}

/**
 * A coercion error wrapping an exception a scalar threw that was not a GraphQL error: its message
 * (graphql-js appends it) is ours, not meant for the client.
 */
function isInternal(error: GraphQLError): boolean {
  return error.originalError !== undefined && !(error.originalError instanceof GraphQLError);
}

/**
 * Every problem of the operation's variables, named from the arguments they feed; or, when a list
 * (in the variables or the document) holds more items than its field allows, those lists alone.
 */
export function variableProblems(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
): FieldProblem[] {
  // Lists over their limits first, before coercion walks every item of them.
  const tooLong = inputListProblems(schema, document, operation, variables);
  if (tooLong.length) return tooLong;
  const uses = variableUses(document, operation);
  const problems: FieldProblem[] = [];
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type);
    if (!type || !isInputType(type)) continue; // refused by validation already
    const base = uses.get(name) ?? name;
    const value = variables[name];
    if (value === undefined) {
      if (isNonNullType(type) && !definition.defaultValue)
        problems.push({ field: base, message: `a value is required` });
      continue;
    }
    coerceInputValue(value, type, (path, _invalid, error) => {
      const named = NAMED_FIELD.exec(error.message);
      const field = [base, ...path, ...(named ? [named[1]] : [])].join('.');
      const message =
        error instanceof ScalarValueError
          ? `${nameOf(field)} ${error.message}`
          : isInternal(error)
            ? `${nameOf(field)} has a value that could not be read`
            : plainScalarMessage(field, error.message);
      problems.push({ field, message });
    });
  }
  return problems;
}

/**
 * Checks variables before execution (and before graphql-js would, which names the variable and
 * gives no field list), so that type errors have the shape of validation errors.
 */
export function variableInputPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation, schema }) {
          if (!operation) return;
          const problems = variableProblems(schema, document, operation, request.variables);
          if (problems.length) throw new VariableInputError(problems);
        },
      };
    },
  };
}
