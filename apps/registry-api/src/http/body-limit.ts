import type { ErrorRequestHandler } from 'express';
import { Logger } from 'pino';
import { ErrorCode } from '@insyn/errors';
import { redactQuery } from '@insyn/observability';
import { LIMITS } from '../entries/inputs/input-limits';
import { MAX_POSITIONS } from '../graphql/validation/geojson-area.validator';
import { sendGraphQLError } from './graphql-error-response';

const MiB = 1024 * 1024;

/**
 * Sizes from which the body limit is derived: the largest valid input must reach validation
 * (and a too-long text must reach it too, to be refused naming its field), never the body limit.
 */
export const BODY_SIZES = {
  /** A position `[lon, lat, alt]` at full double precision, with brackets and commas. */
  bytesPerPosition: 65,
  /** A character escaped as `\uXXXX`, as clients that escape non-ASCII send å, ä and ö. */
  bytesPerEscapedCharacter: 6,
  /** A text this many times over the longest text limit still gets BAD_USER_INPUT. */
  refusedTextFactor: 5,
  /** The rest of one entry: every other field filled. */
  restOfEntry: 512 * 1024,
} as const;

/** The largest valid area (MAX_POSITIONS positions): 650,000 bytes. */
export const LARGEST_AREA_BYTES = MAX_POSITIONS * BODY_SIZES.bytesPerPosition;
/** A text five times over `LIMITS.long` (100,000 characters), escaped: 600,000 bytes. */
export const LONGEST_REFUSED_TEXT_BYTES =
  LIMITS.long * BODY_SIZES.refusedTextFactor * BODY_SIZES.bytesPerEscapedCharacter;

/** Largest request body read (JSON or form), rounded up to whole MiB: 2 MiB. */
export const BODY_LIMIT_BYTES =
  Math.ceil((LARGEST_AREA_BYTES + LONGEST_REFUSED_TEXT_BYTES + BODY_SIZES.restOfEntry) / MiB) * MiB;

/** What body-parser sets on the errors it raises. */
interface BodyParserError {
  type?: string;
  status?: number;
  length?: number;
}

/**
 * After the body parsers: their refusals as GraphQL-shaped answers with a code, never Express's
 * HTML page. Over the limit: HTTP 413 PAYLOAD_TOO_LARGE; malformed JSON or a bad encoding:
 * its 4xx with BAD_REQUEST. Logged at info (an expected refusal, not a fault).
 */
export function bodyErrorHandler(log: Logger): ErrorRequestHandler {
  return (error: BodyParserError, req, res, next) => {
    if (typeof error?.type !== 'string' || typeof error.status !== 'number') return next(error);
    log.info(
      { client: req.ip, url: redactQuery(req.originalUrl), refused: error.type },
      'request body refused',
    );
    if (error.type === 'entity.too.large') {
      return sendGraphQLError(
        res,
        413,
        ErrorCode.PAYLOAD_TOO_LARGE,
        `The request body is ${error.length ?? 'over'} bytes; at most ${BODY_LIMIT_BYTES} are accepted`,
      );
    }
    const message =
      error.type === 'entity.parse.failed'
        ? 'The request body is not valid JSON'
        : `The request body could not be read (${error.type})`;
    sendGraphQLError(
      res,
      error.status >= 400 && error.status < 500 ? error.status : 400,
      'BAD_REQUEST',
      message,
    );
  };
}
