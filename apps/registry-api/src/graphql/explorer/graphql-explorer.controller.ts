import { Controller, Get, Next, Param, Req, Res } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { sendSite } from '../../site/http/site-response';
import { GRAPHQL_PATH } from '../graphql-path';
import { ExplorerAsset, loadExplorerAssets } from './explorer-assets';
import { explorerPage } from './explorer-page';

/** Where the explorer's scripts and styles are served. */
export const EXPLORER_ASSETS_PATH = `${GRAPHQL_PATH}/explorer`;

/** The media types GraphQL answers in; a request that prefers HTML to them gets the explorer. */
const GRAPHQL_MEDIA_TYPES = [
  'application/json',
  'application/graphql-response+json',
  'multipart/mixed',
  'text/html',
];

/**
 * The GraphQL explorer at GET /graphql from a browser: GraphiQL, served with its assets from the
 * registry itself (npm packages, no CDN), in every environment. Token holders (auditors above
 * all) enter their Authorization header in it; what anonymous callers may ask is GraphQL's rule,
 * not the page's. The page brings the public schema with it (schema.json, from the published
 * SDL), so its Docs pane and completion work for everyone with no introspection. Every other
 * request to /graphql (POST, GET with a query from a client) goes on to Apollo, as Apollo's own
 * landing-page negotiation would send it. Its security headers are the site's (Nest's
 * useSecurityHeaders, securityHeaderOptions): scripts, styles and requests to this origin only, no inline script or style,
 * no eval, no workers, which is all GraphiQL's bundle needs.
 */
@Controller(GRAPHQL_PATH.slice(1))
export class GraphQLExplorerController {
  private readonly assets = loadExplorerAssets();
  private readonly page = Buffer.from(
    explorerPage(GRAPHQL_PATH, EXPLORER_ASSETS_PATH, this.assets),
    'utf8',
  );

  @Get()
  explorer(@Req() req: Request, @Res() res: Response, @Next() next: NextFunction) {
    if (!req.headers.accept || req.accepts(GRAPHQL_MEDIA_TYPES) !== 'text/html') return next();
    // The same URL answers JSON to API clients: caches must key on Accept.
    res.setHeader('Vary', 'Accept');
    // Revalidated like the site's assets: the page names this build's asset hashes.
    sendSite(req, res, { body: this.page, type: 'text/html; charset=utf-8', cache: 'asset' });
  }

  @Get('explorer/:name')
  asset(@Param('name') name: string, @Req() req: Request, @Res() res: Response) {
    const asset: ExplorerAsset | undefined = this.assets.get(name);
    if (!asset) {
      res.status(404).type('text/plain').send('No such explorer file');
      return;
    }
    const versioned = req.query.v === asset.hash;
    sendSite(req, res, {
      body: asset.body,
      type: asset.type,
      cache: versioned ? 'versioned-asset' : 'asset',
    });
  }
}
