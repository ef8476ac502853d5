import { isSiteLanguage, SiteLanguage } from './i18n/messages';

/** The page does not exist (unknown language, entry, department, principle or version). */
export class SitePageNotFound extends Error {
  constructor() {
    super('no such page');
    this.name = 'SitePageNotFound';
  }
}

/** A request the site cannot answer as asked, with messages for the reader. */
export class SiteBadRequest extends Error {
  constructor(
    readonly problems: string[],
    /** Where the reader can go on from here (`[href, text]`), before search and home. */
    readonly links: [string, string][] = [],
  ) {
    super(problems.join('; '));
    this.name = 'SiteBadRequest';
  }
}

/** The site language a path names, or the site's 404. */
export function siteLanguageOf(lang: string): SiteLanguage {
  if (!isSiteLanguage(lang)) throw new SitePageNotFound();
  return lang;
}
