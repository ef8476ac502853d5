import { Controller, Get, Inject, Next, Param, Req, Res, UseFilters } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { BadInputError } from '@insyn/errors';
import { EntryOrder, EntryStatus, isEntrySlug } from '@insyn/registry';
import {
  PublicSearchResult,
  SearchFacet,
  SearchSortDirection,
  SearchSortField,
  SearchUnavailableError,
} from '@insyn/search';
import { SITE_CONCERNS, SiteConcerns } from './concerns/site-concerns.port';
import { AnswersPage } from './views/concern-answers';
import { atomFeed } from './feeds/atom-feed';
import { isSiteLanguage, SiteLanguage } from './i18n/messages';
import { placesGeoJson } from './map/geojson';
import { placesOf } from './map/map-features';
import { PublicSiteReader } from './public-site.reader';
import { parseSearchState, searchQueryString, toSearchParams } from './search/search-state';
import { SiteBadRequest, siteLanguageOf, SitePageNotFound } from './site-errors';
import { SiteExceptionFilter } from './site-exception.filter';
import { SiteRenderer } from './site-renderer';
import { foldedSlug } from './typed-slug';
import { departmentName, principleName } from './views/components';
import { EntryPage } from './views/entry.page';
import { entryStructuredData } from './views/structured-data';
import { MapPage } from './views/map.page';
import { hrefIn } from './views/page-context';
import { DepartmentsPage, DiffPage, EntryListPage, HomePage, OpenDataPage } from './views/pages';
import { SearchPage } from './views/search.page';
import { AccessibilityPage, PrivacyPage } from './views/statement.pages';
import { PublicPages } from '../auth/roles.decorator';

const LIST_PAGE = 50;
const FEED_SIZE = 50;
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const CODE = /^[A-Z][A-Z0-9_]{0,80}$/;
const CURSOR = /^[A-Za-z0-9_-]{1,600}$/;

/**
 * The public website, in every site language (`/sv/…`, `/en/…`). Each handler reads through
 * PublicSiteReader (the visibility policy, as the anonymous public) and renders a view; the
 * views hold no queries. Unknown languages, slugs and codes are 404 pages; bad query strings
 * are explained on the page.
 */
@PublicPages()
@Controller(':lang')
@UseFilters(SiteExceptionFilter)
export class SitePagesController {
  constructor(
    private readonly reader: PublicSiteReader,
    private readonly renderer: SiteRenderer,
    @Inject(SITE_CONCERNS) private readonly concerns: SiteConcerns,
  ) {}

  /** Home. Other one-segment paths (`/graphql`, `/health`) are passed on untouched. */
  @Get()
  async home(
    @Param('lang') lang: string,
    @Req() req: Request,
    @Res() res: Response,
    @Next() next: NextFunction,
  ) {
    if (!isSiteLanguage(lang)) return next();
    const ctx = this.renderer.context(lang, req);
    const [principles, departments, counts, changed] = await Promise.all([
      this.reader.principles(),
      this.reader.departmentList(),
      this.countsOrNull(),
      // Retirements included: a retirement is a change, as in search and the feeds.
      this.reader.list(
        { statuses: [EntryStatus.PUBLISHED, EntryStatus.RETIRED] },
        EntryOrder.UPDATED_AT_DESC,
        5,
      ),
    ]);
    this.renderer.html(
      req,
      res,
      <HomePage
        ctx={ctx}
        principles={principles}
        departments={departments}
        counts={counts}
        changed={changed.views}
        today={this.renderer.today()}
      />,
      // Without search the page lacks its figures: not a page for a cache to keep.
      { cache: counts ? 'page' : 'none' },
    );
  }

  @Get('search')
  async search(@Param('lang') lang: string, @Req() req: Request, @Res() res: Response) {
    const language = siteLanguageOf(lang);
    const ctx = this.renderer.context(language, req);
    const { state, problems } = parseSearchState(queryOf(req), ctx.locale.t);
    // The search as the page understood it, in its own order.
    ctx.canonical = `/search${searchQueryString(state)}`;
    const departmentList = this.reader.departmentList();
    // A department is a value like any other facet's: one that does not exist is said, not
    // offered as a choice of its own with nothing in it. Checked before the search only when
    // the URL names one; otherwise the list is read beside the search.
    if (state.filters.department.length) {
      const known = new Set((await departmentList).map((d) => d.slug));
      if (state.filters.department.some((slug) => !known.has(slug))) {
        const { t } = ctx.locale;
        problems.push({ field: 'filters', message: t.search.badValue(t.search.facet.department) });
        state.filters.department = state.filters.department.filter((slug) => known.has(slug));
      }
    }
    const [departments, principles, result] = await Promise.all([
      departmentList,
      this.reader.principles(),
      this.reader.search(toSearchParams(state)).catch((error: unknown) => {
        if (error instanceof SearchUnavailableError) return null;
        throw error;
      }),
    ]);
    this.renderer.html(
      req,
      res,
      <SearchPage
        ctx={ctx}
        state={state}
        problems={problems}
        result={result}
        departments={departments}
        principles={principles}
      />,
      // Search down: 503, as the site's other pages answer a service that is down, so that a
      // monitor or crawler does not take the notice for results.
      { status: problems.length ? 400 : result ? 200 : 503, cache: result ? 'page' : 'none' },
    );
  }

