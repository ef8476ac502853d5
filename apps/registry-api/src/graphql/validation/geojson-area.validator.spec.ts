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
    const east = square.map(([lon, lat]) => [lon + 0.02, lat]);
    expect(isGeoJsonArea({ type: 'MultiPolygon', coordinates: [[square], [east]] })).toBe(true);
    // The same polygon twice overlaps itself.
    expect(isGeoJsonArea({ type: 'MultiPolygon', coordinates: [[square], [square]] })).toBe(false);
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
    // Closed, but around nothing: one position four times, or positions on one line.
    const point = [18, 59];
    expect(isGeoJsonArea({ type: 'Polygon', coordinates: [[point, point, point, point]] })).toBe(
      false,
    );
    const line = [
      [18, 59],
      [18.5, 59.5],
      [19, 60],
      [18, 59],
    ];
    expect(isGeoJsonArea({ type: 'Polygon', coordinates: [line] })).toBe(false);
    expect(isGeoJsonArea({ type: 'MultiPolygon', coordinates: [[square], [line]] })).toBe(false);
    expect(isGeoJsonArea({ type: 'Polygon', coordinates: [square], crs: 'x' })).toBe(false);
  });
  it('takes a bbox only as RFC 7946 writes one: 4 or 6 finite numbers in range', () => {
    const area = (bbox: unknown) => ({ type: 'Polygon', coordinates: [square], bbox });
    expect(isGeoJsonArea(area([18.06, 59.33, 18.07, 59.34]))).toBe(true);
    expect(isGeoJsonArea(area([18.06, 59.33, 0, 18.07, 59.34, 12]))).toBe(true);
    // Across the antimeridian, west lies east of east.
    expect(isGeoJsonArea(area([177, -20, -178, -16]))).toBe(true);
    for (const bbox of [
      'javascript:alert(1)',
      'x'.repeat(1000),
      [{ evil: true }, 'x', null],
      [Infinity, 59, 18, 60],
      [18, 59, 19],
      [18, 60, 19, 59], // south above north
      [18, 59, 190, 60],
      [18, 59, 5, 19, 60, 1], // lowest above highest
      null,
      {},
    ])
      expect(isGeoJsonArea(area(bbox))).toBe(false);
  });
});
