import type { ErrorRequestHandler, RequestHandler } from 'express';
import { Logger } from 'pino';
import { ErrorCode } from '@insyn/errors';
import { redactQuery } from '@insyn/observability';
import { LIMITS } from '../entries/inputs/input-limits';
import { MAX_POSITIONS } from '../graphql/validation/geojson-area.validator';
import { sendSiteTooLarge, sendSiteUnreadableForm } from '../site/http/site-plain-pages';
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

/**
 * body-parser's `verify` for form posts: every name and value must percent-decode to UTF-8. The
 * parser keeps a value it cannot decode as it came (`a%ED%A0%80b`), which would then be stored
 * as that text; a browser never sends one, so it is refused (400) like an undecodable address.
 */
export function refuseUndecodableForm(_req: unknown, _res: unknown, body: Buffer): void {
  for (const part of body.toString('latin1').split('&')) {
    try {
      decodeURIComponent(part.replace(/\+/g, ' '));
    } catch {
      throw Object.assign(new Error('undecodable form'), {
        status: 400,
        type: 'form.undecodable',
      });
    }
  }
}

/** Decodes UTF-8 and refuses what is not (the built-in decoder would put U+FFFD in its place). */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * body-parser's `verify` for JSON: the bytes must be UTF-8. The parser decodes anything else with
 * U+FFFD in place of each bad byte (a Latin-1 `ä` from a Windows client), and that text would be
 * stored, past the text rule, which never sees the bytes; refused (400) as the README says.
 */
export function refuseNonUtf8Json(_req: unknown, _res: unknown, body: Buffer): void {
  try {
    STRICT_UTF8.decode(body);
  } catch {
    throw Object.assign(new Error('body not UTF-8'), { status: 400, type: 'body.not.utf8' });
  }
}

/** What body-parser sets on the errors it raises. */
interface BodyParserError {
  type?: string;
  status?: number;
  length?: number;
  /** The body's text, on a JSON parse failure. */
  body?: unknown;
}

/** body-parser's refusals that say the body was too big: as many bytes, or as many form fields. */
const TOO_LARGE = new Set(['entity.too.large', 'parameters.too.many']);

/**
 * What each of body-parser's refusals tells the client, in its own words; the parser's type names
 * only the log. Anything else is "could not be read".
 */
const BODY_REFUSALS: Record<string, string> = {
  'entity.parse.failed': 'The request body is not valid JSON',
  'stream.inflate.failed': 'The request body does not inflate as its Content-Encoding says',
  'form.undecodable': 'The form is not percent-encoded UTF-8',
  'querystring.parse.rangeError': 'The form nests its fields deeper than this server reads',
  'charset.unsupported': 'The request body must be UTF-8',
  'body.not.utf8': 'The request body must be UTF-8',
  'encoding.unsupported': 'The request body’s Content-Encoding is not one this server reads',
};

/**
 * Before the body parsers: a body whose `Content-Length` already says it is over the limit is
 * refused at once (413, as the parsers' own refusal), with `Connection: close`. body-parser
 * refuses it too, but only after reading the whole body off the connection, so that a client
 * announcing 100 GB and sending nothing held it until the request timeout, and an honest
 * uploader of 3 MB waited for the upload to end. A compressed body is left to the parsers: the
 * limit is on what it inflates to.
 */
export function declaredBodyLimit(limit: number, log: Logger): RequestHandler {
  return (req, res, next) => {
    const declared = Number(req.headers['content-length']);
    const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    if (!(declared > limit) || encoding !== 'identity') return next();
    log.info(
      { client: req.ip, url: redactQuery(req.originalUrl), refused: 'entity.too.large' },
      'request body refused',
    );
    // The body is not read: the connection cannot carry another request after this answer.
    res.setHeader('Connection', 'close');
    if (sendSiteTooLarge(req, res)) return;
    sendGraphQLError(
      res,
      413,
      ErrorCode.PAYLOAD_TOO_LARGE,
      `The request body is ${declared} bytes; at most ${limit} are accepted`,
    );
  };
}

/**
 * After the body parsers: their refusals as GraphQL-shaped answers with a code, never Express's
 * HTML page. Over the limit, in bytes or in form fields: HTTP 413 PAYLOAD_TOO_LARGE; malformed
 * JSON, a bad encoding or charset, a form nested too deep: its 4xx with BAD_REQUEST. A browser's
 * post to a site page gets a short page in its language instead. Logged at info (an expected
 * refusal, not a fault).
 */
export function bodyErrorHandler(log: Logger): ErrorRequestHandler {
  return (error: BodyParserError, req, res, next) => {
    // body-parser's own refusals carry a type; a compressed body that does not inflate comes as
    // zlib's error with only a 4xx status set on it.
    const status = error?.status;
    if (typeof status !== 'number' || status < 400 || status >= 500) return next(error);
    const type = typeof error.type === 'string' ? error.type : 'stream.inflate.failed';
    log.info(
      { client: req.ip, url: redactQuery(req.originalUrl), refused: type },
      'request body refused',
    );
    if (TOO_LARGE.has(type)) {
      // A resident's browser posting a site form gets a page it can read; everything else the JSON.
      if (sendSiteTooLarge(req, res)) return;
      return sendGraphQLError(
        res,
        413,
        ErrorCode.PAYLOAD_TOO_LARGE,
        type === 'parameters.too.many'
          ? 'The form has more fields than this server reads'
          : error.length === undefined
            ? `The request body is over the limit (as sent, or once inflated); at most ${BODY_LIMIT_BYTES} bytes are accepted`
            : `The request body is ${error.length} bytes; at most ${BODY_LIMIT_BYTES} are accepted`,
      );
    }
    if (sendSiteUnreadableForm(req, res, status)) return;
    sendGraphQLError(
      res,
      status,
      'BAD_REQUEST',
      type === 'entity.parse.failed' && isJson(error.body)
        ? // The strict parser's refusal of valid JSON that is no object or array (`42`, `null`).
          'The request body is not a JSON object'
        : (BODY_REFUSALS[type] ?? 'The request body could not be read'),
    );
  };
}

function isJson(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
