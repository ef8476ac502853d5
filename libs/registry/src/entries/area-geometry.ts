/**
 * Whether the polygons of an area each bound one area, and together bound areas that do not
 * overlap, as RFC 7946 (§3.1.6, §3.1.9) and the OGC simple-features rules that GIS tools apply
 * (PostGIS `ST_IsValid`, JTS, shapely) read it:
 * - no ring crosses or touches itself, and no ring spans more than 180° of longitude (such a ring
 *   is read the long way round the globe, not across the antimeridian);
 * - the rings of a polygon do not cross, nor touch along an edge; a hole lies inside the outer
 *   ring and outside the other holes, and may touch another ring at one point, so long as the
 *   touches do not close a loop that cuts the interior in two;
 * - the polygons of a MultiPolygon do not overlap, nor share a stretch of boundary; they may
 *   touch at points, and one may lie in a hole of another.
 *
 * Positions are already known to be finite and in range, rings closed and around some area
 * (`geojson-area.ts`). Edges are compared after a sort by their west end, so only edges whose
 * longitudes overlap are tested in pairs (or by their south end, when that prunes more): an
 * ordinary drawing of 10,000 positions takes milliseconds, and no area, however many its
 * polygons, more than MAX_EDGE_PAIRS comparisons a sweep.
 */
type Position = number[];
type Ring = Position[];

