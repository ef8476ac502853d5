import type { RequestHandler } from 'express';
import type { SecurityHeadersOptions } from '@nestjs/common';

type Directives = Record<string, string[]>;

/**
 * The origin of a map tile URL template (INSYN_MAP_TILE_URL, `https://…/{z}/{x}/{y}.png`),
 * whose images the public site's map loads; undefined without one.
 */
export function tileOrigin(tileUrl: string | undefined | null): string | undefined {
  return tileUrl ? new URL(tileUrl.replace(/\{[a-z]\}/g, '0')).origin : undefined;
}

/**
 * The Content-Security-Policy of everything served, the public site included: nothing unless
 * named, scripts, styles, fonts and fetches from our own origin only, no inline script (not even
 * in attributes) or style, no plugins, forms posted only here, never framed. Images from our
 * origin, `data:` (the map's marker icons) and the map tile host when one is configured.
 */
export function siteCsp(tileUrl?: string | null): Directives {
  const tiles = tileOrigin(tileUrl);
  return {
    'default-src': ["'none'"],
    'base-uri': ["'none'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:', ...(tiles ? [tiles] : [])],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'manifest-src': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    'object-src': ["'none'"],
  };
}

/** Browser features no page of ours uses. */
export const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), interest-cohort=()';

export interface SecurityHeaderOptions {
  production: boolean;
  /** INSYN_MAP_TILE_URL: the site's map loads its tiles from this host. */
  mapTileUrl?: string | null;
}

/**
 * The one place that sets security headers, on every response (Nest's built-in
 * `app.useSecurityHeaders()`, helmet 8's headers and defaults): the public site's pages, assets
 * and redirects, GraphQL, /health, exports and refusals alike. Content-Security-Policy (siteCsp,
 * the GraphQL explorer's page included), X-Content-Type-Options nosniff, Referrer-Policy
 * strict-origin-when-cross-origin (another origin, such as the map tile host, learns only our
 * origin, never a path or a concern's tracking code), X-Frame-Options DENY (with
 * frame-ancestors 'none'), Cross-Origin-Opener/Resource-Policy same-origin and the other
 * defaults. In production also Strict-Transport-Security and upgrade-insecure-requests (behind
 * the TLS proxy). Installed as the first HTTP middleware but one (the request count), so
 * refusals (rate limit, body size, 404) carry them too.
 */
export function securityHeaderOptions(options: SecurityHeaderOptions): SecurityHeadersOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        ...siteCsp(options.mapTileUrl),
        ...(options.production ? { 'upgrade-insecure-requests': true } : {}),
      },
    },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    strictTransportSecurity: options.production
      ? { maxAge: 365 * 24 * 60 * 60, includeSubDomains: true }
      : false,
  };
}

/** Permissions-Policy, which Nest's (like helmet's) headers leave out: set before them. */
export const permissionsPolicy: RequestHandler = (_req, res, next) => {
  res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
  next();
};
