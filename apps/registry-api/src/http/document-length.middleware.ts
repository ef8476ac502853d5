import type { RequestHandler } from 'express';
import { ErrorCode } from '@insyn/errors';
import { sendGraphQLError } from './graphql-error-response';

/**
 * Refuses a GraphQL document longer than `maxLength` characters before it is parsed (HTTP 400,
 * QUERY_TOO_COMPLEX): large values belong in variables. The token limit does not bound length,
 * as comments and string literals are few tokens.
 */
export function documentLengthLimit(maxLength: number): RequestHandler {
  return (req, res, next) => {
    const body: unknown = req.body;
    const fromBody =
      body && typeof body === 'object' ? (body as Record<string, unknown>).query : undefined;
    const query = fromBody ?? (req.query as Record<string, unknown> | undefined)?.query;
    if (typeof query === 'string' && query.length > maxLength) {
      return sendGraphQLError(
        res,
        400,
        ErrorCode.QUERY_TOO_COMPLEX,
        `The query document is ${query.length} characters long; at most ${maxLength} are allowed (send large values as variables)`,
      );
    }
    next();
  };
}
