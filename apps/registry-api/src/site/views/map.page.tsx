import { PRIMARY_CONTENT_LANGUAGE } from '@insyn/registry';
import { IOT_DEPLOYMENTS_EXPORT } from '../map/geojson';
import { drawPlaces, MapPlace } from '../map/map-features';
import { formatNumber, langAttr, titleOf } from './format';
import { Layout } from './layout';
import { hrefIn, PageContext } from './page-context';

export interface MapSettings {
  /** Tile URL template for the interactive map ({z}/{x}/{y}); null: vectors only. */
  tileUrl: string | null;
  tileAttribution: string;
}

/**
 * The IoT map: a server-drawn SVG of points and areas (no tiles, no script needed), the GeoJSON
 * download, and a list with the same content for screen readers. With JavaScript, map.js puts
 * Leaflet over the SVG for pan and zoom (over tiles when configured).
 */
export function MapPage({
  ctx,
  places,
  cutAt,
  settings,
}: {
  ctx: PageContext;
  places: MapPlace[];
  /** The limit the deployments were cut at, when there are more than it. */
  cutAt?: number;
  settings: MapSettings;
}) {
  const { locale } = ctx;
  const { t, lang } = locale;
  const drawing = drawPlaces(places);
  const geojson = hrefIn(lang, '/map/iot-deployments.geojson');
  const contentLang = langAttr(PRIMARY_CONTENT_LANGUAGE, lang);
  const byEntry = new Map<string, MapPlace[]>();
  for (const place of places)
    byEntry.set(place.view.entry.id, [...(byEntry.get(place.view.entry.id) ?? []), place]);
  return (
    <Layout
      ctx={ctx}
      title={t.map.title}
      scripts={[ctx.assets.leafletScript, ctx.assets.mapScript]}
      styles={[ctx.assets.leafletCss]}
    >
      <h1>{t.map.title}</h1>
      <p>{t.map.intro}</p>
      {cutAt !== undefined ? (
        <p class="notice">
          {t.map.truncated(formatNumber(locale, cutAt))}{' '}
          <a href={IOT_DEPLOYMENTS_EXPORT} type="application/geo+json">
            {t.map.fullExport}
          </a>
        </p>
      ) : null}
      <p>
        <a href={geojson} type="application/geo+json" download="iot-deployments.geojson">
          {t.map.download}
        </a>{' '}
        <span class="hint">{t.map.downloadHint}</span>
      </p>
      <figure
        class="map"
        id="map"
        data-geojson={geojson}
        data-tiles={settings.tileUrl ?? undefined}
        data-attribution={settings.tileAttribution || undefined}
        data-interactive={t.map.interactive}
        data-zoom-in={t.map.zoomIn}
        data-zoom-out={t.map.zoomOut}
        data-close-popup={t.map.closePopup}
      >
        <svg
          xmlns="http://www.w3.org/2000/svg"
          viewBox={`0 0 ${drawing.width} ${drawing.height}`}
          role="img"
          aria-labelledby="map-title map-desc"
          class="map-svg"
        >
          <title id="map-title">{t.map.svgTitle}</title>
          <desc id="map-desc">
            {t.map.svgDescription(drawing.points.length, drawing.areas.length)}
          </desc>
          <rect x="0" y="0" width={drawing.width} height={drawing.height} class="map-bg" />
          {drawing.areas.map(({ place, d }) => (
            <path d={d} class="map-area" fill-rule="evenodd">
              <title>{titleOf(place.view, lang).text}</title>
            </path>
          ))}
          {drawing.points.map(({ place, x, y }) => (
            <circle cx={x} cy={y} r="7" class="map-point">
              <title>{titleOf(place.view, lang).text}</title>
            </circle>
          ))}
        </svg>
        <figcaption>{t.map.hidden}</figcaption>
      </figure>
      <section aria-labelledby="places-title">
        <h2 id="places-title">{t.map.list}</h2>
        {places.length ? (
          <ul class="places">
            {[...byEntry.values()].map((entryPlaces) => {
              const view = entryPlaces[0].view;
              const title = titleOf(view, lang);
              return (
                <li>
                  <h3>
                    <a
                      href={hrefIn(lang, `/entries/${view.entry.slug}`)}
                      lang={langAttr(title.lang, lang)}
                    >
                      {title.text}
                    </a>
                  </h3>
                  <ul>
                    {entryPlaces.map((place) => (
                      <li id={`place-${view.entry.slug}-${place.index}`}>
                        <span lang={contentLang}>{place.description}</span>
                        {place.point ? (
                          <>
                            {' – '}
                            {t.map.point}:{' '}
                            {t.map.coordinates(
                              formatNumber(locale, place.point.lat),
                              formatNumber(locale, place.point.lon),
                            )}
                          </>
                        ) : null}
                        {place.area ? <> – {t.map.area}</> : null}
                      </li>
                    ))}
                  </ul>
                </li>
              );
            })}
          </ul>
        ) : (
          <p>{t.map.none}</p>
        )}
      </section>
    </Layout>
  );
}
