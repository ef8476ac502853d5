import { ApolloServerPlugin } from '@apollo/server';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  BREAK,
  DocumentNode,
  getArgumentValues,
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSchema,
  GraphQLSkipDirective,
  Kind,
  OperationDefinitionNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { FieldProblem, toFieldProblems } from '@insyn/errors';
import { VariableInputError } from './variable-input.plugin';
import { inputListProblems } from './input-list-limit';

/**
 * A refusal of a nested field's arguments, answered as variables that do not fit are
 * (BAD_USER_INPUT with `extensions.fields`, HTTP 400, nothing executed).
 */
export class NestedArgumentError extends VariableInputError {}

/**
 * Every problem of the arguments given to the named fields below the root (fragments included,
 * fields left out by `@skip`/`@include` not), checked by their args classes as the validation
 * pipe checks them, and named by argument (`first`) as a root field's are.
 */
export function nestedArgumentProblems(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  argsTypes: ReadonlyMap<string, ClassConstructor<object>>,
  variables: Record<string, unknown> = {},
): FieldProblem[] {
  const problems = new Map<string, FieldProblem>();
  const roots = new Set([schema.getQueryType(), schema.getMutationType()].filter(Boolean));
  const typeInfo = new TypeInfo(schema);
  const left = (node: Parameters<typeof getDirectiveValues>[1]) =>
    getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true ||
    getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if === false;
  // The operation and the fragments (those it does not use are refused by validation).
  const parts = document.definitions.filter(
    (d) => d === operation || d.kind === Kind.FRAGMENT_DEFINITION,
  );
  for (const part of parts) {
    visit(
      part,
      visitWithTypeInfo(typeInfo, {
        Field(node) {
          if (left(node)) return false;
          const argsType = argsTypes.get(node.name.value);
          const field = typeInfo.getFieldDef();
          if (!argsType || !field || roots.has(typeInfo.getParentType() as never)) return;
          let values: Record<string, unknown>;
          try {
            values = getArgumentValues(field, node, variables);
          } catch {
            return; // a value of the wrong type: refused by validation or execution as ever
          }
          const errors = validateSync(plainToInstance(argsType, values), {
            whitelist: true,
            forbidUnknownValues: true,
            validationError: { target: false, value: false },
          });
          for (const problem of toFieldProblems(errors))
            problems.set(`${problem.field}\0${problem.message}`, problem);
        },
        InlineFragment: (node) => (left(node) ? false : undefined),
        FragmentSpread: (node) => (left(node) ? false : undefined),
      }),
    );
  }
  return [...problems.values()];
}

/**
 * Checks the arguments of the named nested fields before execution. Refused while executing, a
 * non-null field nulls its parent up to the nearest nullable one: `entry { publicConcerns(first:
 * 0) }` answered `entry: null`, as if there were no such entry. Refused here, the request is
 * answered as a root list's `first: 0` is. (The resolvers still check what needs the database.)
 */
export function nestedArgsPlugin(
  argsTypes: ReadonlyMap<string, ClassConstructor<object>>,
): ApolloServerPlugin {
  const named = new WeakMap<DocumentNode, boolean>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation, schema }) {
          if (!operation || !namesAny(document, argsTypes, named)) return;
          // A list over its limit is variableInputPlugin's refusal (the hooks run at once).
          if (inputListProblems(schema, document, operation, request.variables).length) return;
          const problems = nestedArgumentProblems(
            schema,
            document,
            operation,
            argsTypes,
            request.variables,
          );
          if (problems.length) throw new NestedArgumentError(problems);
        },
      };
    },
  };
}

/**
 * Whether a document names any of the fields at all, kept per parsed document: Apollo's document
 * store hands back the same document for the same query text, so the many requests that name
 * none (a search, an entry page) are not walked with type information on every request.
 */
function namesAny(
  document: DocumentNode,
  fields: ReadonlyMap<string, unknown>,
  known: WeakMap<DocumentNode, boolean>,
): boolean {
  let answer = known.get(document);
  if (answer === undefined) {
    answer = false;
    visit(document, {
      Field(node) {
        if (fields.has(node.name.value)) answer = true;
        return answer ? BREAK : undefined;
      },
    });
    known.set(document, answer);
  }
  return answer;
}
