import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

/**
 * Refuses an address whose path is not valid percent-encoded UTF-8 (`%E0`, `%ED%A0%80`, `%ZZ`)
 * with a plain 400, before any route decodes its parameters: the router would otherwise answer
 * with its own JSON, echoing the bytes, outside the site's pages and the API's error shape.
 * Nothing in the registry has such an address.
 */
export function malformedPathGuard(log: Logger): RequestHandler {
  return (req, res, next) => {
    try {
      decodeURIComponent(req.path);
    } catch {
      log.info({ client: req.ip }, 'request refused: undecodable path');
      res
        .status(400)
        .type('text/plain; charset=utf-8')
        .send('Bad request: the address is not valid percent-encoded UTF-8.\n');
      return;
    }
    next();
  };
}