/** One edge of a ring, from position `from` to the next distinct one. */
interface Edge {
  /** The ring's number across all polygons of the area. */
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

/** The rings of an area, numbered one after another across its polygons. */
interface Rings {
  positions: Ring[];
  edges: Edge[][];
  /** The polygon each ring belongs to. */
  polygon: number[];
  /** 1 when a ring runs counterclockwise, -1 when clockwise. */
  orientation: number[];
  /** Each ring's extent. */
  box: { west: number; east: number; south: number; north: number }[];
  /** The first ring (the outer one) of each polygon, then one past the last. */
  firstOf: number[];
  /** A ring's path in the area (`coordinates.1`, `coordinates.2.1`). */
  name: (ring: number) => string;
  /** A polygon's path in a MultiPolygon (`coordinates.2`). */
  part: (polygon: number) => string;
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

/** Twice the area a ring bounds, counterclockwise positive (the shoelace sum). */
export function twiceSignedArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++)
    sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return sum;
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
 * The positions next to `at` along a ring, before and after it, where `at` lies on the ring's
 * edge `e` (at one of its ends, or between them).
 */
function around(e: Edge, at: Position, rings: Rings): [Position, Position] {
  const edges = rings.edges[e.ring];
  const n = edges.length;
  if (same(at, e.b)) return [e.a, edges[(e.k + 1) % n].b];
  if (same(at, e.a)) return [edges[(e.k + n - 1) % n].a, e.b];
  return [e.a, e.b];
}

/** From `at`, the direction to p is the direction to q (not the opposite one). */
const sameWay = (at: Position, p: Position, q: Position) =>
  turn(at, p, q) === 0 && (p[0] - at[0]) * (q[0] - at[0]) + (p[1] - at[1]) * (q[1] - at[1]) > 0;

/**
 * Seen from `at`, the direction to v lies strictly within the angle swept counterclockwise from
 * the direction to `from` to the direction to `to` (v is along neither).
 */
function inAngle(at: Position, from: Position, to: Position, v: Position): boolean {
  const opening = turn(at, from, to);
  if (opening > 0) return turn(at, from, v) > 0 && turn(at, v, to) > 0;
  if (opening < 0) return turn(at, from, v) > 0 || turn(at, v, to) > 0;
  return turn(at, from, v) > 0; // a straight angle: from and to lie opposite
}

/**
 * Where two rings meet on a pair of their edges: not at all, crossing, along a stretch of both,
 * or touching at one point, one ring then lying on one side of the other (inside it or out).
 */
type Meeting =
  | { kind: 'apart' | 'cross' | 'along' }
  | { kind: 'touch'; at: Position; fInsideE: boolean; eInsideF: boolean };

const APART = { kind: 'apart' } as const;
const CROSS = { kind: 'cross' } as const;
const ALONG = { kind: 'along' } as const;

function meeting(e: Edge, f: Edge, rings: Rings): Meeting {
  // Most pairs compared do not meet: told apart first, allocating nothing.
  const { a, b } = e;
  const { a: c, b: d } = f;
  const t1 = turn(a, b, c);
  const t2 = turn(a, b, d);
  if (t1 * t2 > 0) return APART;
  const t3 = turn(c, d, a);
  const t4 = turn(c, d, b);
  if (t3 * t4 > 0) return APART;
  if (t1 * t2 < 0 && t3 * t4 < 0) return CROSS;
  let at: Position | null;
  if (t1 === 0 && t2 === 0) {
    // On one line: apart, end to end at one point, or overlapping along a stretch.
    const axis = Math.abs(b[0] - a[0]) >= Math.abs(b[1] - a[1]) ? 0 : 1;
    const low = Math.max(Math.min(a[axis], b[axis]), Math.min(c[axis], d[axis]));
    const high = Math.min(Math.max(a[axis], b[axis]), Math.max(c[axis], d[axis]));
    if (low > high) return APART;
    if (low < high) return ALONG;
    at = c[axis] === low ? c : d;
  } else {
    at =
      t1 === 0 && within(a, b, c)
        ? c
        : t2 === 0 && within(a, b, d)
          ? d
          : t3 === 0 && within(c, d, a)
            ? a
            : t4 === 0 && within(c, d, b)
              ? b
              : null;
    if (!at) return APART;
  }
  // They meet at one point, `at`: the rings cross there when the positions next to it along f
  // lie on both sides of e's ring, and touch when on one side.
  const [ePrev, eNext] = around(e, at, rings);
  const [fPrev, fNext] = around(f, at, rings);
  // Leaving it the same way, they run along each other: said when the sweep compares the edges
  // that do (their extents overlap), which names those edges rather than these.
  if ([ePrev, eNext].some((p) => sameWay(at, p, fPrev) || sameWay(at, p, fNext))) return APART;
  // Each ring's inside lies to its left when it runs counterclockwise, to its right if not.
  const eInner = rings.orientation[e.ring] > 0 ? [eNext, ePrev] : [ePrev, eNext];
  const fInner = rings.orientation[f.ring] > 0 ? [fNext, fPrev] : [fPrev, fNext];
  const fInsideE = inAngle(at, eInner[0], eInner[1], fPrev);
  if (fInsideE !== inAngle(at, eInner[0], eInner[1], fNext)) return CROSS;
  return { kind: 'touch', at, fInsideE, eInsideF: inAngle(at, fInner[0], fInner[1], ePrev) };
}

/**
 * How many pairs of edges with overlapping extents one sweep of an area may compare: bounds
 * the work of a request (a 2 MiB body holds some 35 areas of 10,000 positions), as ordinary
 * drawings compare a few per edge. An adversarial one (every edge long in both directions)
 * would compare all 50 million pairs of 10,000 edges, some 0.4 s each.
 */
export const MAX_EDGE_PAIRS = 250_000;

const TOO_MANY = Symbol('too many pairs');

/** Two rings touching at one point. */
interface Touch {
  first: number;
  second: number;
  at: Position;
}

/** What a sweep learnt of rings that touch: where, and which lies inside which. */
interface Touches {
  list: Touch[];
  /** `${outer} ${inner}`: whether ring inner lies inside ring outer, for rings that touch. */
  inside: Map<string, boolean>;
}

const edgeWords = (x: Edge) => `from position ${x.from} to ${x.to}`;

/** The refusal for two rings' edges that cross or run along each other. */
function meetingProblem(kind: 'cross' | 'along', first: Edge, second: Edge, rings: Rings): string {
  const [one, other] = [rings.polygon[first.ring], rings.polygon[second.ring]];
  const edges = `ring ${rings.name(second.ring)} (its edge ${edgeWords(second)}) ${kind === 'cross' ? 'crosses' : 'runs along'} ring ${rings.name(first.ring)} (its edge ${edgeWords(first)})`;
  if (one === other)
    return `must have rings that neither cross each other nor touch along an edge: ${edges}`;
  const parts = `${rings.part(one)} and ${rings.part(other)}`;
  return kind === 'cross'
    ? `must have polygons whose interiors do not overlap: ${parts} overlap (${edges})`
    : `must have polygons that touch each other at single points at most, not along an edge: ${parts} share part of their boundary (${edges})`;
}

/**
 * One sweep along an axis (edges sorted by their start along it, each compared with those
 * starting before it ends): the first problem of two edges that meet, said plainly; else the
 * touches of rings at single points; TOO_MANY when it would compare more pairs than the budget has
 * left.
 */
function sweep(
  rings: Rings,
  all: Edge[],
  axis: 'longitude' | 'latitude',
  budget: { left: number },
): string | Touches | typeof TOO_MANY {
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
  const touches: Touches = { list: [], inside: new Map() };
  const seen = new Set<string>();
  for (let i = 0; i < edges.length; i++) {
    // Plain numbers, not a destructured array: nothing is allocated per pair.
    const endI = ends[i];
    const lowI = lows[i];
    const highI = highs[i];
    for (let j = i + 1; j < edges.length && starts[j] <= endI; j++) {
      if (--budget.left < 0) return TOO_MANY;
      if (lows[j] > highI || highs[j] < lowI) continue;
      const e = edges[i];
      const f = edges[j];
      const [first, second] = e.ring < f.ring || (e.ring === f.ring && e.k < f.k) ? [e, f] : [f, e];
      if (first.ring === second.ring) {
        const n = rings.edges[first.ring].length;
        const neighbours = second.k === first.k + 1 || (first.k === 0 && second.k === n - 1);
        if (neighbours ? neighboursOverlap(first, second) : segmentsMeet(e.a, e.b, f.a, f.b))
          return `must have a boundary that does not cross or touch itself: in ring ${rings.name(first.ring)}, the edge ${edgeWords(first)} meets the edge ${edgeWords(second)}`;
        continue;
      }
      const met = meeting(first, second, rings);
      if (met.kind === 'apart') continue;
      if (met.kind !== 'touch') return meetingProblem(met.kind, first, second, rings);
      // A touch at a corner of both rings is met on four pairs of edges: kept once.
      const key = `${first.ring} ${second.ring} ${met.at[0]},${met.at[1]}`;
      if (seen.has(key)) continue;
      seen.add(key);
      touches.list.push({ first: first.ring, second: second.ring, at: met.at });
      touches.inside.set(`${first.ring} ${second.ring}`, met.fInsideE);
      touches.inside.set(`${second.ring} ${first.ring}`, met.eInsideF);
    }
  }
  return touches;
}

/** A small union-find over keys: loops of touching rings, groups of polygons. */
class Links {
  private readonly parent = new Map<string, string>();

