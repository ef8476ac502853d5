import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { InsynConfig } from '@insyn/config';
import { RegistryClock } from '@insyn/registry';
import { StandardsSettings } from '@insyn/standards';
import { tileOrigin } from '../http/security-headers.middleware';
import { assetUrls, loadSiteAssets, SiteAsset } from './assets/site-assets';
import { redirectSite, sendSite, CachePolicy } from './http/site-response';
import { DEFAULT_LANGUAGE, localeOf, SiteLanguage } from './i18n/messages';
import type { MapSettings } from './views/map.page';
import type { StatementSettings } from './views/statement.pages';
import { PageContext, SiteAssets } from './views/page-context';
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from '../http/file-exception.filter';

export const SITE_CONFIG = Symbol('SITE_CONFIG');

/**
 * Turns views into answers: the HTML document, the site's caching headers (ETag/304; the CSP
 * and other security headers come from http/security-headers.middleware.ts for every response),
 * and the context every page gets. Rendering is synchronous and reads nothing.
 */
@Injectable()
export class SiteRenderer {
  readonly assets: Map<string, SiteAsset> = loadSiteAssets();
  readonly assetUrls: SiteAssets = assetUrls(this.assets);
  readonly map: MapSettings;
  /** What the accessibility statement and the privacy page say of this registry. */
  readonly statements: StatementSettings;
  /** Where to report a vulnerability (`/.well-known/security.txt`); null: no such file. */
  readonly securityContactUrl: string | null;
  /** Whether search engines may index the site (INSYN_SEARCH_ENGINES): robots.txt, the sitemap. */
  readonly indexable: boolean;
  /** The public address and the city's name, as the standards' mappings take them. */
  readonly standards: StandardsSettings;

  constructor(
    @Inject(SITE_CONFIG) config: InsynConfig,
    private readonly clock: RegistryClock,
  ) {
    this.standards = {
      publicUrl: config.publicUrl,
      organisationName: config.INSYN_ORGANISATION_NAME,
    };
    this.map = {
      tileUrl: config.INSYN_MAP_TILE_URL ?? null,
      tileAttribution: config.INSYN_MAP_TILE_ATTRIBUTION ?? '',
    };
    this.securityContactUrl = config.INSYN_SECURITY_CONTACT_URL ?? null;
    this.indexable = config.INSYN_SEARCH_ENGINES === 'index';
    this.statements = {
      organisationName: config.INSYN_ORGANISATION_NAME,
      accessibilityFeedbackUrl: config.INSYN_ACCESSIBILITY_FEEDBACK_URL ?? null,
      privacyContactUrl: config.INSYN_PRIVACY_CONTACT_URL ?? null,
      contactRetentionDays: config.INSYN_CONTACT_RETENTION_DAYS,
      // The host the CSP lets the map load tiles from.
      mapTileOrigin: tileOrigin(config.INSYN_MAP_TILE_URL) ?? null,
    };
  }

  /** Today (YYYY-MM-DD) by the registry's clock: the day overdue reviews are judged on. */
  today(): string {
    return this.clock.today();
  }

  /**
   * The page's context. `keep` names the query parameters the page understands: its canonical
   * address keeps those (the first value of each, in that order), and no other.
   */
  context(lang: SiteLanguage, req: Request, keep: readonly string[] = []): PageContext {
    const url = req.originalUrl;
    const rest = url.slice(lang.length + 1) || '/';
    const here = rest.startsWith('/') ? rest : `/${rest}`;
    const at = here.indexOf('?');
    const query = new URLSearchParams(at === -1 ? '' : here.slice(at + 1));
    const kept = new URLSearchParams();
    for (const name of keep) {
      const value = query.get(name);
      if (value) kept.append(name, value);
    }
    const path = at === -1 ? here : here.slice(0, at);
    return {
      locale: localeOf(lang),
      here,
      // Otherwise the layout takes `here`'s path, which a caller may set to another page's.
      ...(keep.length ? { canonical: kept.size ? `${path}?${kept.toString()}` : path } : {}),
      assets: this.assetUrls,
      publicUrl: this.standards.publicUrl,
    };
  }

  /** A context for pages of a request whose language is unknown (errors). */
  fallbackContext(req: Request, lang: SiteLanguage = DEFAULT_LANGUAGE): PageContext {
    // The language switch of an error page leads to the same address in the other language (its
    // own error there, in that language), not to the home page: a reader who followed a broken
    // link keeps where they were. A form post's error leads home (the address takes no GET).
    const prefix = `/${lang}`;
    const url = req.originalUrl ?? '/';
    const here =
      (req.method === 'GET' || req.method === 'HEAD') &&
      (url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`))
        ? url.slice(prefix.length) || '/'
        : '/';
    return {
      locale: localeOf(lang),
      here,
      canonical: '/',
      assets: this.assetUrls,
      outsideNavigation: true,
    };
  }

  html(
    req: Request,
    res: Response,
    page: VNode,
    options: { status?: number; cache?: CachePolicy } = {},
  ): void {
    const body = `<!doctype html>\n${renderToString(page)}`;
    // A page that says the database or search is down says when to try again.
    if (options.status === 503)
      res.setHeader('Retry-After', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    sendSite(req, res, {
      body,
      type: 'text/html; charset=utf-8',
      cache: options.cache ?? 'page',
      status: options.status,
    });
  }

  send(
    req: Request,
    res: Response,
    body: string | Buffer,
    type: string,
    cache: CachePolicy = 'page',
  ): void {
    sendSite(req, res, { body, type, cache });
  }

  redirect(
    res: Response,
    location: string,
    status: 301 | 302 | 303,
    cache: CachePolicy,
    vary?: string,
  ): void {
    redirectSite(res, location, { status, cache, vary });
  }

  /**
   * The site's absolute address for links that leave the page (feeds, GeoJSON): INSYN_PUBLIC_URL,
   * never the request's Host or X-Forwarded-Proto, which a client chooses and a cache in front
   * would then keep for everyone.
   */
  origin(): string {
    return this.standards.publicUrl;
  }
}
