import { polygonGeometryProblem, segmentsMeet } from './area-geometry';
import { GEOJSON_AREA_RULE, geoJsonAreaProblem, MAX_POSITIONS } from './geojson-area';

const polygon = (...rings: number[][][]) => ({ type: 'Polygon', coordinates: rings });
const square = (x: number, y: number, size: number) => [
  [x, y],
  [x + size, y],
  [x + size, y + size],
  [x, y + size],
  [x, y],
];

describe('geoJsonAreaProblem', () => {
  it('accepts simple polygons drawn either way round, with holes inside, and MultiPolygons', () => {
    expect(geoJsonAreaProblem(polygon(square(0, 0, 10)))).toBeNull();
    expect(geoJsonAreaProblem(polygon([...square(0, 0, 10)].reverse()))).toBeNull();
    expect(
      geoJsonAreaProblem(polygon(square(0, 0, 10), square(2, 2, 2), square(6, 6, 2))),
    ).toBeNull();
    // A repeated position is no edge; a concave ring is still simple.
    expect(
      geoJsonAreaProblem(
        polygon([
          [0, 0],
          [0, 0],
          [4, 0],
          [4, 4],
          [2, 1],
          [0, 4],
          [0, 0],
        ]),
      ),
    ).toBeNull();
    expect(
      geoJsonAreaProblem({
        type: 'MultiPolygon',
        coordinates: [[square(179, 10, 1)], [square(-180, 10, 1)]],
      }),
    ).toBeNull();
  });

  it('refuses an asymmetric bow-tie, naming the ring and the edges that cross', () => {
    const bowTie = [
      [0, 0],
      [2, 2],
      [2, 0],
      [0, 1],
      [0, 0],
    ];
    expect(geoJsonAreaProblem(polygon(bowTie))).toBe(
      'must have a boundary that does not cross or touch itself: in ring coordinates.0, the edge from position 0 to 1 meets the edge from position 2 to 3',
    );
    expect(
      geoJsonAreaProblem({ type: 'MultiPolygon', coordinates: [[square(5, 5, 1)], [bowTie]] }),
    ).toMatch(/in ring coordinates\.1\.0, /);
  });

  it('refuses a ring that touches itself, or folds back along an edge', () => {
    // A figure eight through one position, and a spike out and back.
    const eight = [
      [0, 0],
      [1, 1],
      [2, 0],
      [2, 2],
      [1, 1],
      [0, 2],
      [0, 0],
    ];
    expect(geoJsonAreaProblem(polygon(eight))).toMatch(/does not cross or touch itself/);
    const spike = [
      [0, 0],
      [4, 0],
      [6, 0],
      [5, 0],
      [4, 4],
      [0, 0],
    ];
    expect(geoJsonAreaProblem(polygon(spike))).toMatch(/does not cross or touch itself/);
    // A vertex on another edge of the ring.
    const pinched = [
      [0, 0],
      [4, 0],
      [4, 4],
      [2, 0],
      [0, 4],
      [0, 0],
    ];
    expect(geoJsonAreaProblem(polygon(pinched))).toMatch(/does not cross or touch itself/);
  });

  it('refuses a hole outside its outer ring, one crossing it, and one inside another hole', () => {
    expect(geoJsonAreaProblem(polygon(square(0, 0, 1), square(5, 5, 1)))).toBe(
      'must have its holes inside its outer ring: ring coordinates.1 lies outside ring coordinates.0',
    );
    expect(geoJsonAreaProblem(polygon(square(0, 0, 4), square(3, 3, 4)))).toMatch(
      /^must have rings that neither cross each other nor touch along an edge: ring coordinates\.1 \(its edge from position \d to \d\) crosses ring coordinates\.0/,
    );
    expect(geoJsonAreaProblem(polygon(square(0, 0, 10), square(1, 1, 8), square(2, 2, 2)))).toBe(
      'must not have a hole inside another hole: ring coordinates.2 lies inside ring coordinates.1',
    );
  });

  it('refuses a ring spanning more than 180° of longitude, meant across the antimeridian', () => {
    const across = [
      [179, 10],
      [-179, 10],
      [-179, 11],
      [179, 11],
      [179, 10],
    ];
    expect(geoJsonAreaProblem(polygon(across))).toBe(
      'must not span more than 180° of longitude in one ring: ring coordinates.0 runs from -179 to 179 (358°), which RFC 7946 reads as the long way round the globe; an area across the antimeridian is a MultiPolygon split there, one polygon on each side (RFC 7946 §3.1.9)',
    );
    // Exactly half the globe is still one reading.
    expect(
      geoJsonAreaProblem(
        polygon([
          [-90, 0],
          [90, 0],
          [90, 1],
          [-90, 1],
          [-90, 0],
        ]),
      ),
    ).toBeNull();
  });

  it('refuses a ring of positions on one line in decimal, though not quite in binary, and keeps a sliver', () => {
    // fast-check's counterexample: the outer ring is a line; the "hole" lies beside it.
    const line = [
      [18.6, 59.6],
      [18.7, 59.7],
      [18, 59],
      [18.6, 59.6],
    ];
    const beside = [
      [18.2, 59.1],
      [18.1, 59],
      [18, 59],
      [18.2, 59.1],
    ];
    expect(geoJsonAreaProblem(polygon(line, beside))).toBe(GEOJSON_AREA_RULE);
    expect(geoJsonAreaProblem(polygon(line))).toBe(GEOJSON_AREA_RULE);
    // A street one metre wide and a kilometre long still bounds an area.
    const street = [
      [18, 59],
      [18.0175, 59],
      [18.0175, 59.000009],
      [18, 59.000009],
      [18, 59],
    ];
    expect(geoJsonAreaProblem(polygon(street))).toBeNull();
  });

  it('says the shape rule first, for anything that is no area', () => {
    expect(geoJsonAreaProblem({ type: 'Point', coordinates: [1, 2] })).toBe(GEOJSON_AREA_RULE);
  });

  it('bounds its work: sweeps the other way when one prunes too little, and refuses what neither can', () => {
    const n = MAX_POSITIONS - 1;
    const circle = Array.from({ length: n }, (_, i) => [
      18 + Math.cos((2 * Math.PI * i) / n),
      59 + Math.sin((2 * Math.PI * i) / n) / 2,
    ]);
    expect(geoJsonAreaProblem(polygon([...circle, circle[0]]))).toBeNull();
    // A comb: every tooth's edges span the whole width, so every edge overlaps every other in
    // longitude (a west-to-east sweep prunes nothing; a south-to-north one does).
    const comb = [[0, 0]];
    for (let i = 1; i < n - 3; i++) comb.push([i % 2 ? 10 : 1, i * 0.00005]);
    comb.push([0, 1], [0, 0]);
    expect(geoJsonAreaProblem(polygon(comb))).toBeNull();
    // And turned a quarter: the first sweep gives up, the second checks it.
    const turned = comb.map(([lon, lat]) => [lat, lon]);
    expect(polygonGeometryProblem([turned])).toBeNull();
    // With a smaller budget, a shape whose edges overlap both ways beyond it is refused, saying so.
    const small = circle.filter((_, i) => i % 100 === 0);
    expect(polygonGeometryProblem([[...small, small[0]]], 5)).toBe(
      "is too intricate to check: more than 5 pairs of its edges overlap each other's extent both ways; simplify it (fewer positions, or split it into a MultiPolygon)",
    );
    expect(polygonGeometryProblem([[...small, small[0]]], 10_000)).toBeNull();
  });
});

describe('segmentsMeet', () => {
  it('tells crossing, touching and overlapping segments from apart ones', () => {
    expect(segmentsMeet([0, 0], [2, 2], [0, 2], [2, 0])).toBe(true);
    expect(segmentsMeet([0, 0], [2, 0], [1, 0], [1, 5])).toBe(true);
    expect(segmentsMeet([0, 0], [2, 0], [1, 0], [3, 0])).toBe(true);
    expect(segmentsMeet([0, 0], [2, 0], [3, 0], [4, 0])).toBe(false);
    expect(segmentsMeet([0, 0], [2, 0], [0, 1], [2, 1])).toBe(false);
    expect(segmentsMeet([0, 0], [2, 2], [3, 0], [2, 1.5])).toBe(false);
  });
});
