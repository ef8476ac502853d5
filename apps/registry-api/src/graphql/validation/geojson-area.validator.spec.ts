import { isGeoJsonArea } from './geojson-area.validator';

describe('isGeoJsonArea', () => {
  const square = [
    [18.06, 59.33],
    [18.07, 59.33],
    [18.07, 59.34],
    [18.06, 59.33],
  ];
  it('accepts closed polygons and multipolygons', () => {
    expect(isGeoJsonArea({ type: 'Polygon', coordinates: [square] })).toBe(true);
    expect(isGeoJsonArea({ type: 'MultiPolygon', coordinates: [[square], [square]] })).toBe(true);
  });
  it('refuses open rings, out-of-range positions, other types and extra keys', () => {
    expect(
      isGeoJsonArea({ type: 'Polygon', coordinates: [square.slice(0, 3).concat([[18.0, 59.0]])] }),
    ).toBe(false);
    expect(
      isGeoJsonArea({
        type: 'Polygon',
        coordinates: [
          [
            [200, 59],
            [18, 59],
            [18, 60],
            [200, 59],
          ],
        ],
      }),
    ).toBe(false);
    expect(isGeoJsonArea({ type: 'Point', coordinates: [18, 59] })).toBe(false);
    expect(isGeoJsonArea({ type: 'Polygon', coordinates: [square], crs: 'x' })).toBe(false);
  });
});