  @Get('entries/:slug')
  async entry(
    @Param('lang') lang: string,
    @Param('slug') slug: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const language = siteLanguageOf(lang);
    // Typed from a title or a printout (capitals, å ä ö): on to the slug it would be, whether
    // or not an entry has it, so the answer tells nothing about which entries exist.
    const folded = foldedSlug(slug);
    if (folded !== slug && isEntrySlug(folded))
      return this.renderer.redirect(res, hrefIn(language, `/entries/${folded}`), 301, 'page');
    const view = await this.reader.entryOr404(slug);
    if (view.entry.slug !== slug) {
      // Reached by id: the page lives at its slug.
      return this.renderer.redirect(
        res,
        hrefIn(language, `/entries/${view.entry.slug}`),
        301,
        'page',
      );
    }
    const [data, concerns] = await Promise.all([
      this.reader.entryPage(view),
      this.concerns.forEntry(view.entry, language),
    ]);
    const ctx = this.renderer.context(language, req);
    this.renderer.html(
      req,
      res,
      <EntryPage
        ctx={ctx}
        data={data}
        concerns={concerns}
        today={this.renderer.today()}
        structuredData={entryStructuredData(data, ctx, this.renderer.standards)}
      />,
    );
  }

  @Get('entries/:slug/answers')
  async answers(
    @Param('lang') lang: string,
    @Param('slug') slug: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const language = siteLanguageOf(lang);
    const ctx = this.renderer.context(language, req, ['after']);
    const view = await this.reader.entryOr404(slug);
    const after = queryOf(req).get('after') ?? '';
    const page = after ? await this.concerns.olderAnswers(view.entry, after) : null;
    // Only a link of the entry's own pages leads here: anything else is explained, not guessed.
    if (!page)
      throw new SiteBadRequest(
        [ctx.locale.t.entry.badAnswersPage],
        [
          [
            hrefIn(language, `/entries/${view.entry.slug}#concerns`),
            ctx.locale.t.entry.backToEntry,
          ],
        ],
      );
    this.renderer.html(
      req,
      res,
      <AnswersPage ctx={ctx} view={view} answers={page.answers} more={page.more} />,
    );
  }

  @Get('entries/:slug/changes')
  async changes(
    @Param('lang') lang: string,
    @Param('slug') slug: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const language = siteLanguageOf(lang);
    const ctx = this.renderer.context(language, req, ['from', 'to']);
    const view = await this.reader.entryOr404(slug);
    const query = queryOf(req);
    const number = (name: string) => {
      const value = query.get(name) ?? '';
      return /^\d{1,6}$/.test(value) ? Number(value) : NaN;
    };
    const [from, to] = [number('from'), number('to')];
    const changes =
      Number.isNaN(from) || Number.isNaN(to)
        ? null
        : await this.reader.diff(view.entry.id, from, to);
    // The entry's list of versions says which exist.
    if (!changes)
      throw new SiteBadRequest(
        [ctx.locale.t.diff.badVersions],
        [[hrefIn(language, `/entries/${view.entry.slug}#history`), ctx.locale.t.diff.back]],
      );
    // The numbers as the page reads them (`from=01` is version 1): one address per diff.
    const path = (ctx.canonical ?? ctx.here).split('?')[0];
    const canonical = `${path}?from=${from}&to=${to}`;
    this.renderer.html(
      req,
      res,
      <DiffPage
        ctx={{ ...ctx, canonical }}
        view={view}
        from={from}
        to={to}
        changes={changes}
        problems={[]}
      />,
    );
  }

  @Get('departments')
  async departments(@Param('lang') lang: string, @Req() req: Request, @Res() res: Response) {
    const language = siteLanguageOf(lang);
    const departments = await this.reader.departmentList();
    this.renderer.html(
      req,
      res,
      <DepartmentsPage ctx={this.renderer.context(language, req)} departments={departments} />,
    );
  }

