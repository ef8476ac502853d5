import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { Logger } from 'pino';
import { DomainError, ErrorCode } from '@insyn/errors';
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

/** graphql-js's parser stopping at `maxTokens` (a syntax error to Apollo, a query limit to us). */
const TOKEN_LIMIT = /^Syntax Error: Document contains more tha[nt] \d+ tokens\./; // 16.15 says \"that\"

/** A refusal by the query limits, which Apollo reports as a parse or validation failure. */
function isQueryLimit(error: unknown): boolean {
  if (!(error instanceof GraphQLError)) return false;
  if (error instanceof QueryLimitError || error.originalError instanceof QueryLimitError)
    return true;
  return TOKEN_LIMIT.test(error.message);
}

/**
 * The one place errors become GraphQL errors: domain errors keep their code and field paths,
 * anything unexpected becomes INTERNAL_SERVER_ERROR with no stack, SQL or message leaked.
 */
export function createErrorFormatter(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const { locations, path } = formatted;
    if (original instanceof DomainError) {
      return {
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
      };
    }
    if (original instanceof VariableInputError) {
      return {
        message: original.message,
        locations,
        extensions: { code: ErrorCode.BAD_USER_INPUT, fields: original.fields },
      };
    }
    if (isQueryLimit(error)) {
      return { message: formatted.message, locations, extensions: { code: QUERY_TOO_COMPLEX } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PROTOCOL_CODES.has(code)) {
      return { message: formatted.message, locations, path, extensions: { code } };
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
