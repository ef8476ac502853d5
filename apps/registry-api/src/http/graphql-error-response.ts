import type { Response } from 'express';
import { ErrorCode } from '@insyn/errors';

/**
 * Answers a request refused before GraphQL (rate limit, body size) with a GraphQL-shaped body,
 * so that clients read every refusal the same way: `errors[0].extensions.code`.
 */
export function sendGraphQLError(
  res: Response,
  status: number,
  code: ErrorCode | 'BAD_REQUEST',
  message: string,
): void {
  res
    .status(status)
    .type('application/json')
    .send(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}
