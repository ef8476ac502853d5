import type { Application, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { sendGraphQLError } from './graphql-error-response';

/** What this middleware reads of the router's layers (router 2, Express 5). */
interface RouteLayer {
  match(path: string): boolean;
  route?: {
    path: string;
    methods: Record<string, boolean>;
    _handlesMethod(method: string): boolean;
    _methods(): string[];
  };
}

/**
 * Another method on one of the API's own addresses (POST or DELETE on `/health`, an export, a
 * sign, the published schema): 405 Method Not Allowed with the `Allow` header, instead of the
 * framework's 404, which says the address does not exist. The methods are the routes' own, read
 * from the router (nothing kept by hand). The site's addresses have their own answer
 * (siteMethodNotAllowed, before this one); `skip` names other paths to leave alone (GraphQL
 * answers its own methods). OPTIONS goes on (CORS preflight).
 */
export function routeMethodNotAllowed(
  express: Application,
  log: Logger,
  skip: (path: string) => boolean,
): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'OPTIONS' || skip(req.path)) {
      next();
      return;
    }
    const { stack } = (express as unknown as { router: { stack: RouteLayer[] } }).router;
    const allowed = new Set<string>();
    for (const layer of stack) {
      if (!layer.route || isCatchAll(layer.route) || !layer.match(req.path)) continue;
      if (layer.route._handlesMethod(req.method)) {
        next();
        return;
      }
      for (const method of layer.route._methods()) allowed.add(method.toUpperCase());
    }
    // No route has the address: the framework's 404.
    if (!allowed.size) {
      next();
      return;
    }
    const methods = [...allowed].sort();
    log.info(
      { method: req.method, path: req.path, status: 405 },
      'request refused: method not allowed',
    );
    res.status(405).setHeader('Allow', methods.join(', '));
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      statusCode: 405,
      message: `${req.method} is not allowed here; this address takes ${methods.join(', ')}`,
      error: 'Method Not Allowed',
    });
  };
}

/**
 * A route for any address or any method: Nest's middleware for every route (`{/*splat}`, each
 * method registered), `.all()`, or one whose first segment is a parameter (the site's `/:lang`,
 * which answers 404 for what is no language): it does not tell that an address exists.
 */
function isCatchAll(route: NonNullable<RouteLayer['route']>): boolean {
  return route.methods._all === true || route.path.includes('*') || route.path.startsWith('/:');
}

/**
 * A method other than GET, HEAD and POST on the GraphQL endpoint (`path`, and with a trailing
 * slash), whatever its headers, and OPTIONS on what lies under it (the published schema, the
 * explorer's files; routeMethodNotAllowed answers their other methods). Apollo refused PUT
 * with a JSON body 405, but PUT, DELETE or PATCH without one, and every OPTIONS (a browser's CORS
 * preflight of another site's page: GraphQL sends no CORS headers, so there is nothing to
 * allow), 400 as a possible CSRF. Here all of them are 405 with `Allow`, a GraphQL-shaped
 * BAD_REQUEST.
 */
export function graphqlMethodNotAllowed(path: string, log: Logger): RequestHandler {
  return (req, res, next) => {
    const endpoint = req.path.replace(/\/+$/, '') === path;
    const under = !endpoint && req.path.startsWith(`${path}/`);
    if (
      endpoint ? ['GET', 'HEAD', 'POST'].includes(req.method) : !under || req.method !== 'OPTIONS'
    ) {
      next();
      return;
    }
    const allow = endpoint ? 'GET, POST' : 'GET, HEAD';
    log.info(
      { method: req.method, path: req.path, status: 405 },
      'request refused: method not allowed',
    );
    res.status(405).setHeader('Allow', allow);
    res.setHeader('Cache-Control', 'no-store');
    sendGraphQLError(
      res,
      405,
      'BAD_REQUEST',
      `${req.method} is not allowed here; this address takes ${allow}${req.method === 'OPTIONS' ? ' (GraphQL answers no CORS preflight: a page of another site cannot call it from a browser)' : ''}`,
    );
  };
}