  root(x: string): string {
    let r = x;
    while (this.parent.has(r)) r = this.parent.get(r)!;
    if (r !== x) this.parent.set(x, r);
    return r;
  }

  /** Links x and y; false when they were linked already (the link closes a loop). */
  link(x: string, y: string): boolean {
    const [rx, ry] = [this.root(x), this.root(y)];
    if (rx === ry) return false;
    this.parent.set(rx, ry);
    return true;
  }
}

/**
 * The rings of the area in groups of polygons whose extents overlap, directly or through others:
 * no edge of one group can meet an edge of another. (At most 100 polygons: compared in pairs.)
 */
function overlappingGroups(rings: Rings): number[][] {
  const { firstOf, box } = rings;
  const polygons = firstOf.length - 1;
  const extent = Array.from({ length: polygons }, (_, p) => {
    const boxes = box.slice(firstOf[p], firstOf[p + 1]);
    return {
      west: Math.min(...boxes.map((b) => b.west)),
      east: Math.max(...boxes.map((b) => b.east)),
      south: Math.min(...boxes.map((b) => b.south)),
      north: Math.max(...boxes.map((b) => b.north)),
    };
  });
  const links = new Links();
  for (let p = 0; p < polygons; p++)
    for (let q = p + 1; q < polygons; q++) {
      const [a, b] = [extent[p], extent[q]];
      if (a.west <= b.east && b.west <= a.east && a.south <= b.north && b.south <= a.north)
        links.link(`${p}`, `${q}`);
    }
  const groups = new Map<string, number[]>();
  for (let p = 0; p < polygons; p++) {
    const group = groups.get(links.root(`${p}`)) ?? [];
    for (let r = firstOf[p]; r < firstOf[p + 1]; r++) group.push(r);
    groups.set(links.root(`${p}`), group);
  }
  return [...groups.values()];
}

const where = (p: Position) => `[${p[0]}, ${p[1]}]`;

/**
 * Rings of one polygon that touch each other at points are fine until their touches close a
 * loop (a hole touching the outer ring twice, or a chain of holes from one side to the other):
 * the loop cuts off part of the interior. A graph of rings and touch points has a loop then.
 */
function interiorCutProblem(rings: Rings, touches: Touches): string | null {
  const links = new Links();
  const linked = new Set<string>();
  const firstTouch = new Map<string, Position>();
  for (const { first, second, at } of touches.list) {
    if (rings.polygon[first] !== rings.polygon[second]) continue;
    const point = `point ${at[0]},${at[1]}`;
    let closesLoop = false;
    for (const ring of [first, second]) {
      // Three rings touching at one point are linked to it once each: no loop there.
      if (linked.has(`${ring} ${point}`)) continue;
      linked.add(`${ring} ${point}`);
      if (!links.link(`ring ${ring}`, point)) closesLoop = true;
    }
    const pair = `${first} ${second}`;
    const before = firstTouch.get(pair);
    if (!before) firstTouch.set(pair, at);
    if (!closesLoop) continue;
    const [a, b] = [rings.name(first), rings.name(second)];
    return before
      ? `must have an interior in one piece: ring ${b} touches ring ${a} at ${where(before)} and at ${where(at)}, which cuts the interior apart; two rings may touch at one point only`
      : `must have an interior in one piece: ring ${b} touches ring ${a} at ${where(at)}, closing a loop of rings that touch each other, which cuts the interior apart`;
  }
  return null;
}

/**
 * Whether the first ring `inner` lies inside ring `outer`, for rings known neither to cross nor
 * to run along each other: as seen where they touch, else by most of three of inner's edge
 * midpoints. Not by a position of inner: one that lies on outer's edge but for rounding is
 * neither found touching it (the sweep's exact turns) nor reliably on one side of it (the
 * even-odd rule's own arithmetic), and a hole that touched its outer ring from outside so was
 * taken for inside it.
 */
function liesInside(rings: Rings, touches: Touches, outer: number, inner: number): boolean {
  const seen = touches.inside.get(`${outer} ${inner}`);
  if (seen !== undefined) return seen;
  const [ob, ib] = [rings.box[outer], rings.box[inner]];
  if (ib.west < ob.west || ib.east > ob.east || ib.south < ob.south || ib.north > ob.north)
    return false;
  const witnesses = midpoints(rings.positions[inner], 3);
  const votes = witnesses.filter((point) => inside(point, rings.positions[outer])).length;
  return votes * 2 > witnesses.length;
}

/** The midpoints of a ring's first `count` edges of some length (a ring around an area has 3). */
function midpoints(ring: Ring, count: number): Position[] {
  const points: Position[] = [];
  for (let i = 0; i + 1 < ring.length && points.length < count; i++) {
    const [a, b] = [ring[i], ring[i + 1]];
    if (a[0] !== b[0] || a[1] !== b[1]) points.push([(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]);
  }
  return points;
}

/** Holes outside their outer ring or inside another hole; polygons inside others' interiors. */
function placementProblem(rings: Rings, touches: Touches): string | null {
  const { firstOf, name, part } = rings;
  const polygons = firstOf.length - 1;
  for (let p = 0; p < polygons; p++) {
    const outer = firstOf[p];
    for (let h = outer + 1; h < firstOf[p + 1]; h++) {
      if (!liesInside(rings, touches, outer, h))
        return `must have its holes inside its outer ring: ring ${name(h)} lies outside ring ${name(outer)}`;
      for (let other = outer + 1; other < firstOf[p + 1]; other++)
        if (other !== h && liesInside(rings, touches, other, h))
          return `must not have a hole inside another hole: ring ${name(h)} lies inside ring ${name(other)}`;
    }
  }
  // Boundaries of polygons neither cross nor run along each other, so one polygon's interior
  // meets another's only when it lies inside the other's outer ring and in none of its holes.
  for (let p = 0; p < polygons; p++)
    for (let q = 0; q < polygons; q++) {
      if (p === q || !liesInside(rings, touches, firstOf[p], firstOf[q])) continue;
      let inHole = false;
      for (let h = firstOf[p] + 1; h < firstOf[p + 1] && !inHole; h++)
        inHole = liesInside(rings, touches, h, firstOf[q]);
      if (!inHole)
        return `must have polygons whose interiors do not overlap: ${part(Math.min(p, q))} and ${part(Math.max(p, q))} overlap (${part(q)} lies inside ${part(p)})`;
    }
  return null;
}

/**
 * What keeps an area's polygons (each its rings, outer first, then holes) from bounding simple
 * areas that do not overlap, said plainly; null when they bound them.
 */
function areaProblem(
  polygons: Ring[][],
  name: (polygon: number, ring: number) => string,
  part: (polygon: number) => string,
  maxPairs: number,
): string | null {
  const positions: Ring[] = [];
  const polygon: number[] = [];
  const names: string[] = [];
  const firstOf: number[] = [];
  polygons.forEach((rings, p) => {
    firstOf.push(positions.length);
    rings.forEach((ring, r) => {
      positions.push(ring);
      polygon.push(p);
      names.push(name(p, r));
    });
  });
  firstOf.push(positions.length);

  // Each ring's extent: its longitude span is checked here, and the sweeps compare extents.
  const box = positions.map((ring) => {
    const lats = ring.map((p) => p[1]);
    return { ...span(ring), south: Math.min(...lats), north: Math.max(...lats) };
  });
  for (let r = 0; r < positions.length; r++) {
    const { west, east } = box[r];
    if (east - west > MAX_RING_LONGITUDE_SPAN)
      return `must not span more than ${MAX_RING_LONGITUDE_SPAN}° of longitude in one ring: ring ${names[r]} runs from ${west} to ${east} (${+(east - west).toFixed(6)}°), which RFC 7946 reads as the long way round the globe; an area across the antimeridian is a MultiPolygon split there, one polygon on each side (RFC 7946 §3.1.9)`;
  }

  const rings: Rings = {
    positions,
    edges: positions.map(edgesOf),
    polygon,
    orientation: positions.map((ring) => (twiceSignedArea(ring) < 0 ? -1 : 1)),
    box,
    firstOf,
    name: (r) => names[r],
    part,
  };
  // Swept west to east, then, if that compares too many pairs (a shape whose edges all overlap
  // in longitude, a zigzag up a strip), south to north; refused only when both would. One
  // budget a way for the whole area, whatever the number of its polygons; polygons apart from
  // the others are swept on their own, so that a grid of districts spends it on the pairs
  // within each, not on those of a whole column.
  const budgets = { longitude: { left: maxPairs }, latitude: { left: maxPairs } };
  const touches: Touches = { list: [], inside: new Map() };
  for (const group of overlappingGroups(rings)) {
    const edges = group.flatMap((r) => rings.edges[r]);
    let found = sweep(rings, edges, 'longitude', budgets.longitude);
    if (found === TOO_MANY) found = sweep(rings, edges, 'latitude', budgets.latitude);
    if (found === TOO_MANY)
      return `is too intricate to check: more than ${maxPairs.toLocaleString('en-US')} pairs of its edges overlap each other's extent both ways; simplify it (fewer positions, or split it into a MultiPolygon)`;
    if (typeof found === 'string') return found;
    for (const touch of found.list) touches.list.push(touch);
    for (const [pair, inside] of found.inside) touches.inside.set(pair, inside);
  }
  return placementProblem(rings, touches) ?? interiorCutProblem(rings, touches);
}

/**
 * What keeps a polygon's rings (outer first, then holes) from bounding one simple area, said
 * plainly, naming rings by their path (`coordinates.1`) and positions by their index in the ring;
 * null when they bound one.
 */
export function polygonGeometryProblem(rings: Ring[], maxPairs = MAX_EDGE_PAIRS): string | null {
  return areaProblem(
    [rings],
    (_, r) => `coordinates.${r}`,
    () => 'coordinates',
    maxPairs,
  );
}

/**
 * What keeps a MultiPolygon's polygons from bounding simple areas that do not overlap, said
 * plainly, naming polygons (`coordinates.2`) and rings (`coordinates.2.1`) by their path; null
 * when they bound them.
 */
export function multiPolygonGeometryProblem(
  polygons: Ring[][],
  maxPairs = MAX_EDGE_PAIRS,
): string | null {
  return areaProblem(
    polygons,
    (p, r) => `coordinates.${p}.${r}`,
    (p) => `coordinates.${p}`,
    maxPairs,
  );
}
