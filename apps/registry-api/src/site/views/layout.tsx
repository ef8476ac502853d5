import type { ComponentChildren } from 'preact';
import { localeOf, SITE_LANGUAGES } from '../i18n/messages';
import { hrefIn, LANGUAGE_SWITCH, languageAlternates, PageContext } from './page-context';
import { jsonForScript } from './structured-data';

export interface LayoutProps {
  ctx: PageContext;
  title: string;
  children: ComponentChildren;
  /** Atom feeds a feed reader may discover on the page. */
  feeds?: { href: string; title: string }[];
  /** Scripts (progressive enhancement only: every page works without them). */
  scripts?: string[];
  styles?: string[];
  /**
   * What the page is about, in a sentence or two, for search results and link previews (the
   * site's own description when not given).
   */
  description?: string | null;
  /** Structured data for search engines (JSON-LD), a data block no browser runs. */
  structuredData?: Record<string, unknown> | null;
}

/**
 * The page frame: skip link, header with the main menu and the language switch, the main
 * landmark, and the footer. No inline script or style (the CSP allows neither); structured
 * data is a JSON-LD data block, which browsers do not run and the CSP does not concern.
 */
export function Layout({
  ctx,
  title,
  children,
  feeds = [],
  scripts = [],
  styles = [],
  description,
  structuredData,
}: LayoutProps) {
  const { t, lang } = ctx.locale;
  const nav: [string, string][] = [
    ['/', t.nav.home],
    ['/search', t.nav.search],
    ['/map', t.nav.map],
    ['/departments', t.nav.departments],
    ['/open-data', t.nav.openData],
  ];
  const current = ctx.outsideNavigation ? null : ctx.here.split('?')[0];
  // Never the request's query as it came (a tracking parameter, junk, text of anyone's choosing).
  const page = ctx.canonical ?? ctx.here.split('?')[0];
  const canonical = `${ctx.publicUrl}${hrefIn(lang, page)}`;
  const about = description ?? t.footer.about;
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} – ${t.siteName}`}</title>
        <link rel="stylesheet" href={ctx.assets.css} />
        <link rel="icon" href={ctx.assets.icon} type="image/svg+xml" />
        {styles.map((href) => (
          <link rel="stylesheet" href={href} />
        ))}
        {ctx.publicUrl && !ctx.outsideNavigation ? (
          // The page in each language, itself included, and the chooser for any other reader;
          // absolute, as search engines want them. Not on error pages (their address is another).
          <>
            <link rel="canonical" href={canonical} />
            {languageAlternates(ctx.publicUrl, page).map(({ hreflang, href }) => (
              <link rel="alternate" hrefLang={hreflang} href={href} />
            ))}
            {/* What search results and link previews (Open Graph: chat, social media) show. */}
            <meta name="description" content={about} />
            <meta property="og:type" content="website" />
            <meta property="og:site_name" content={t.siteName} />
            <meta property="og:title" content={title} />
            <meta property="og:description" content={about} />
            <meta property="og:url" content={canonical} />
            <meta property="og:locale" content={t.ogLocale} />
            {SITE_LANGUAGES.filter((other) => other !== lang).map((other) => (
              <meta property="og:locale:alternate" content={localeOf(other).t.ogLocale} />
            ))}
            <meta name="twitter:card" content="summary" />
          </>
        ) : null}
        {feeds.map((feed) => (
          <link rel="alternate" type="application/atom+xml" href={feed.href} title={feed.title} />
        ))}
        {structuredData ? (
          <script
            type="application/ld+json"
            dangerouslySetInnerHTML={{ __html: jsonForScript(structuredData) }}
          />
        ) : null}
      </head>
      <body>
        {ctx.switchForm ? (
          // A form's default button (Enter in a field) is its first submit button in the page,
          // which would be the language switch above it: this one, first, sends the form as its
          // own Send button does.
          <button type="submit" form={ctx.switchForm} hidden tabIndex={-1} />
        ) : null}
        <a class="skip-link" href="#main">
          {t.skipToContent}
        </a>
        <header class="site-header">
          <div class="wrap header-row">
            <p class="brand">
              <a href={hrefIn(lang, '/')}>{t.siteName}</a>
              <span class="tagline">{t.tagline}</span>
            </p>
            <nav aria-label={t.languageSwitch} class="language-switch">
              <ul>
                {SITE_LANGUAGES.filter((other) => other !== lang).map((other) => (
                  <li>
                    {ctx.switchForm ? (
                      // Without JavaScript too: the form's own fields go along (form attribute).
                      <button
                        type="submit"
                        class="link-button"
                        form={ctx.switchForm}
                        formAction={hrefIn(other, ctx.here)}
                        formMethod="post"
                        formNoValidate
                        name={LANGUAGE_SWITCH}
                        value="1"
                        lang={other}
                      >
                        {localeOf(other).t.readIn}
                      </button>
                    ) : (
                      <a href={hrefIn(other, ctx.here)} lang={other} hrefLang={other}>
                        {localeOf(other).t.readIn}
                      </a>
                    )}
                  </li>
                ))}
              </ul>
            </nav>
          </div>
          <nav aria-label={t.mainNavigation} class="main-nav">
            <ul class="wrap">
              {nav.map(([path, label]) => (
                <li>
                  <a
                    href={hrefIn(lang, path)}
                    aria-current={
                      current !== null &&
                      (current === path || (path !== '/' && current.startsWith(`${path}/`)))
                        ? 'page'
                        : undefined
                    }
                  >
                    {label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <main id="main" tabIndex={-1} class="wrap">
          {children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>{t.footer.about}</p>
            <ul>
              <li>
                <a href={hrefIn(lang, '/feeds/entries.atom')}>{t.footer.feed}</a>
              </li>
              <li>
                <a href={hrefIn(lang, '/open-data')}>{t.nav.openData}</a>
              </li>
              <li>
                {/* The explorer is English only (GraphiQL), whatever the page's language. */}
                <a href="/graphql" hrefLang="en">
                  {t.footer.graphql}
                </a>
              </li>
              <li>
                <a href={hrefIn(lang, '/accessibility')}>{t.footer.accessibility}</a>
              </li>
              <li>
                <a href={hrefIn(lang, '/privacy')}>{t.footer.privacy}</a>
              </li>
            </ul>
          </div>
        </footer>
        {scripts.map((src) => (
          <script src={src} defer />
        ))}
      </body>
    </html>
  );
}
