import type { Server } from 'node:http';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, NestExpressApplication } from '@nestjs/platform-express';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { startTime } from 'pino-http';
import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { DataSource } from 'typeorm';
import { TOKEN_KEY, TokenKeyPresence, warnOfAdminTokens } from '@insyn/access';
import {
  warnOfRolePowers,
  migrateDatabase,
  ReadRouting,
  SchemaVersionWatch,
} from '@insyn/database';
import { RequestActors } from './auth/request-actors';
import { QUERY_LIMITS } from './graphql/query-cost.plugin';
import { documentLengthLimit } from './http/document-length.middleware';
import { operationNameRule } from './http/operation-name.middleware';
import { nestingLimit } from './http/nesting-limit.middleware';
import {
  BODY_LIMIT_BYTES,
  bodyErrorHandler,
  declaredBodyLimit,
  refuseNonUtf8Json,
  refuseUndecodableForm,
} from './http/body-limit';
import { answerClientErrors } from './http/client-errors';
import { malformedPathGuard } from './http/malformed-path.middleware';
import { siteMethodNotAllowed, siteMethodsOf } from './site/http/method-not-allowed.middleware';
import {
  graphqlMethodNotAllowed,
  routeMethodNotAllowed,
} from './http/route-method-not-allowed.middleware';
import { siteTrailingSlashRedirect } from './site/http/trailing-slash.middleware';
import { DEFAULT_RATE_LIMIT, rateLimitMiddleware } from './http/rate-limit.middleware';
import { RateLimitStorage } from './http/rate-limit-storage';
import { publicReadsMiddleware } from './http/public-reads.middleware';
import { cacheHeadersMiddleware } from './http/cache-headers.middleware';
import { publicCompression } from './http/public-compression.middleware';
import { RequestDrain } from './http/request-drain';
import { outdatedProcessGuard } from './http/outdated-process-guard';
import { noIndex } from './http/no-index.middleware';
import { permissionsPolicy, securityHeaderOptions } from './http/security-headers.middleware';
import { GRAPHQL_PATH, RegistryApiModule, RegistryApiOptions } from './registry-api.module';

/**
 * How long an idle keep-alive connection stays open: longer than the proxy in front keeps one
 * (Caddy's scale profile 60 s, see docker/Caddyfile.scale; cloud load balancers 60 s), so the
 * proxy, not the API, closes it. Node's default (5 s) closes connections a proxy is about to
 * reuse: the request sent at that moment meets ECONNRESET, and a POST is answered 502.
 */
export const HTTP_KEEP_ALIVE_TIMEOUT_MS = 65_000;
/** Longer than the keep-alive timeout, as Node requires for the two to work together. */
export const HTTP_HEADERS_TIMEOUT_MS = 66_000;
/**
 * The whole request, headers and body, must have arrived within this (then 408). Node's default,
 * 5 minutes, let a client that announced a body and never sent it hold a connection that long.
 * The largest body (2 MiB) takes about 45 s at 384 kbit/s, a slow mobile upload.
 */
export const HTTP_REQUEST_TIMEOUT_MS = 90_000;
/** How often Node looks for requests over their time (its default, 30 s, adds up to that much). */
const HTTP_TIMEOUT_CHECK_MS = 5_000;

/** The GraphQL endpoint itself: `/graphql`, and `/graphql/`. */
const isGraphqlEndpoint = (path: string): boolean => path.replace(/\/+$/, '') === GRAPHQL_PATH;

/** The endpoint and what lies under it (the explorer's assets, the schema). */
const isGraphqlPath = (path: string): boolean =>
  isGraphqlEndpoint(path) || path.startsWith(`${GRAPHQL_PATH}/`);

/**
 * Creates the API application, runs pending migrations, and returns it ready to listen.
 * HTTP middleware, in order: the count of requests in flight (for a graceful stop, RequestDrain),
 * the security headers (on every answer, refusals included), the rate limit (every request
 * counts, in the storage every API process shares), the read routing (public reads may use the
 * replica), the cache headers, the body parsers (their refusals answered as GraphQL-shaped
 * errors), the document length and nesting, then Nest's (request logging), routes and GraphQL.
 */
