import { ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  DocumentNode,
  FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  GraphQLSchema,
  isLeafType,
  isListType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  ValidationContext,
  ValidationRule,
} from 'graphql';
import { ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import type { Request } from 'express';
import { Actor, ANONYMOUS, Role } from '@insyn/access';
import { ErrorCode } from '@insyn/errors';
import { inputListProblems } from './input-list-limit';

/**
 * Limits per operation. Each is checked before any resolver runs, in this order: document length
 * and nesting (HTTP middleware, before parsing), tokens (while parsing), depth, aliases and directives (graphql-armor
 * validation rules), fields once fragments are expanded, then the estimated cost
 * (graphql-query-complexity), whose budget depends on the caller (`costBudgetOf`).
 */
export const QUERY_LIMITS = {
  /** Characters of the query document (large values belong in variables). */
  maxDocumentLength: 100_000,
  /**
   * Levels of brackets inside one another: arrays and objects in the request's JSON (variables,
   * extensions), and `{`, `[`, `(` in the query document. Checked without recursion before
   * anything walks the request by recursion (`nestingLimit`, an HTTP middleware).
   */
  maxNesting: 64,
  /** Lexical tokens of the document (graphql-js stops parsing past it). */
  maxTokens: 5_000,
  /** Field nesting; fragments add no level of their own. Introspection is not counted. */
  maxDepth: 12,
  /** Aliased fields, counted through fragments (`__typename` aliases are free). */
  maxAliases: 20,
  /** Directives (`@include`, `@skip`, …), counted through fragments. */
  maxDirectives: 20,
  /** Fields once every fragment spread is expanded (bounds the cost estimate's own work). */
  maxFields: 5_000,
  /** Estimated cost, I/O of root fields included: anonymous callers, editors and reviewers. */
  maxCost: 25_000,
  /**
   * Estimated cost for AUDITOR and ADMIN tokens, four times the public budget: register-wide
   * audit questions fit in one query, while anonymous callers cannot afford them.
   */
  maxCostForAuditors: 100_000,
} as const;

export type QueryLimits = { readonly [K in keyof typeof QUERY_LIMITS]: number };

/** The roles with the auditors' cost budget. */
const AUDITOR_BUDGET_ROLES: ReadonlySet<Role> = new Set([Role.AUDITOR, Role.ADMIN]);

/** The cost budget of a caller, and how a refusal names it. */
export function costBudgetOf(
  actor: Actor,
  limits: QueryLimits = QUERY_LIMITS,
): { maxCost: number; caller: string } {
  if (actor.kind === 'token' && AUDITOR_BUDGET_ROLES.has(actor.role)) {
    return { maxCost: limits.maxCostForAuditors, caller: 'auditors and admins' };
  }
  return {
    maxCost: limits.maxCost,
    caller: actor.kind === 'anonymous' ? 'anonymous callers' : `${actor.role.toLowerCase()}s`,
  };
}

/**
 * What one root field costs before its selection: each one reaches PostgreSQL or Meilisearch at
 * least once, whatever it selects, so aliasing it many times multiplies real I/O.
 */
export const ROOT_FIELD_COST = { database: 500, search: 2_500 } as const;
/** Root fields answered by the search engine; every other root field reaches the database. */
const SEARCH_ROOT_FIELDS = new Set(['search']);

/**
 * Lists without `first` are assumed to hold this many items when estimating cost. Those that grow
 * with the register (an entry's versions and relations, which lead back to entries with the same
 * lists) may hold far more: what a request resolves of them is bounded as it runs instead
 * (`list-item-budget.ts`), whatever the register holds.
 */
const ASSUMED_LIST_LENGTH = 5;

/** The code of every refusal by these limits (HTTP 400). */
export const QUERY_TOO_COMPLEX = ErrorCode.QUERY_TOO_COMPLEX;

/** A refusal by one of the limits above; the error formatter keeps its code. */
export class QueryLimitError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: QUERY_TOO_COMPLEX, http: { status: 400 } } });
  }
}

