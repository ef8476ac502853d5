import type { SiteLocale } from '../i18n/messages';
import { titleOf } from '../views/format';
import { MapPlace } from './map-features';

/**
 * The places as a GeoJSON FeatureCollection (RFC 7946): a Point feature per point and a
 * Polygon or MultiPolygon feature per area, each with the entry's title, page URL and the
 * location's description.
 */
export function placesGeoJson(places: MapPlace[], locale: SiteLocale, origin: string): object {
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
      ...(place.area ? [{ type: 'Feature', geometry: place.area, properties }] : []),
    ];
  });
  return { type: 'FeatureCollection', features };
}
