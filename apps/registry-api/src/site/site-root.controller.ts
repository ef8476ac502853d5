import { Controller, Get, Param, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { negotiateLanguage } from './i18n/messages';
import { SitePageNotFound } from './site-errors';
import { SiteExceptionFilter } from './site-exception.filter';
import { SiteRenderer } from './site-renderer';

/** Site paths outside the languages: the language choice at `/` and static assets. */
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

  @Get('assets/:name')
  asset(@Param('name') name: string, @Req() req: Request, @Res() res: Response) {
    const asset = this.renderer.assets.get(name);
    if (!asset) throw new SitePageNotFound();
    const versioned = req.query.v === asset.hash;
    this.renderer.send(req, res, asset.body, asset.type, versioned ? 'versioned-asset' : 'asset');
  }
}
