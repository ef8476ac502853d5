/**
 * Whether the rings of a polygon bound one simple area, as RFC 7946 (§3.1.6, §3.1.9) and the
 * OGC simple-features rules that GIS tools apply (PostGIS `ST_IsValid`, shapely) read it: no ring
 * crosses or touches itself, rings do not cross or touch each other, every hole lies inside the
 * outer ring and outside the other holes, and no ring spans more than 180° of longitude (such a
 * ring is read the long way round the globe, not across the antimeridian).
 *
 * Positions are already known to be finite and in range, rings closed and around some area
 * (`geojson-area.ts`). Edges are compared after a sort by their west end, so only edges whose
 * longitudes overlap are tested in pairs (or by their south end, when that prunes more): an
 * ordinary drawing of 10,000 positions takes milliseconds, and no drawing more than
 * MAX_EDGE_PAIRS comparisons a sweep.
 */
type Position = number[];
type Ring = Position[];

/** One edge of a ring, from position `from` to the next distinct one. */
interface Edge {
  ring: number;
  /** Index of the edge among its ring's edges (zero-length edges left out). */
  k: number;
  from: number;
  to: number;
  a: Position;
  b: Position;
  west: number;
  east: number;
  south: number;
  north: number;
}

/** The longest span of longitude one ring may cover (RFC 7946 §3.1.9: split at the antimeridian). */
export const MAX_RING_LONGITUDE_SPAN = 180;

const same = (p: Position, q: Position) => p[0] === q[0] && p[1] === q[1];

/** Positive when a → b → c turns left (counterclockwise), negative when right, 0 on one line. */
const turn = (a: Position, b: Position, c: Position) =>
  Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));

/** p, on the line through a and b, lies between them (ends included). */
const within = (a: Position, b: Position, p: Position) =>
  Math.min(a[0], b[0]) <= p[0] &&
  p[0] <= Math.max(a[0], b[0]) &&
  Math.min(a[1], b[1]) <= p[1] &&
  p[1] <= Math.max(a[1], b[1]);

/** Segments a–b and c–d have a point in common (crossing, touching or overlapping). */
export function segmentsMeet(a: Position, b: Position, c: Position, d: Position): boolean {
  const [t1, t2, t3, t4] = [turn(a, b, c), turn(a, b, d), turn(c, d, a), turn(c, d, b)];
  if (t1 * t2 < 0 && t3 * t4 < 0) return true;
  return (
    (t1 === 0 && within(a, b, c)) ||
    (t2 === 0 && within(a, b, d)) ||
    (t3 === 0 && within(c, d, a)) ||
    (t4 === 0 && within(c, d, b))
  );
}

function edgesOf(ring: Ring, index: number): Edge[] {
  const edges: Edge[] = [];
  for (let i = 0; i < ring.length - 1; i++) {
    const [a, b] = [ring[i], ring[i + 1]];
    if (same(a, b)) continue; // a repeated position is no edge
    edges.push({
      ring: index,
      k: edges.length,
      from: i,
      to: i + 1,
      a,
      b,
      west: Math.min(a[0], b[0]),
      east: Math.max(a[0], b[0]),
      south: Math.min(a[1], b[1]),
      north: Math.max(a[1], b[1]),
    });
  }
  return edges;
}

/**
 * Two edges of one ring that follow each other share their common end and nothing else: they
 * may not fold back along one line (a spike, which touches itself).
 */
function neighboursOverlap(e: Edge, f: Edge): boolean {
  const [first, second] = e.b === f.a || same(e.b, f.a) ? [e, f] : [f, e];
  const corner = first.b;
  const [p, q] = [first.a, second.b];
  if (turn(corner, p, q) !== 0) return false;
  return (p[0] - corner[0]) * (q[0] - corner[0]) + (p[1] - corner[1]) * (q[1] - corner[1]) > 0;
}

/** Inside by the even-odd rule (the point is known to be on no edge of the ring). */
function inside(point: Position, ring: Ring): boolean {
  const [x, y] = point;
  let odd = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) odd = !odd;
  }
  return odd;
}

const span = (ring: Ring) => {
  const lons = ring.map((p) => p[0]);
  return { west: Math.min(...lons), east: Math.max(...lons) };
};

/**
 * How many pairs of edges with overlapping extents one sweep of a polygon may compare: bounds
 * the work of a request (a 2 MiB body holds some 35 areas of 10,000 positions), as ordinary
 * drawings compare a few per edge. An adversarial one (every edge long in both directions)
 * would compare all 50 million pairs of 10,000 edges, some 0.4 s each.
 */
export const MAX_EDGE_PAIRS = 250_000;

const TOO_MANY = Symbol('too many pairs');