  @Get('departments/:slug')
  async department(
    @Param('lang') lang: string,
    @Param('slug') slug: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const language = siteLanguageOf(lang);
    const ctx = this.renderer.context(language, req, ['after']);
    const department = SLUG.test(slug) ? await this.reader.department(slug) : null;
    if (!department) throw new SitePageNotFound();
    const page = await this.reader.list(
      { departmentSlugs: [slug] },
      EntryOrder.TITLE_ASC,
      LIST_PAGE,
      this.cursor(req),
    );
    const { t } = ctx.locale;
    const name = departmentName(ctx.locale, department);
    this.renderer.html(
      req,
      res,
      <EntryListPage
        ctx={ctx}
        title={t.department.title(name)}
        intro={t.department.intro}
        feed={{
          href: hrefIn(language, `/departments/${slug}/feed.atom`),
          title: t.department.feed,
        }}
        views={page.views}
        next={page.next}
        today={this.renderer.today()}
        none={t.department.none}
        searchHref={hrefIn(language, `/search?department=${slug}`)}
        searchLabel={t.department.searchIn}
      />,
    );
  }

  @Get('principles/:code')
  async principle(
    @Param('lang') lang: string,
    @Param('code') code: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const language = siteLanguageOf(lang);
    const ctx = this.renderer.context(language, req, ['after']);
    const principle = CODE.test(code)
      ? (await this.reader.principles()).find((p) => p.code === code)
      : undefined;
    if (!principle) throw new SitePageNotFound();
    const page = await this.reader.list(
      { principleCodes: [code] },
      EntryOrder.TITLE_ASC,
      LIST_PAGE,
      this.cursor(req),
    );
    const { t } = ctx.locale;
    this.renderer.html(
      req,
      res,
      <EntryListPage
        ctx={ctx}
        title={t.principle.title(principleName(ctx.locale, principle))}
        intro={t.principle.intro}
        feed={{ href: hrefIn(language, `/principles/${code}/feed.atom`), title: t.principle.feed }}
        views={page.views}
        next={page.next}
        today={this.renderer.today()}
        none={t.principle.none}
        searchHref={hrefIn(language, `/search?principle=${code}`)}
        searchLabel={t.nav.search}
        rationaleOf={(view) => view.content.principles?.find((p) => p.code === code)?.rationale}
      />,
    );
  }

  @Get('map')
  async map(@Param('lang') lang: string, @Req() req: Request, @Res() res: Response) {
    const language = siteLanguageOf(lang);
    const deployments = await this.reader.iotDeployments();
    this.renderer.html(
      req,
      res,
      <MapPage
        ctx={this.renderer.context(language, req)}
        places={placesOf(deployments.views)}
        cutAt={deployments.truncated ? deployments.limit : undefined}
        settings={this.renderer.map}
      />,
    );
  }

  @Get('map/iot-deployments.geojson')
  async geojson(@Param('lang') lang: string, @Req() req: Request, @Res() res: Response) {
    const language = siteLanguageOf(lang);
    const deployments = await this.reader.iotDeployments();
    const body = JSON.stringify(
      placesGeoJson(
        placesOf(deployments.views),
        this.renderer.context(language, req).locale,
        this.renderer.origin(),
        deployments,
      ),
    );
    res.setHeader('Content-Disposition', 'inline; filename="iot-deployments.geojson"');
    this.renderer.send(req, res, body, 'application/geo+json; charset=utf-8');
  }

  @Get('open-data')
  async openData(@Param('lang') lang: string, @Req() req: Request, @Res() res: Response) {
    const language = siteLanguageOf(lang);
    const [departments, principles, chainHead] = await Promise.all([
      this.reader.departmentList(),
      this.reader.principles(),
      this.reader.dailyChainHead(),
    ]);
    this.renderer.html(
      req,
      res,
      <OpenDataPage
        ctx={this.renderer.context(language, req)}
        departments={departments}
        principles={principles}
        chainHead={chainHead}
      />,
    );
  }

  /** The accessibility statement (DOS law): linked from every page's footer. */
  @Get('accessibility')
  accessibility(@Param('lang') lang: string, @Req() req: Request, @Res() res: Response) {
    const ctx = this.renderer.context(siteLanguageOf(lang), req);
    this.renderer.html(
      req,
      res,
      <AccessibilityPage ctx={ctx} settings={this.renderer.statements} />,
    );
  }

  /** Personal data and cookies (GDPR Article 13): from the footer and the concern form. */
  @Get('privacy')
  privacy(@Param('lang') lang: string, @Req() req: Request, @Res() res: Response) {
    const ctx = this.renderer.context(siteLanguageOf(lang), req);
    this.renderer.html(req, res, <PrivacyPage ctx={ctx} settings={this.renderer.statements} />);
  }

  @Get('feeds/entries.atom')
  async feed(@Param('lang') lang: string, @Req() req: Request, @Res() res: Response) {
    const language = siteLanguageOf(lang);
    const t = this.renderer.context(language, req).locale.t;
    await this.sendFeed(req, res, language, {}, t.feed.whole, '/feeds/entries.atom', '/');
  }

