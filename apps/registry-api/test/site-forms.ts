/**
 * The site's forms as a browser without JavaScript uses them, for the site's e2e tests: opened
 * for their CSRF cookie and hidden fields, posted as `application/x-www-form-urlencoded`.
 * `baseUrl` is asked at each call (the harness starts in a `beforeAll`).
 */
export function siteForms(baseUrl: () => string) {
  /** The CSRF cookie a response sets (`insyn_csrf=…`), as a browser sends it back; '' if none. */
  const csrfCookieOf = (response: Response): string =>
    (response.headers.getSetCookie?.() ?? [])
      .map((c) => c.split(';')[0])
      .find((c) => c.startsWith('insyn_csrf=')) ?? '';
  /** The form's hidden fields (the CSRF token, the submission's id), as a browser sends them. */
  const hiddenFields = (html: string): [string, string][] =>
    [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/>/g)].map(
      (m): [string, string] => [m[1], m[2]],
    );
  /** A fresh form: its page, CSRF cookie, token and hidden fields. */
  const openForm = async (path: string) => {
    const response = await fetch(`${baseUrl()}${path}`);
    const html = await response.text();
    const token = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    return { response, html, cookie: csrfCookieOf(response), token, hidden: hiddenFields(html) };
  };
  const post = (path: string, fields: [string, string][], cookie?: string) =>
    fetch(`${baseUrl()}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        ...(cookie ? { Cookie: cookie } : {}),
      },
      body: new URLSearchParams(fields).toString(),
    });
  /** The tracking form posted as a browser does: opened first, for its CSRF cookie and token. */
  const sendCode = async (lang: string, code: string) => {
    const form = await openForm(`/${lang}/concerns/track`);
    return post(`/${lang}/concerns/track`, [...form.hidden, ['code', code]], form.cookie);
  };
  return { csrfCookieOf, hiddenFields, openForm, post, sendCode };
}
