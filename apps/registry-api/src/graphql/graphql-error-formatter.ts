import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { Logger } from 'pino';
import { databaseErrorCause, isDatabaseOutOfService, isPoolExhausted } from '@insyn/database';
import { BadInputError, DomainError, ErrorCode } from '@insyn/errors';
import { literalProblem } from './literal-paths.rule';
import { QUERY_TOO_COMPLEX, QueryLimitError } from './query-cost.plugin';
import { RateLimitedError } from './rate-limited.error';
import { VariableInputError } from './variable-input.plugin';

/** Codes of errors GraphQL itself raises for malformed requests; safe to show as they are. */
const PROTOCOL_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  QUERY_TOO_COMPLEX,
]);

/** Refusals worth a warning (security or a degraded dependency); other refusals are info. */
const WARN_CODES = new Set<string>([
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.SEARCH_UNAVAILABLE,
]);

/** graphql-js's parser stopping at `maxTokens` (a syntax error to Apollo, a query limit to us). */
const TOKEN_LIMIT = /^Syntax Error: Document contains more tha[nt] \d+ tokens\./; // 16.15: "that"

/** A refusal by the query limits, which Apollo reports as a parse or validation failure. */
function isQueryLimit(error: unknown): boolean {
  if (!(error instanceof GraphQLError)) return false;
  if (error instanceof QueryLimitError || error.originalError instanceof QueryLimitError)
    return true;
  return TOKEN_LIMIT.test(error.message);
}

/**
 * The error a resolver (or a plugin) threw. graphql-js wraps a thrown value that is not an Error of its own
 * realm (a driver's error seen from another VM context, as in Jest) as NonErrorThrown.
 */
function unwrap(error: unknown): unknown {
  // A domain error raised before execution (by a plugin) arrives wrapped, without a path.
  if (error instanceof GraphQLError && error.originalError instanceof DomainError)
    return error.originalError;
  const original = unwrapResolverError(error);
  if (original instanceof Error && original.name === 'NonErrorThrown' && 'thrownValue' in original)
    return original.thrownValue;
  return original;
}

/**
 * The exception under a GraphQL error that was not raised as a GraphQL error (a RangeError from a
 * stack overflow, a TypeError of a bug), however deeply wrapped; undefined when there is none.
 * Its message is ours, not the client's: it must not reach the answer.
 */
function internalCause(error: unknown): Error | undefined {
  let cause: unknown = error;
  while (cause instanceof GraphQLError) cause = cause.originalError;
  return cause instanceof Error ? cause : undefined;
}

/**
 * A request-level refusal Apollo raised without a code but with an HTTP status of 4xx (e.g.
 * "provided sha does not match query", which Apollo 5 raises so): BAD_REQUEST, not a fault.
 */
function isUncodedRefusal(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.extensions.code !== undefined) return false;
  const status = (error.extensions.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 && !internalCause(error);
}

/**
 * The one place errors become GraphQL errors: domain errors keep their code and field paths,
 * anything unexpected becomes INTERNAL_SERVER_ERROR with no stack, SQL or message leaked.
 * Logging: an expected refusal is one info or warn line (code, path, field names; no stack, no
 * input values); error level only for faults (the database down, anything unexpected).
 */
export function createErrorFormatter(log: Logger) {
  const refused = (answer: GraphQLFormattedError): GraphQLFormattedError => {
    const code = String(answer.extensions?.code);
    const fields = answer.extensions?.fields as { field: string }[] | undefined;
    log[WARN_CODES.has(code) ? 'warn' : 'info'](
      { code, path: answer.path, ...(fields ? { fields: fields.map((f) => f.field) } : {}) },
      'request refused',
    );
    return answer;
  };
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrap(error);
    const { locations, path } = formatted;
    if (original instanceof DomainError) {
      return refused({
        message: original.message,
        locations,
        path,
        extensions: {
          code: original.code,
          ...(original.fields.length ? { fields: original.fields } : {}),
          ...(original instanceof RateLimitedError
            ? { retryAfter: original.retryAfterSeconds }
            : {}),
        },
      });
    }
    if (isDatabaseOutOfService(original)) {
      // A real fault for the operator; the client only learns to come back later.
      // Every connection busy for DATABASE_POOL_TIMEOUT_SECONDS: load, or a fault holding them.
      if (isPoolExhausted(original)) log.error({ path }, 'database connection pool exhausted');
      else log.error({ path, cause: databaseErrorCause(original) }, 'database unavailable');
      return {
        message: 'The registry database is unavailable; try again shortly',
        locations,
        path,
        extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
      };
    }
    if (original instanceof VariableInputError) {
      return refused({
        message: original.message,
        locations,
        extensions: { code: ErrorCode.BAD_USER_INPUT, fields: original.fields },
      });
    }
    const literal = literalProblem(error);
    if (literal) {
      // A literal of the wrong type: the same shape as a variable of the wrong type.
      return refused({
        message: new BadInputError([literal]).message,
        locations,
        extensions: { code: ErrorCode.BAD_USER_INPUT, fields: [literal] },
      });
    }
    if (isQueryLimit(error)) {
      return refused({
        message: formatted.message,
        locations,
        extensions: { code: QUERY_TOO_COMPLEX },
      });
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PROTOCOL_CODES.has(code)) {
      const cause = internalCause(error);
      if (cause) {
        // Refused, but by an exception of ours (a limit missing before graphql-js recursed, say):
        // the client gets the code without the exception's message; the operator the stack.
        log.error({ err: cause, code, path }, 'unexpected error while refusing a GraphQL request');
        return {
          message: 'The request could not be processed',
          locations,
          path,
          extensions: { code },
        };
      }
      return refused({ message: formatted.message, locations, path, extensions: { code } });
    }
    if (isUncodedRefusal(error)) {
      return refused({
        message: formatted.message,
        locations,
        extensions: { code: 'BAD_REQUEST' },
      });
    }
    log.error({ err: original, path }, 'unexpected error in a GraphQL operation');
    return {
      message: 'Internal server error',
      locations,
      path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
