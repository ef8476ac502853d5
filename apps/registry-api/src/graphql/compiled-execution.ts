import type {
  GatewayExecutor,
  GatewayGraphQLRequestContext,
  GatewayInterface,
} from '@apollo/server-gateway-interface';
import {
  execute,
  ExecutionResult,
  GraphQLError,
  GraphQLSchema,
  Kind,
  OperationTypeNode,
  visit,
} from 'graphql';
import { CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';

export interface CompiledExecutionOptions {
  /** The schema as Nest built it at last (GraphQLSchemaHost: sorted, with the text rule). */
  schema: () => GraphQLSchema;
  /** The execution of an operation that compiles it; the ones before run on graphql-js. 0: none. */
  compileAt: number;
  /** How many compiled operations are kept (least recently used go first). */
  maxCompiled?: number;
}

/** How often an operation ran is kept for this many operations, the most recent. */
const COUNTED_OPERATIONS = 2_000;

/**
 * Executes operations with graphql-jit instead of walking the document with graphql-js every
 * time (Issue 14: the auditor's page of 50 entries spent most of its CPU resolving fields).
 * Compiling takes longer than executing once (about 5–20 ms for the auditor's page), so an
 * operation is compiled on its `compileAt`-th execution, not its first: the registry's own
 * clients send the same texts again and again, while a caller sending ever new texts costs
 * what graphql-js costs and cannot make the API compile for each. Operations are known by
 * Apollo's hash of their text and their name; both caches are bounded.
 *
 * Apollo's gateway interface is its one public way to supply an executor. Apollo still parses,
 * validates, runs every plugin and formats errors as before; only execution changes, and the
 * resolvers, guards, pipes and DataLoaders are the schema's own. graphql-jit awaits only what
 * resolvers return: no field of the registry's schema is a Promise without a resolver.
 */
export class CompiledExecution {
  private readonly compileAt: number;
  private readonly runs = new LRUCache<string, number>({ max: COUNTED_OPERATIONS });
  private readonly compiled: LRUCache<string, CompiledQuery | 'uncompiled'>;

  constructor(private readonly options: CompiledExecutionOptions) {
    this.compileAt = options.compileAt;
    this.compiled = new LRUCache({ max: options.maxCompiled ?? 200 });
  }

  /** Apollo's options that hand execution to `execute`. */
  apolloOptions(): { gateway: GatewayInterface } {
    return {
      gateway: {
        // Apollo starts after Nest has built the schema.
        onSchemaLoadOrUpdate: (callback) => {
          callback({ apiSchema: this.options.schema(), coreSupergraphSdl: '' });
          return () => undefined;
        },
        load: () => Promise.resolve({ executor: this.execute }),
        stop: () => Promise.resolve(),
      },
    };
  }

  readonly execute: GatewayExecutor = async (request) => {
    const compiled = this.compiledFor(request);
    if (compiled) {
      const result = await compiled.query(undefined, request.context, request.request.variables);
      return result.errors ? { ...result, errors: result.errors.map(asGraphQLJsError) } : result;
    }
    return (await execute({
      schema: this.options.schema(),
      document: request.document,
      contextValue: request.context,
      variableValues: request.request.variables,
      // As the client named it: Apollo's resolved name is null when none matched, and graphql-js
      // must then refuse the operation, not run the document's only one.
      operationName: request.request.operationName,
    })) as ExecutionResult<Record<string, unknown>>;
  };

  /** The operation compiled, from its `compileAt`-th execution on; before, none. */
  private compiledFor(request: GatewayGraphQLRequestContext): CompiledQuery | undefined {
    if (this.compileAt === 0 || !isCompilable(request)) return undefined;
    const key = `${request.queryHash}:${request.operationName ?? ''}`;
    const known = this.compiled.get(key);
    if (known) return known === 'uncompiled' ? undefined : known;
    const runs = (this.runs.get(key) ?? 0) + 1;
    if (runs < this.compileAt) {
      this.runs.set(key, runs);
      return undefined;
    }
    this.runs.delete(key);
    let compiled: CompiledQuery | ExecutionResult | undefined;
    try {
      compiled = compileQuery(
        this.options.schema(),
        request.document,
        request.operationName ?? undefined,
        // Stacks are never shown, and capturing them costs every error.
        { disablingCapturingStackErrors: true },
      );
    } catch {
      compiled = undefined;
    }
    // Apollo validated the document; what graphql-jit cannot compile runs on graphql-js.
    const usable = compiled && isCompiledQuery(compiled) ? compiled : undefined;
    this.compiled.set(key, usable ?? 'uncompiled');
    return usable;
  }
}

/**
 * graphql-jit writes an operation's literal arguments into the code it generates with
 * JSON.stringify, then turns its own marker strings back into `NaN`, `Infinity` and
 * `new Date(…)` by a regular expression over that code. A literal that contains a marker forges
 * one: `"__MAGIC_DATE__…0)+anyCode()+(0"` runs anyCode in the API (graphql-jit 0.8.9, tried
 * here), and the NaN marker turns a text into NaN. Every marker begins so; names count too (a
 * JSON literal's keys are names).
 */
const JIT_MARKER = '__MAGIC_';

/**
 * Whether the operation may run compiled: a query (a mutation runs once per change, and graphql-js
 * keeps its order of side effects as it always has), resolved (an unknown operation name is
 * graphql-js's to refuse), with no text that could forge graphql-jit's markers (JIT_MARKER), whose
 * variables have no default and stand only as whole argument values: graphql-jit reads a literal around a variable
 * (`geoJson: { bbox: [$v] }`) when it compiles, without the variable, where graphql-js hands a
 * custom scalar's parseLiteral the variables too.
 */
function isCompilable(request: GatewayGraphQLRequestContext): boolean {
  if (request.operation?.operation !== OperationTypeNode.QUERY) return false;
  let inLiteral = 0;
  let compilable = true;
  const literal = {
    enter: () => void inLiteral++,
    leave: () => void inLiteral--,
  };
  const text = (node: { value: string }) => {
    if (node.value.includes(JIT_MARKER)) compilable = false;
  };
  visit(request.document, {
    [Kind.OBJECT]: literal,
    [Kind.LIST]: literal,
    [Kind.VARIABLE]: () => {
      if (inLiteral > 0) compilable = false;
    },
    // graphql-jit writes a variable's default with JSON.stringify: a DateTime default would
    // reach the resolver as a text, not the Date graphql-js makes of it.
    [Kind.VARIABLE_DEFINITION]: (node) => {
      if (node.defaultValue) compilable = false;
    },
    [Kind.STRING]: text,
    [Kind.NAME]: text,
    [Kind.ENUM]: text,
  });
  return compilable;
}

/**
 * graphql-jit's error as graphql-js makes it, which Apollo and the error formatter expect: its
 * `extensions` an object always (jit's are undefined unless the thrown error had some, and Apollo
 * reads `extensions.code`), taken from the thrown error as graphql-js takes them.
 */
function asGraphQLJsError(error: GraphQLError): GraphQLError {
  const located = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
  });
  (located as { locations?: GraphQLError['locations'] }).locations = error.locations;
  return located;
}
