import type { EntryView, GeoJsonGeometry } from '@insyn/registry';
import { geoJsonGeometryOf } from '@insyn/standards';
import { localeOf } from '../i18n/messages';
import { placesGeoJson } from './geojson';
import { placesOf } from './map-features';

/** Twice a ring's signed area: positive when it runs counterclockwise. */
const twice = (ring: number[][]) =>
  ring.slice(0, -1).reduce((sum, p, i) => sum + p[0] * ring[i + 1][1] - ring[i + 1][0] * p[1], 0);

const view = (area: GeoJsonGeometry & { bbox?: number[] }) =>
  ({
    entry: { id: 'e1', slug: 'sensorer' },
    content: {
      title: 'Sensorer',
      iotDeployment: { locations: [{ description: 'Torget', area }] },
    },
  }) as unknown as EntryView;

const geometriesOf = (views: EntryView[]) =>
  (
    placesGeoJson(placesOf(views), localeOf('sv'), 'https://insyn.example', {
      truncated: false,
      limit: 1000,
    }) as { features: { geometry: Record<string, unknown> }[] }
  ).features.map((f) => f.geometry);

describe('the map file’s GeoJSON (/{lang}/map/iot-deployments.geojson)', () => {
  // As drawn: the outer ring clockwise, the hole counterclockwise, with a bbox.
  const outer = [
    [0, 0],
    [0, 10],
    [10, 10],
    [10, 0],
    [0, 0],
  ];
  const hole = [
    [2, 2],
    [4, 2],
    [4, 4],
    [2, 4],
    [2, 2],
  ];
  const area = { type: 'Polygon' as const, coordinates: [outer, hole], bbox: [0, 0, 10, 10] };

  it('writes areas as the export does: rings by the right-hand rule (RFC 7946 §3.1.6), no bbox', () => {
    const [geometry] = geometriesOf([view(area)]);
    expect(geometry).toEqual(geoJsonGeometryOf(area));
    expect(geometry).not.toHaveProperty('bbox');
    const [outside, inside] = geometry.coordinates as number[][][];
    expect(twice(outside)).toBeGreaterThan(0);
    expect(twice(inside)).toBeLessThan(0);
  });

  it('rewinds each polygon of a MultiPolygon', () => {
    const multi = { type: 'MultiPolygon' as const, coordinates: [[outer], [[...hole].reverse()]] };
    const [geometry] = geometriesOf([view(multi)]);
    for (const [ring] of geometry.coordinates as number[][][][])
      expect(twice(ring)).toBeGreaterThan(0);
  });

  it('writes an area stored before today’s rule (a bow-tie) without failing', () => {
    const bowTie = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [0, 0],
          [2, 2],
          [2, 0],
          [0, 1],
          [0, 0],
        ],
      ],
    };
    expect(() => geometriesOf([view(bowTie)])).not.toThrow();
  });
});
