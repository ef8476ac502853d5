import { Controller, Get, Param, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isEntryId, isEntrySlug } from '@insyn/registry';
import { securityTxt } from './http/security-txt';
import { negotiateLanguage } from './i18n/messages';
import { SitePageNotFound } from './site-errors';
import { SiteExceptionFilter } from './site-exception.filter';
import { SiteRenderer } from './site-renderer';
import { foldedSlug } from './typed-slug';
import { PublicPages } from '../auth/roles.decorator';

/**
 * Site paths outside the languages: the language choice at `/`, the language-neutral addresses
 * that exports, signs and e-mail print, and static assets.
 */
@PublicPages()
@Controller()
@UseFilters(SiteExceptionFilter)
export class SiteRootController {
  constructor(private readonly renderer: SiteRenderer) {}

  /** `/` → `/sv/` or `/en/`, by Accept-Language; the only answer that varies by it. */
  @Get()
  root(@Req() req: Request, @Res() res: Response) {
    const lang = negotiateLanguage(req.get('accept-language'));
    this.renderer.redirect(res, `/${lang}/`, 302, 'asset', 'Accept-Language');
  }

  /**
   * `/entries/<slug>`: the stable address of an entry that every export, standard and sign
   * links to (entryUrl), → the page in the reader's language. Any slug is redirected alike, so
   * the answer tells nothing about which entries exist; the page itself answers 404 or the entry.
   */
  @Get('entries/:slug')
  entry(@Param('slug') slug: string, @Req() req: Request, @Res() res: Response) {
    // Typed from a sign or a printout (a phone's capital first letter, å ä ö): the slug it would
    // be, as the language's entry page does.
    const typed = isEntryId(slug) ? slug : foldedSlug(slug);
    if (!isEntrySlug(typed) && !isEntryId(typed)) throw new SitePageNotFound();
    const lang = negotiateLanguage(req.get('accept-language'));
    this.renderer.redirect(res, `/${lang}/entries/${typed}`, 302, 'asset', 'Accept-Language');
  }

  /**
   * `/concerns/track`: the tracking page in the reader's language. Earlier e-mails linked here
   * with `?code=`; the code is dropped (it is entered on the page and sent by POST, and the
   * request log never shows it).
   */
  @Get('concerns/track')
  track(@Req() req: Request, @Res() res: Response) {
    const lang = negotiateLanguage(req.get('accept-language'));
    this.renderer.redirect(res, `/${lang}/concerns/track`, 302, 'asset', 'Accept-Language');
  }

  /** `/concerns/erase`: the erasure page in the reader's language. */
  @Get('concerns/erase')
  erase(@Req() req: Request, @Res() res: Response) {
    const lang = negotiateLanguage(req.get('accept-language'));
    this.renderer.redirect(res, `/${lang}/concerns/erase`, 302, 'asset', 'Accept-Language');
  }

  /** Where to report a vulnerability (RFC 9116), when INSYN_SECURITY_CONTACT_URL says. */
  @Get('.well-known/security.txt')
  securityTxt(@Req() req: Request, @Res() res: Response) {
    const contact = this.renderer.securityContactUrl;
    if (!contact) throw new SitePageNotFound();
    const body = securityTxt({
      contact,
      organisationName: this.renderer.statements.organisationName,
      publicUrl: this.renderer.origin(),
      today: this.renderer.today(),
    });
    this.renderer.send(req, res, body, 'text/plain; charset=utf-8');
  }

  /**
   * `/favicon.ico`, which browsers, feed readers and crawlers ask for without reading a page's
   * `<link rel="icon">`: → the site's icon (SVG), rather than a 404 in every visitor's log.
   */
  @Get('favicon.ico')
  favicon(@Res() res: Response) {
    this.renderer.redirect(res, this.renderer.assetUrls.icon, 301, 'asset');
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Req() req: Request, @Res() res: Response) {
    const asset = this.renderer.assets.get(name);
    if (!asset) throw new SitePageNotFound();
    const versioned = req.query.v === asset.hash;
    this.renderer.send(req, res, asset.body, asset.type, versioned ? 'versioned-asset' : 'asset');
  }
}