  @Get('departments/:slug/feed.atom')
  async departmentFeed(
    @Param('lang') lang: string,
    @Param('slug') slug: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const language = siteLanguageOf(lang);
    const department = SLUG.test(slug) ? await this.reader.department(slug) : null;
    if (!department) throw new SitePageNotFound();
    const locale = this.renderer.context(language, req).locale;
    await this.sendFeed(
      req,
      res,
      language,
      { departmentSlugs: [slug] },
      departmentName(locale, department),
      `/departments/${slug}/feed.atom`,
      `/departments/${slug}`,
      department.createdAt,
    );
  }

  @Get('principles/:code/feed.atom')
  async principleFeed(
    @Param('lang') lang: string,
    @Param('code') code: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const language = siteLanguageOf(lang);
    const principle = CODE.test(code)
      ? (await this.reader.principles()).find((p) => p.code === code)
      : undefined;
    if (!principle) throw new SitePageNotFound();
    const locale = this.renderer.context(language, req).locale;
    await this.sendFeed(
      req,
      res,
      language,
      { principleCodes: [code] },
      principleName(locale, principle),
      `/principles/${code}/feed.atom`,
      `/principles/${code}`,
    );
  }

  /** Any other path in a site language: the site's 404 page. Registered last. */
  @Get('*rest')
  notFound(@Param('lang') lang: string, @Next() next: NextFunction) {
    if (!isSiteLanguage(lang)) return next();
    throw new SitePageNotFound();
  }

  private async sendFeed(
    req: Request,
    res: Response,
    language: SiteLanguage,
    filter: { departmentSlugs?: string[]; principleCodes?: string[] },
    scope: string,
    selfPath: string,
    pagePath: string,
    /** When the feed came to be (its department's creation), for a feed of no entries. */
    existsSince?: Date,
  ) {
    const locale = this.renderer.context(language, req).locale;
    // Retired entries too: a retirement is a change a journalist follows. Asked for by status:
    // without one, a list leaves retired entries out.
    const statuses = [EntryStatus.PUBLISHED, EntryStatus.RETIRED];
    const [page, departments, chainHead] = await Promise.all([
      this.reader.list({ ...filter, statuses }, EntryOrder.UPDATED_AT_DESC, FEED_SIZE),
      this.reader.departmentList(),
      this.reader.dailyChainHead(),
    ]);
    // A feed of no entries (a department or principle with none public yet) still needs an
    // <updated>. The feed is a view of the public register: it cannot have changed after the
    // register last did (the exports' Last-Modified), nor before its department existed. The
    // later of the two is the latest instant it could have changed, and stays the same until
    // the register changes (ETags hold). Read only for an empty feed: one indexed statement.
    // Neither known (nothing published): atomFeed uses the start of the day.
    let updatedWhenEmpty: Date | null = null;
    if (!page.views.length) {
      const times = [await this.reader.lastPublicChange(), existsSince ?? null]
        .filter((d): d is Date => d !== null)
        .map((d) => d.getTime());
      if (times.length) updatedWhenEmpty = new Date(Math.max(...times));
    }
    const body = atomFeed({
      locale,
      origin: this.renderer.origin(),
      selfPath: hrefIn(language, selfPath),
      pagePath: hrefIn(language, pagePath),
      scope,
      views: page.views,
      departmentNames: new Map(departments.map((d) => [d.id, departmentName(locale, d)])),
      chainHead,
      updatedWhenEmpty,
    });
    this.renderer.send(req, res, body, 'application/atom+xml; charset=utf-8');
  }

  private cursor(req: Request): string | undefined {
    const after = queryOf(req).get('after');
    if (after === null || after === '') return undefined;
    // Refused as the list refuses a cursor of the right alphabet that it cannot read: the page
    // exists, only the address's cursor is wrong.
    if (!CURSOR.test(after))
      throw new BadInputError([{ field: 'after', message: 'not a cursor of this list' }]);
    return after;
  }

  private async countsOrNull(): Promise<PublicSearchResult | null> {
    try {
      return await this.reader.search({
        query: '',
        facets: [SearchFacet.KIND, SearchFacet.DEPARTMENT],
        filter: { status: undefined },
        // The newest entries come with the counts: first published, newest first.
        sort: [{ field: SearchSortField.FIRST_PUBLISHED_AT, direction: SearchSortDirection.DESC }],
        limit: 5,
        offset: 0,
      });
    } catch (error) {
      if (error instanceof SearchUnavailableError) return null;
      throw error;
    }
  }
}

/** The query string of a request, parsed the one way the site reads it. */
function queryOf(req: Request): URLSearchParams {
  const url = req.originalUrl;
  const at = url.indexOf('?');
  return new URLSearchParams(at === -1 ? '' : url.slice(at + 1));
}
