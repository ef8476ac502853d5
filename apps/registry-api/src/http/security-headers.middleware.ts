import type { Request, RequestHandler } from 'express';
import helmet from 'helmet';

type Directives = Record<string, string[]>;

/**
 * The Content-Security-Policy of everything served, the public site to come included: only our
 * own origin, no inline script (not even in attributes), no plugins, never framed.
 */
export const SITE_CSP: Directives = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'object-src': ["'none'"],
};

/** Apollo's embedded sandbox: its scripts, styles, fonts and frame from Apollo's hosts. */
const APOLLO_CDN = [
  'https://embeddable-sandbox.cdn.apollographql.com',
  'https://embeddable-explorer.cdn.apollographql.com',
  'https://apollo-server-landing-page.cdn.apollographql.com',
];

/**
 * The sandbox page's policy (outside production only, at GET /graphql): the site's, widened
 * for Apollo's hosts. Inline script is allowed here because the page carries its own stricter
 * policy too (a `<meta>` CSP with a fresh nonce); a browser enforces both, so only the page's
 * nonced scripts run.
 */
export const SANDBOX_CSP: Directives = {
  ...SITE_CSP,
  'script-src': ["'self'", "'unsafe-inline'", ...APOLLO_CDN],
  'style-src': ["'self'", "'unsafe-inline'", ...APOLLO_CDN, 'https://fonts.googleapis.com'],
  'img-src': ["'self'", 'data:', ...APOLLO_CDN],
  'font-src': ["'self'", 'https://fonts.gstatic.com'],
  'connect-src': ["'self'", 'https://*.apollographql.com'],
  'frame-src': [
    'https://sandbox.embed.apollographql.com',
    'https://explorer.embed.apollographql.com',
  ],
  'manifest-src': ['https://apollo-server-landing-page.cdn.apollographql.com'],
};

export interface SecurityHeaderOptions {
  production: boolean;
  /** Where the GraphQL sandbox is served outside production (its page gets SANDBOX_CSP). */
  sandboxPath?: string;
}

/**
 * Security headers on every response (helmet): Content-Security-Policy, X-Content-Type-Options
 * nosniff, Referrer-Policy no-referrer, X-Frame-Options DENY (with frame-ancestors 'none'),
 * Cross-Origin-Opener/Resource-Policy same-origin and helmet's other defaults. In production
 * also Strict-Transport-Security and upgrade-insecure-requests (behind the TLS proxy). The first
 * HTTP middleware, so refusals (rate limit, body size, 404) carry them too.
 */
export function securityHeaders(options: SecurityHeaderOptions): RequestHandler {
  const withPolicy = (directives: Directives) =>
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          ...directives,
          ...(options.production ? { 'upgrade-insecure-requests': [] } : {}),
        },
      },
      xFrameOptions: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity: options.production
        ? { maxAge: 365 * 24 * 60 * 60, includeSubDomains: true }
        : false,
    });
  const site = withPolicy(SITE_CSP);
  const sandbox = withPolicy(SANDBOX_CSP);
  const { production, sandboxPath } = options;
  const isSandbox = (req: Request) =>
    !production &&
    sandboxPath !== undefined &&
    (req.method === 'GET' || req.method === 'HEAD') &&
    (req.path === sandboxPath || req.path === `${sandboxPath}/`);
  return (req, res, next) => (isSandbox(req) ? sandbox : site)(req, res, next);
}
