import { Controller, Get, Logger, Param, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { ContentRoots } from '@insyn/registry';
import { PublicPages } from '../../auth/roles.decorator';
import { streamResponse } from '../../http/streamed-response';
import { etagOf, notModified, siteCacheControl } from '../http/site-response';
import { SITE_LANGUAGES } from '../i18n/messages';
import { PublicSiteReader } from '../public-site.reader';
import { SitePageNotFound } from '../site-errors';
import { SiteExceptionFilter } from '../site-exception.filter';
import { SiteRenderer } from '../site-renderer';
import { robotsTxt } from './robots-txt';
import {
  ENTRIES_PER_SITEMAP,
  entryShares,
  entryUrls,
  pageUrls,
  shareFile,
  shareIdRange,
  shareOfFile,
  sitemapIndex,
  URLSET_END,
  URLSET_START,
} from './sitemap';

const XML = 'application/xml; charset=utf-8';

/** Changed with what a sitemap of entries says of each, so that no crawler keeps the old one. */
const SITEMAP_REVISION = 2;

/**
 * The parts of an entry's content a sitemap reads: none (its address and dates are the entry's
 * own), so the register is read without moving or parsing any entry's content.
 */
const NO_CONTENT: ContentRoots = new Set<string>();

/** The site's pages besides entries, departments and principles, in the sitemap. */
const FIXED_PAGES = ['/', '/departments', '/map', '/open-data', '/accessibility', '/privacy'];

/**
 * What search engines read: `/robots.txt`, and the sitemap (`/sitemap.xml`, an index of
 * `/sitemaps/pages.xml` and the sitemaps of entries; none on a copy not to be indexed). The
 * entries are read as the public, through the visibility policy (PublicSiteReader), like every
 * page: a sitemap names only what a reader could reach, with the time the feeds give.
 */
@PublicPages()
@Controller()
@UseFilters(SiteExceptionFilter)
export class SiteCrawlersController {
  private readonly log = new Logger(SiteCrawlersController.name);

  /** The entries one sitemap is planned to hold: a field so that tests can lower it. */
  entriesPerSitemap = ENTRIES_PER_SITEMAP;

  constructor(
    private readonly reader: PublicSiteReader,
    private readonly renderer: SiteRenderer,
  ) {}

  @Get('robots.txt')
  robots(@Req() req: Request, @Res() res: Response) {
    const body = robotsTxt({
      origin: this.renderer.origin(),
      languages: SITE_LANGUAGES,
      indexable: this.renderer.indexable,
    });
    this.renderer.send(req, res, body, 'text/plain; charset=utf-8', 'asset');
  }

  /** The sitemap index: the pages' sitemap, and one per share of the public entries. */
  @Get('sitemap.xml')
  async index(@Req() req: Request, @Res() res: Response) {
    if (!this.renderer.indexable) throw new SitePageNotFound();
    const { entries, lastModified } = await this.reader.freshness();
    const shares = this.sharesOf(entries);
    const body = sitemapIndex(this.renderer.origin(), [
      { path: '/sitemaps/pages.xml' },
      ...shares.map((share) => ({ path: `/sitemaps/${shareFile(share)}`, lastmod: lastModified })),
    ]);
    this.renderer.send(req, res, body, XML);
  }

  @Get('sitemaps/:file')
  async sitemap(@Param('file') file: string, @Req() req: Request, @Res() res: Response) {
    if (!this.renderer.indexable) throw new SitePageNotFound();
    if (file === 'pages.xml') return this.pages(req, res);
    const share = shareOfFile(file);
    if (share === null) throw new SitePageNotFound();
    const { entries, lastModified } = await this.reader.freshness();
    // Only the sitemaps the index lists: one of all entries, asked for when the register is
    // shared out, would read all of them.
    if (!this.sharesOf(entries).includes(share)) throw new SitePageNotFound();
    // Validated without reading the entries: the sitemap changes only with the public register
    // (a publication or retirement moves its last change; an entry gone changes the count), the
    // site's languages or address, or how it is written (SITEMAP_REVISION).
    const etag = etagOf(
      JSON.stringify([
        SITEMAP_REVISION,
        file,
        entries,
        lastModified,
        SITE_LANGUAGES,
        this.renderer.origin(),
      ]),
    );
    res.setHeader('Content-Type', XML);
    res.setHeader('Cache-Control', siteCacheControl('page'));
    res.setHeader('ETag', etag);
    if (notModified(req, etag)) {
      res.status(304).end();
      return;
    }
    if (req.method === 'HEAD') {
      res.status(200).end();
      return;
    }
    const origin = this.renderer.origin();
    await streamResponse(
      res,
      async (write) => {
        await write(URLSET_START);
        for await (const views of this.reader.entriesById(shareIdRange(share), NO_CONTENT))
          await write(views.map((view) => entryUrls(origin, view)).join(''));
        await write(URLSET_END);
      },
      this.log,
      `sitemap ${file}`,
    );
  }

  /** The shares of the public entries the index lists: none when nothing is public. */
  private sharesOf(entries: number): string[] {
    return entries ? entryShares(entries, this.entriesPerSitemap) : [];
  }

  /** The site's pages that are not entries: home, departments, principles and the rest. */
  private async pages(req: Request, res: Response) {
    const [departments, principles] = await Promise.all([
      this.reader.departmentList(),
      this.reader.principles(),
    ]);
    const paths = [
      ...FIXED_PAGES,
      ...departments.map((d) => `/departments/${d.slug}`),
      ...principles.map((p) => `/principles/${p.code}`),
    ];
    const origin = this.renderer.origin();
    const body = URLSET_START + paths.map((path) => pageUrls(origin, path)).join('') + URLSET_END;
    this.renderer.send(req, res, body, XML);
  }
}
