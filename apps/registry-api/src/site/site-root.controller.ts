import { Controller, Get, Param, Req, Res, UseFilters } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { Request, Response } from 'express';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { negotiateLanguage } from './i18n/messages';
import { SitePageNotFound } from './site-errors';
import { SiteExceptionFilter } from './site-exception.filter';
import { SiteRenderer } from './site-renderer';

/** Site paths outside the languages: the language choice at `/`, static assets, the schema. */
@Controller()
@UseFilters(SiteExceptionFilter)
export class SiteRootController {
  private schema?: string;

  constructor(
    private readonly renderer: SiteRenderer,
    private readonly modules: ModuleRef,
  ) {}

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

  /** The GraphQL schema, as the committed schema.gql has it. */
  @Get('schema.gql')
  schemaFile(@Req() req: Request, @Res() res: Response) {
    // The GraphQL module's schema host lives outside this module: looked up, not injected.
    const host = this.modules.get(GraphQLSchemaHost, { strict: false });
    this.schema ??= `${printSchema(lexicographicSortSchema(host.schema))}\n`;
    this.renderer.send(req, res, this.schema, 'text/plain; charset=utf-8', 'asset');
  }
}
