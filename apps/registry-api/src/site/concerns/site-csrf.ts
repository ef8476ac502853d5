import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

/** The cookie that carries the reader's random CSRF value (never readable by scripts), over http. */
export const CSRF_COOKIE = 'insyn_csrf';
/**
 * The same over https, with the `__Host-` prefix: a browser takes such a cookie only from this
 * very host, Secure, for Path=/, so a sibling subdomain cannot plant one.
 */
export const SECURE_CSRF_COOKIE = `__Host-${CSRF_COOKIE}`;
/** The form field that carries the signed value. */
export const CSRF_FIELD = 'csrf';

const VALUE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Signed double-submit CSRF tokens for the site's forms, without JavaScript: the cookie holds a
 * random value (HttpOnly, SameSite=Strict), the form a keyed HMAC of it. A post is accepted only
 * when the form's token is the HMAC of the cookie it came with, so another site, which can
 * neither read the cookie nor the form, cannot make one.
 *
 * A sibling subdomain is the same site: it could plant a cookie value of its choosing and then
 * fetch the form with it to have that value signed. Two things stop it: over https the cookie is
 * `__Host-` prefixed, which no other host can set; and a post whose browser says it came from
 * another origin (`Sec-Fetch-Site: same-site` or `cross-site`) is refused whatever it carries;
 * from a browser that sends no Fetch Metadata, one whose `Origin` is neither the registry's
 * public address nor the address the post was sent to (a proxy may rewrite Host).
 */
export class SiteCsrf {
  private readonly key: Buffer;
  private readonly publicOrigin: string;

  constructor(secret: string, publicUrl: string) {
    // A key of its own, derived from the registry's secret (not the secret itself).
    this.key = createHmac('sha256', secret).update('insyn:site-csrf:v1').digest();
    this.publicOrigin = new URL(publicUrl).origin;
  }

  /** The token for a form: from the reader's cookie, or a new cookie set on the response. */
  issue(req: Request, res: Response): string {
    let value = cookieOf(req, cookieName(req));
    if (value === null || !VALUE.test(value)) {
      value = randomBytes(32).toString('base64url');
      const secure = req.secure ? '; Secure' : '';
      res.append(
        'Set-Cookie',
        `${cookieName(req)}=${value}; Path=/; HttpOnly; SameSite=Strict${secure}`,
      );
    }
    return this.sign(value);
  }

  /** Whether the browser says the post came from another origin (a sibling or another site). */
  crossOrigin(req: Request): boolean {
    const from = req.headers['sec-fetch-site'];
    if (from !== undefined) return from === 'same-site' || from === 'cross-site';
    const origin = req.headers.origin;
    if (origin === undefined) return false; // neither header: the token alone decides
    return origin !== this.publicOrigin && origin !== `${req.protocol}://${req.get('host') ?? ''}`;
  }

  /** Whether a posted token matches the cookie sent with it, from a page of this origin. */
  valid(req: Request, token: unknown): boolean {
    if (this.crossOrigin(req)) return false;
    const value = cookieOf(req, cookieName(req));
    if (value === null || !VALUE.test(value) || typeof token !== 'string') return false;
    const expected = Buffer.from(this.sign(value));
    const given = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private sign(value: string): string {
    return createHmac('sha256', this.key).update(value).digest('base64url');
  }
}

/** Over https (as the trusted proxies report it) the `__Host-` cookie, and only it. */
const cookieName = (req: Request) => (req.secure ? SECURE_CSRF_COOKIE : CSRF_COOKIE);

/** A cookie's value from the request's Cookie header, or null. */
export function cookieOf(req: Request, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return null;
}
