import { SITE_LANGUAGES, type SiteLanguage, type SiteLocale } from '../i18n/messages';

/** URLs of the site's static assets (with a content hash, so they may be cached for long). */
export interface SiteAssets {
  css: string;
  icon: string;
  mapScript: string;
  leafletScript: string;
  leafletCss: string;
}

/** What every page needs besides its data: the reader's language, where it is, the assets. */
export interface PageContext {
  locale: SiteLocale;
  /** The path after the language prefix, query included (`/search?q=x`): the language switch links to it. */
  here: string;
  /**
   * The page's own address after the language prefix, as its canonical link, `og:url` and the
   * other languages' alternates name it: the path and only the query the page understands,
   * normalised (`/search?q=x`, not `/search?q=x&utm_source=y`). Without it, `here`'s path alone.
   */
  canonical?: string;
  assets: SiteAssets;
  /**
   * On a page with a form the reader fills in: the form's id. The language switch is then a
   * submit button of that form, posting to the other language's `here` (a form route that
   * gives the form back filled in, saving nothing), so what was typed is not lost.
   */
  switchForm?: string;
  /**
   * The page is none of the main navigation's (an error page, whose `here` is only where the
   * language switch leads): no link of it is marked as the current page.
   */
  outsideNavigation?: boolean;
  /**
   * The site's public address (INSYN_PUBLIC_URL): the page's canonical and alternate-language
   * links are absolute, as search engines want them.
   */
  publicUrl?: string;
}

/**
 * The name the language switch's button posts (only the button pressed is posted): a form whose
 * post route is also its form route (tracking, erasure) then gives the form back, doing nothing.
 */
export const LANGUAGE_SWITCH = 'language-switch';

/** The URL of a site path in a language: `/sv/search`. */
export function hrefIn(lang: SiteLanguage, path: string): string {
  return `/${lang}${path.startsWith('/') ? path : `/${path}`}`;
}

/** One address of a page in a language, as `hreflang` names it (`x-default`: the chooser). */
export interface LanguageAlternate {
  hreflang: string;
  href: string;
}

/**
 * The paths the site also serves outside the languages, sending the reader on to the page in
 * the language their browser asks for (SiteRootController): `/`, `/entries/<slug>` (the address
 * exports and signs print), the tracking and erasure pages.
 */
const CHOOSES_LANGUAGE = /^\/(?:entries\/[^/?#]+|concerns\/(?:track|erase))?$/;

/**
 * The page at `path` in each site language, and for a reader of any other language the address
 * that chooses by Accept-Language (`x-default`): the page's own where the site has one (an
 * entry's `/entries/<slug>`), else `/`. Absolute, as search engines want them. A page's head
 * names these, and the sitemap lists the same for it, so the two never disagree.
 */
export function languageAlternates(publicUrl: string, path: string): LanguageAlternate[] {
  const chooser = CHOOSES_LANGUAGE.test(path) ? path : '/';
  return [
    ...SITE_LANGUAGES.map((each) => ({
      hreflang: each,
      href: `${publicUrl}${hrefIn(each, path)}`,
    })),
    { hreflang: 'x-default', href: `${publicUrl}${chooser}` },
  ];
}
