/** The page does not exist (unknown language, entry, department, principle or version). */
export class SitePageNotFound extends Error {
  constructor() {
    super('no such page');
    this.name = 'SitePageNotFound';
  }
}

/** A request the site cannot answer as asked, with messages for the reader. */
export class SiteBadRequest extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'SiteBadRequest';
  }
}
