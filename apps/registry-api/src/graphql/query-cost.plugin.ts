import { ApolloServerPlugin } from '@apollo/server';
import {
  DocumentNode,
  FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  isLeafType,
  isListType,
  Kind,
  SelectionSetNode,
} from 'graphql';
import { ComplexityEstimator, getComplexity } from 'graphql-query-complexity';

/** Limits per operation (the roadmap's per-role budgets will vary these by role). */
export const QUERY_LIMITS = { maxDepth: 12, maxCost: 25_000 } as const;

/** Lists without `first` are assumed to hold this many items when estimating cost. */
const ASSUMED_LIST_LENGTH = 5;

/**
 * Cost of a field: leaves are free, objects cost 1 plus their children, lists multiply their
 * children by `first` when given (capped by the resolvers anyway) or by a nominal length.
 */
const pageAwareEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  const type = getNullableType(field.type);
  if (isLeafType(getNamedType(type))) return 0;
  const first = typeof args.first === 'number' && args.first > 0 ? args.first : undefined;
  if (first !== undefined) return 1 + first * childComplexity;
  return 1 + (isListType(type) ? ASSUMED_LIST_LENGTH : 1) * childComplexity;
};

/** Deepest field nesting of the operation, following fragments; introspection is not counted. */
export function queryDepth(document: DocumentNode, operationName?: string | null): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition);
  }
  const depthOf = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
    if (!set) return 0;
    let deepest = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        deepest = Math.max(deepest, 1 + depthOf(selection.selectionSet, seen));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(selection.selectionSet, seen));
      } else if (!seen.has(selection.name.value)) {
        const fragment = fragments.get(selection.name.value);
        deepest = Math.max(
          deepest,
          depthOf(fragment?.selectionSet, new Set([...seen, selection.name.value])),
        );
      }
    }
    return deepest;
  };
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation =
    operations.find((o) => !operationName || o.name?.value === operationName) ?? operations[0];
  return operation ? depthOf(operation.selectionSet, new Set()) : 0;
}

function tooComplex(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } },
  });
}

/**
 * Refuses operations nested too deeply or estimated too costly before any resolver runs
 * (graphql-query-complexity estimates; the depth walk is ours, as that library does not measure depth).
 */
export function queryCostPlugin(
  limits: { maxDepth: number; maxCost: number } = QUERY_LIMITS,
): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          const depth = queryDepth(document, request.operationName);
          if (depth > limits.maxDepth) {
            throw tooComplex(
              `The query nests ${depth} levels deep; at most ${limits.maxDepth} are allowed`,
            );
          }
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              variables: request.variables,
              operationName: request.operationName,
              estimators: [pageAwareEstimator],
            });
          } catch {
            // Variables that do not coerce: execution reports them as BAD_USER_INPUT, naming the field.
            return;
          }
          if (cost > limits.maxCost) {
            throw tooComplex(
              `The query is estimated to cost ${cost}; at most ${limits.maxCost} is allowed (ask for fewer items or fields)`,
            );
          }
        },
      };
    },
  };
}