/**
 * Depth, alias and directive limits as graphql-armor validation rules. Their refusals are
 * reported as validation errors (never thrown), so every rule's problem is listed at once.
 */
export function queryLimitRules(limits: QueryLimits = QUERY_LIMITS): ValidationRule[] {
  const report = (context: ValidationContext | null, error: GraphQLError) =>
    context?.reportError(new QueryLimitError(error.message.replace(/^Syntax Error: /, '')));
  const common = { exposeLimits: true, propagateOnRejection: false, onReject: [report] };
  return [
    maxDepthRule({ ...common, n: limits.maxDepth, flattenFragments: true }),
    maxAliasesRule({ ...common, n: limits.maxAliases }),
    maxDirectivesRule({ ...common, n: limits.maxDirectives }),
  ];
}

/**
 * Cost of a field: a root field costs its I/O; leaves are otherwise free; objects cost 1 plus
 * their children; lists multiply their children by `first` when given (capped by the resolvers
 * anyway) or by a nominal length.
 */
function ioAwareEstimator(schema: GraphQLSchema): ComplexityEstimator {
  const roots = new Set([schema.getQueryType(), schema.getMutationType()].filter(Boolean));
  return ({ type: parent, field, args, childComplexity }) => {
    // (`__typename` and introspection's meta-fields reach neither server.)
    const io =
      !roots.has(parent as never) || field.name.startsWith('__')
        ? 0
        : SEARCH_ROOT_FIELDS.has(field.name)
          ? ROOT_FIELD_COST.search
          : ROOT_FIELD_COST.database;
    const type = getNullableType(field.type);
    if (isLeafType(getNamedType(type))) return io;
    const first = typeof args.first === 'number' && args.first > 0 ? args.first : undefined;
    if (first !== undefined) return io + 1 + first * childComplexity;
    return io + 1 + (isListType(type) ? ASSUMED_LIST_LENGTH : 1) * childComplexity;
  };
}

/**
 * Number of fields the operation selects once fragments are expanded, computed without
 * expanding them: each fragment is counted once and remembered, so `{ ...A ...A }` nested 30
 * fragments deep costs 30 steps, not 2^30. (graphql-query-complexity walks every spread again,
 * so this bound is checked before it runs.)
 */
export function expandedFieldCount(document: DocumentNode, operation: OperationDefinitionNode) {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition);
  }
  const counted = new Map<string, number>();
  const count = (set: SelectionSetNode | undefined): number => {
    let fields = 0;
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) fields += 1 + count(selection.selectionSet);
      else if (selection.kind === Kind.INLINE_FRAGMENT) fields += count(selection.selectionSet);
      else {
        const name = selection.name.value;
        if (!counted.has(name)) {
          counted.set(name, 0); // a cycle (refused by validation anyway) counts nothing
          counted.set(name, count(fragments.get(name)?.selectionSet));
        }
        fields += counted.get(name)!;
      }
    }
    return fields;
  };
  return count(operation.selectionSet);
}

export interface QueryCostPluginOptions {
  limits?: QueryLimits;
  /**
   * The caller of a request (once per request: the authentication guard reuses it). Asked only
   * for an operation over the public budget that carries an Authorization header; without it,
   * every caller has the public budget.
   */
  actorOf?: (req: Request) => Promise<Actor>;
}

/**
 * Refuses operations expanding to too many fields or estimated too costly for their caller,
 * before any resolver runs (document length and nesting: `documentLengthLimit` and
 * `nestingLimit`, HTTP middleware; tokens:
 * the parser's `maxTokens`; depth, aliases and directives: `queryLimitRules`). An operation
 * within the public budget never waits for authentication here; one over it is refused without
 * any I/O when anonymous, and after the token's one lookup otherwise.
 */
