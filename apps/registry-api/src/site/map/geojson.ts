import { geoJsonGeometryOf } from '@insyn/standards';
import type { SiteLocale } from '../i18n/messages';
import { titleOf } from '../views/format';
import { MapPlace } from './map-features';

/** The export that holds every published IoT deployment (the map stops at its limit). */
export const IOT_DEPLOYMENTS_EXPORT = '/exports/iot-deployments.geojson';

/**
 * The places as a GeoJSON FeatureCollection (RFC 7946): a Point feature per point and a
 * Polygon or MultiPolygon feature per area (written by the exports' `geoJsonGeometryOf`, so by
 * RFC 7946's right-hand rule and without a bbox, as in `/exports/iot-deployments.geojson`), each with the entry's title, page URL and the
 * location's description. `truncated` (a foreign member, RFC 7946 §6.1) says whether deployments
 * were left out past the map's limit; when they were, `limit` is that limit and `fullExport` the
 * export that holds them all.
 */
export function placesGeoJson(
  places: MapPlace[],
  locale: SiteLocale,
  origin: string,
  cut: { truncated: boolean; limit: number },
): object {
  const features = places.flatMap((place) => {
    const title = titleOf(place.view, locale.lang);
    const properties = {
      entryId: place.view.entry.id,
      slug: place.view.entry.slug,
      title: title.text,
      titleLanguage: title.lang,
      url: `${origin}/${locale.lang}/entries/${place.view.entry.slug}`,
      location: place.index,
      description: place.description,
      sensorType: place.view.content.iotDeployment?.sensorType ?? null,
    };
    return [
      ...(place.point
        ? [
            {
              type: 'Feature',
              geometry: { type: 'Point', coordinates: [place.point.lon, place.point.lat] },
              properties,
            },
          ]
        : []),
      ...(place.area
        ? [{ type: 'Feature', geometry: geoJsonGeometryOf(place.area), properties }]
        : []),
    ];
  });
  return {
    type: 'FeatureCollection',
    truncated: cut.truncated,
    ...(cut.truncated
      ? { limit: cut.limit, fullExport: `${origin}${IOT_DEPLOYMENTS_EXPORT}` }
      : {}),
    features,
  };
}
