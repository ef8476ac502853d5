import type { Request, RequestHandler } from 'express';
import { Logger } from 'pino';
import { ErrorCode, jsonNestingOver } from '@insyn/errors';
import { sendGraphQLError } from './graphql-error-response';

/**
 * Whether a GraphQL document opens more than `max` brackets (`{`, `[`, `(`) inside one another:
 * selection sets, list and object values, arguments. Strings, block strings and comments are
 * skipped. graphql-js parses (and validates) nesting by recursion, so this runs before parsing:
 * within the token limit, 2,500 nested lists or selection sets overflow the parser's stack.
 */
export function documentNestingOver(text: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '#') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (c === '"') {
      if (text.startsWith('"""', i)) {
        // A block string ends at the next """ not escaped as \""".
        for (i += 3; i < text.length && !text.startsWith('"""', i); i++) {
          if (text.startsWith('\\"""', i)) i += 3;
        }
        i += 2;
      } else {
        for (i++; i < text.length && text[i] !== '"' && text[i] !== '\n'; i++) {
          if (text[i] === '\\') i++;
        }
      }
    } else if (c === '{' || c === '[' || c === '(') {
      if (++depth > max) return true;
    } else if ((c === '}' || c === ']' || c === ')') && depth > 0) {
      depth--;
    }
  }
  return false;
}

/** The GraphQL request's parts: from a POST body, or a GET request's query string. */
function requestParts(req: Request): { document: unknown; json: unknown[] } {
  const body: unknown = req.body;
  if (body !== undefined && body !== null && typeof body === 'object') {
    return { document: (body as Record<string, unknown>).query, json: [body] };
  }
  const params = (req.query ?? {}) as Record<string, unknown>;
  const json: unknown[] = [];
  for (const name of ['variables', 'extensions']) {
    const text = params[name];
    if (typeof text !== 'string') continue;
    try {
      json.push(JSON.parse(text));
    } catch {
      // Not JSON: Apollo refuses it (BAD_REQUEST).
    }
  }
  return { document: params.query, json };
}

/**
 * Refuses a GraphQL request nested more than `maxNesting` levels deep (HTTP 400,
 * QUERY_TOO_COMPLEX) before anything walks it by recursion: the JSON of the request (the whole
 * body; a GET request's `variables` and `extensions`) and the brackets of the query document.
 * Deeper nesting used to reach a recursive walk (the cost plugin's JSON.stringify of the
 * variables, graphql-js's parser) and overflow the stack: HTTP 500, or the RangeError's message
 * in the answer. Logged at info (an expected refusal).
 */
export function nestingLimit(maxNesting: number, log: Logger): RequestHandler {
  return (req, res, next) => {
    const { document, json } = requestParts(req);
    const where = json.some((value) => jsonNestingOver(value, maxNesting))
      ? 'The request (its variables or extensions)'
      : typeof document === 'string' && documentNestingOver(document, maxNesting)
        ? 'The query document'
        : undefined;
    if (!where) return next();
    log.info(
      { code: ErrorCode.QUERY_TOO_COMPLEX, client: req.ip, limit: 'maxNesting' },
      'request refused',
    );
    sendGraphQLError(
      res,
      400,
      ErrorCode.QUERY_TOO_COMPLEX,
      `${where} is nested more than ${maxNesting} levels deep; at most ${maxNesting} levels of brackets are allowed`,
    );
  };
}