/**
 * The first two edges that meet, as the problem to say, in a sweep along one axis (edges sorted
 * by their start along it, each compared with those starting before it ends); null when none
 * meet, TOO_MANY when more than `maxPairs` pairs would be compared.
 */
function meetingEdges(
  all: Edge[],
  axis: 'longitude' | 'latitude',
  count: number[],
  name: (ring: number) => string,
  maxPairs: number,
): string | null | typeof TOO_MANY {
  const [start, end, low, high] = (
    axis === 'longitude' ? ['west', 'east', 'south', 'north'] : ['south', 'north', 'west', 'east']
  ) as ['west' | 'south', 'east' | 'north', 'west' | 'south', 'east' | 'north'];
  const edges = [...all].sort((e, f) => e[start] - f[start]);
  // The extents as plain arrays: the loop below runs up to maxPairs times, and reading an edge's
  // field by a computed name there was ten times slower.
  const starts = Float64Array.from(edges, (e) => e[start]);
  const ends = Float64Array.from(edges, (e) => e[end]);
  const lows = Float64Array.from(edges, (e) => e[low]);
  const highs = Float64Array.from(edges, (e) => e[high]);
  let pairs = 0;
  for (let i = 0; i < edges.length; i++) {
    // Plain numbers, not a destructured array: nothing is allocated per pair.
    const endI = ends[i];
    const lowI = lows[i];
    const highI = highs[i];
    for (let j = i + 1; j < edges.length && starts[j] <= endI; j++) {
      if (++pairs > maxPairs) return TOO_MANY;
      if (lows[j] > highI || highs[j] < lowI) continue;
      const e = edges[i];
      const f = edges[j];
      const [first, second] = e.ring < f.ring || (e.ring === f.ring && e.k < f.k) ? [e, f] : [f, e];
      const edgeWords = (x: Edge) => `from position ${x.from} to ${x.to}`;
      if (first.ring !== second.ring) {
        if (segmentsMeet(e.a, e.b, f.a, f.b))
          return `must have rings that neither cross nor touch each other: ring ${name(second.ring)} (its edge ${edgeWords(second)}) meets ring ${name(first.ring)} (its edge ${edgeWords(first)})`;
        continue;
      }
      const n = count[first.ring];
      const neighbours = second.k === first.k + 1 || (first.k === 0 && second.k === n - 1);
      if (neighbours ? neighboursOverlap(first, second) : segmentsMeet(e.a, e.b, f.a, f.b))
        return `must have a boundary that does not cross or touch itself: in ring ${name(first.ring)}, the edge ${edgeWords(first)} meets the edge ${edgeWords(second)}`;
    }
  }
  return null;
}

/**
 * What keeps a polygon's rings (outer first, then holes) from bounding one simple area, said
 * plainly, naming rings by `name(i)` (`coordinates.1`) and positions by their index in the ring;
 * null when they bound one.
 */
export function polygonGeometryProblem(
  rings: Ring[],
  name: (ring: number) => string,
  maxPairs = MAX_EDGE_PAIRS,
): string | null {
  for (let r = 0; r < rings.length; r++) {
    const { west, east } = span(rings[r]);
    if (east - west > MAX_RING_LONGITUDE_SPAN)
      return `must not span more than ${MAX_RING_LONGITUDE_SPAN}° of longitude in one ring: ring ${name(r)} runs from ${west} to ${east} (${+(east - west).toFixed(6)}°), which RFC 7946 reads as the long way round the globe; an area across the antimeridian is a MultiPolygon split there, one polygon on each side (RFC 7946 §3.1.9)`;
  }

  const perRing = rings.map(edgesOf);
  const count = perRing.map((edges) => edges.length);
  const edges = perRing.flat();
  // Swept west to east, then, if that compares too many pairs (a shape whose edges all overlap
  // in longitude, a zigzag up a strip), south to north; refused only when both would.
  let found = meetingEdges(edges, 'longitude', count, name, maxPairs);
  if (found === TOO_MANY) found = meetingEdges(edges, 'latitude', count, name, maxPairs);
  if (found === TOO_MANY)
    return `is too intricate to check: more than ${maxPairs.toLocaleString('en-US')} pairs of its edges overlap each other's extent both ways; simplify it (fewer positions, or split it into a MultiPolygon)`;
  if (found) return found;

  // No two rings meet, so each hole lies wholly inside or wholly outside any other ring.
  const [outer, ...holes] = rings;
  for (let h = 1; h <= holes.length; h++) {
    if (!inside(rings[h][0], outer))
      return `must have its holes inside its outer ring: ring ${name(h)} lies outside ring ${name(0)}`;
    for (let other = 1; other <= holes.length; other++)
      if (other !== h && inside(rings[h][0], rings[other]))
        return `must not have a hole inside another hole: ring ${name(h)} lies inside ring ${name(other)}`;
  }
  return null;
}
