import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { SiteAssets } from '../views/page-context';
import { MAP_SCRIPT } from './map-script';
import { SITE_ICON_SVG } from './site-icon';
import { SITE_CSS } from './site.css';

/** One static file of the site, with its content hash (the `v` of its URL). */
export interface SiteAsset {
  body: Buffer;
  type: string;
  hash: string;
}

function asset(body: string | Buffer, type: string): SiteAsset {
  const buffer = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return {
    body: buffer,
    type,
    hash: createHash('sha256').update(buffer).digest('hex').slice(0, 16),
  };
}

/**
 * The site's static files, by name: the style sheet and map script (kept as strings in the
 * source, so the build needs no copy step) and Leaflet from its npm package. A fixed list: no
 * name from a URL ever reaches the file system.
 */
export function loadSiteAssets(): Map<string, SiteAsset> {
  const leaflet = (file: string) => readFileSync(require.resolve(`leaflet/dist/${file}`));
  return new Map([
    ['site.css', asset(SITE_CSS, 'text/css; charset=utf-8')],
    ['map.js', asset(MAP_SCRIPT, 'text/javascript; charset=utf-8')],
    ['icon.svg', asset(SITE_ICON_SVG, 'image/svg+xml')],
    ['leaflet.js', asset(leaflet('leaflet.js'), 'text/javascript; charset=utf-8')],
    ['leaflet.css', asset(leaflet('leaflet.css'), 'text/css; charset=utf-8')],
  ]);
}

/** The URLs pages link, each with its content hash. */
export function assetUrls(assets: Map<string, SiteAsset>): SiteAssets {
  const url = (name: string) => `/assets/${name}?v=${assets.get(name)!.hash}`;
  return {
    css: url('site.css'),
    icon: url('icon.svg'),
    mapScript: url('map.js'),
    leafletScript: url('leaflet.js'),
    leafletCss: url('leaflet.css'),
  };
}