export async function createRegistryApi(options: RegistryApiOptions): Promise<INestApplication> {
  // One address per page: `/sv/SEARCH` or `/EXPORTS/entries.csv` is no address of ours (it was
  // served, naming itself canonical, and walked past robots.txt's `Disallow: /sv/search`). Set
  // before Nest registers a route: Express makes its router with the setting of that moment.
  const expressApp = express().set('case sensitive routing', true);
  const app = await NestFactory.create<NestExpressApplication>(
    RegistryApiModule.forRoot(options),
    new ExpressAdapter(expressApp),
    {
      bufferLogs: true,
      abortOnError: false,
      // Registered below, after the rate limit.
      bodyParser: false,
    },
  );
  app.useLogger(app.get(PinoNestLogger));
  app.disable('x-powered-by');
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = HTTP_KEEP_ALIVE_TIMEOUT_MS;
  const requestTimeout = options.requestTimeoutMs ?? HTTP_REQUEST_TIMEOUT_MS;
  server.requestTimeout = requestTimeout;
  // At most the request's, as createServer requires: with a longer one, Node (22) lets a request
  // whose headers came and whose body never ends run past its request timeout.
  server.headersTimeout = Math.min(HTTP_HEADERS_TIMEOUT_MS, requestTimeout);
  // createServer's option, read by Node (22, 24) from the server when it starts listening; not in
  // @types/node as a property. The request-timeout test fails if that changes.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval =
    Math.min(HTTP_TIMEOUT_CHECK_MS, Math.ceil(requestTimeout / 4));
  answerClientErrors(server, options.log);
  // What can be revalidated sets its own ETag (the site, exports, signs, the schema, static
  // assets); Express's own would hash every GraphQL answer, which is never cached (no-store).
  app.set('etag', false);
  // The client address (req.ip): the nearest address, from the peer back through
  // X-Forwarded-For, that is not among these trusted proxies.
  app.set('trust proxy', options.config.trustedProxies);
  // The request log's responseTime from the request's arrival: pino-http (a Nest middleware,
  // after these) would start it after the rate limit, whose wait for a database connection
  // (up to DATABASE_POOL_TIMEOUT_SECONDS) the log then left out.
  app.use((_req: Request, res: Response & { [startTime]?: number }, next: NextFunction) => {
    res[startTime] = Date.now();
    next();
  });
  app.use(app.get(RequestDrain).middleware);
  // A newer release migrated the database under this process: nothing but /health is answered.
  app.use(outdatedProcessGuard(app.get(SchemaVersionWatch), options.log, isGraphqlPath));
  app.use(permissionsPolicy);
  if (options.config.INSYN_SEARCH_ENGINES === 'noindex') app.use(noIndex);
  // Nest's request hook for them is installed here, at this place in the middleware chain.
  app.useSecurityHeaders(
    securityHeaderOptions({
      production: options.config.isProduction,
      mapTileUrl: options.config.INSYN_MAP_TILE_URL,
    }),
  );
  // A request's bearer token buys its own budget only when it is live: the rate limit may
  // authenticate it (once per request; the guard reuses the answer).
  const actors = app.get(RequestActors);
  app.use(
    rateLimitMiddleware(
      { ...DEFAULT_RATE_LIMIT, ...options.rateLimit },
      app.get(RateLimitStorage),
      options.log,
      (req) => actors.of(req),
    ),
  );
  app.use(malformedPathGuard(options.log));
  app.use(siteTrailingSlashRedirect());
  app.use(siteMethodNotAllowed(options.log));
  app.use(
    routeMethodNotAllowed(
      app.getHttpAdapter().getInstance(),
      options.log,
      // The GraphQL endpoint's methods are graphqlMethodNotAllowed's (at `/graphql/` too); what
      // lies under it (the schema, the explorer's files) are routes as any other.
      (path) => isGraphqlEndpoint(path) || siteMethodsOf(path) !== undefined,
    ),
  );
  app.use(graphqlMethodNotAllowed(GRAPHQL_PATH, options.log));
  // Public reads to the read replica, when DATABASE_READ_URL names one.
  const readRouting = app.get(ReadRouting);
  readRouting.install(app.get(DataSource));
  app.use(publicReadsMiddleware(readRouting, isGraphqlEndpoint));
  // Only what a shared cache may keep is compressed; before the cache headers (see there).
  app.use(publicCompression());
  // What a CDN in front of the API may keep (README "Running at scale").
  app.use(cacheHeadersMiddleware(GRAPHQL_PATH));
  // A body sent with a GET or HEAD of a page or file is not read (RFC 9110: it has no meaning
  // there): a careless client's stray body must not turn a read into 400 or 413. GraphQL's GET
  // goes on as before.
  const unlessReading =
    (parser: RequestHandler): RequestHandler =>
    (req, res, next) =>
      (req.method === 'GET' || req.method === 'HEAD') && !isGraphqlPath(req.path)
        ? next()
        : parser(req, res, next);
  app.use(unlessReading(declaredBodyLimit(BODY_LIMIT_BYTES, options.log)));
  app.use(unlessReading(express.json({ limit: BODY_LIMIT_BYTES, verify: refuseNonUtf8Json })));
  app.use(
    unlessReading(
      express.urlencoded({
        extended: true,
        limit: BODY_LIMIT_BYTES,
        verify: refuseUndecodableForm,
      }),
    ),
  );
  app.use(bodyErrorHandler(options.log));
  app.use(GRAPHQL_PATH, documentLengthLimit(QUERY_LIMITS.maxDocumentLength));
  app.use(GRAPHQL_PATH, operationNameRule(options.log));
  app.use(GRAPHQL_PATH, nestingLimit(QUERY_LIMITS.maxNesting, options.log));
  const dataSource = app.get(DataSource);
  const applied = await migrateDatabase(dataSource, options.migrationUrl);
  if (applied.length) options.log.info({ migrations: applied }, 'applied database migrations');
  await warnOfRolePowers(dataSource, options.log, 'API');
  // The key tokens are checked with, recorded for the CLI while this process runs; a changed
  // key, or running processes with another, are said at warn.
  await app.get(TokenKeyPresence).start(app.get<string>(TOKEN_KEY));
  // ADMIN tokens about to run out (or gone): said at warn, for the operators only (the log).
  await warnOfAdminTokens(dataSource, options.log).catch((error: unknown) =>
    options.log.warn(
      { reason: error instanceof Error ? error.message : String(error) },
      'admin token check could not run',
    ),
  );
  return app;
}
