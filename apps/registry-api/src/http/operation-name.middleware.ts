import type { RequestHandler } from 'express';
import { Logger } from 'pino';
import { sendGraphQLError } from './graphql-error-response';

/** A GraphQL Name, which is all an operation's name can be (the spec's `Name` token). */
const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
/** Longer than any operation name a client writes; the document's own limit bounds the rest. */
const MAX_NAME_LENGTH = 200;

/**
 * Refuses an `operationName` that cannot name an operation (HTTP 400, BAD_REQUEST) before
 * Apollo reads it: anything but a GraphQL name, such as a lone surrogate or a control character,
 * which Apollo's "Unknown operation named …" echoed back to the client as sent. Null or absent is
 * no name (a document of one operation needs none). Not quoted back; logged at info.
 */
export function operationNameRule(log: Logger): RequestHandler {
  return (req, res, next) => {
    const body: unknown = req.body;
    const fromBody =
      body && typeof body === 'object' && !Array.isArray(body)
        ? (body as Record<string, unknown>).operationName
        : undefined;
    const name = fromBody ?? (req.query as Record<string, unknown> | undefined)?.operationName;
    if (
      name === undefined ||
      name === null ||
      (typeof name === 'string' && name.length <= MAX_NAME_LENGTH && NAME.test(name))
    )
      return next();
    log.info({ code: 'BAD_REQUEST', client: req.ip }, 'request refused');
    sendGraphQLError(
      res,
      400,
      'BAD_REQUEST',
      `operationName must be the name of an operation of the document: a GraphQL name (letters, digits and _, not starting with a digit) of at most ${MAX_NAME_LENGTH} characters`,
    );
  };
}