export function queryCostPlugin(options: QueryCostPluginOptions = {}): ApolloServerPlugin<{
  req?: Request;
}> {
  const limits = options.limits ?? QUERY_LIMITS;
  const known = new KnownCosts();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation, schema, contextValue }) {
          if (!operation) return;
          // Apollo runs every plugin's hook at once: a list over its limit is variableInputPlugin's
          // refusal, and estimating would coerce every item of it first.
          if (inputListProblems(schema, document, operation, request.variables).length) return;
          const cost = known.costOf(document, operation, request.variables, () => {
            const fields = expandedFieldCount(document, operation);
            if (fields > limits.maxFields) {
              throw new QueryLimitError(
                `The query selects ${fields} fields once its fragments are expanded; at most ${limits.maxFields} are allowed`,
              );
            }
            try {
              return getComplexity({
                schema,
                query: document,
                variables: request.variables,
                operationName: request.operationName,
                estimators: [ioAwareEstimator(schema)],
              });
            } catch {
              // Variables that do not coerce: execution reports them as BAD_USER_INPUT, naming the field.
              return null;
            }
          });
          if (cost === null || cost <= limits.maxCost) return;
          const caller = await callerOf(contextValue.req, options.actorOf);
          const budget = costBudgetOf(caller ?? ANONYMOUS, limits);
          if (cost > budget.maxCost) {
            throw new QueryLimitError(
              `The query is estimated to cost ${cost}; at most ${budget.maxCost} is allowed for ${caller ? budget.caller : 'callers without a valid token'} (each root field reaches the database or search; ask for fewer items, fields or aliases)`,
            );
          }
        },
      };
    },
  };
}

/** Variables shapes remembered per document; past it, that document's memory starts afresh. */
const SHAPES_PER_DOCUMENT = 64;

/**
 * Estimated costs of operations already seen. Apollo's document store hands back the same parsed
 * document for the same query text, so the estimate is kept per document (weakly: it goes when
 * the store drops the document), per operation and per shape of the variables: every number,
 * boolean, null, list length and object key, but not the text of strings. The estimate reads
 * only `first` and the document; strings (search words, ids, enum values) change nothing in it
 * but whether the variables coerce, which variableInputPlugin checks on every request anyway.
 * Refusals (too many fields) and failed estimates (variables that do not coerce) are not kept:
 * they are estimated again each time, so a failed estimate cannot stand in for a real one.
 */
export class KnownCosts {
  private readonly byDocument = new WeakMap<DocumentNode, Map<string, number>>();

  costOf(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown> | undefined,
    estimate: () => number | null,
  ): number | null {
    let shapes = this.byDocument.get(document);
    if (!shapes) this.byDocument.set(document, (shapes = new Map()));
    const key = `${operation.name?.value ?? ''}\u0000${variablesShape(variables)}`;
    const known = shapes.get(key);
    if (known !== undefined) return known;
    const cost = estimate();
    // Not kept: no estimate (variables that do not coerce: another request of the same shape
    // whose strings do coerce must still be estimated), and refusals (thrown).
    if (cost === null) return null;
    if (shapes.size >= SHAPES_PER_DOCUMENT) shapes.clear();
    shapes.set(key, cost);
    return cost;
  }
}

/**
 * The variables with every string replaced by the empty string. JSON.stringify recurses: the
 * nesting limit (`nestingLimit`, before Apollo) keeps the variables far from the stack's depth.
 */
export function variablesShape(variables: Record<string, unknown> | undefined): string {
  return JSON.stringify(variables ?? {}, (_key, value: unknown) =>
    typeof value === 'string' ? '' : value,
  );
}

/**
 * The caller, for the budget; null when the request's token does not authenticate (it gets the
 * public budget here; the authentication guard refuses it, UNAUTHENTICATED, if the operation
 * runs).
 */
async function callerOf(
  req: Request | undefined,
  actorOf: QueryCostPluginOptions['actorOf'],
): Promise<Actor | null> {
  if (!req || !actorOf || req.headers.authorization === undefined) return ANONYMOUS;
  return actorOf(req).catch(() => null);
}
