import {
  multiPolygonGeometryProblem,
  polygonGeometryProblem,
  twiceSignedArea,
} from './area-geometry';

/**
 * The rule for GeoJSON areas of entry content, wherever content comes from: the API's inputs
 * (`IsGeoJsonArea`) and the importers.
 */
/** Positions of one area, all rings together. */
export const MAX_POSITIONS = 10_000;
/** Rings of a polygon, and polygons of a MultiPolygon. */
const MAX_PARTS = 100;

/** What the schema says of a GeoJSON area field, from the limits checked below. */
export const GEOJSON_AREA_DESCRIPTION = `GeoJSON Polygon or MultiPolygon (WGS 84, [lon, lat] positions, closed rings around an area that neither cross nor touch themselves, rings of a polygon that neither cross each other nor touch along an edge (a hole may touch another ring at one point), holes inside the outer ring, polygons of a MultiPolygon that neither overlap nor share an edge (they may touch at points), no ring over 180° of longitude (split an area across the antimeridian into a MultiPolygon); an optional bbox of 4 or 6 numbers, west, south, east, north). At most ${MAX_POSITIONS.toLocaleString('en-US')} positions in all; at most ${MAX_PARTS} rings per polygon and ${MAX_PARTS} polygons.`;

function isPosition(p: unknown): boolean {
  return (
    Array.isArray(p) &&
    (p.length === 2 || p.length === 3) &&
    p.every((n) => typeof n === 'number' && Number.isFinite(n)) &&
    (p[0] as number) >= -180 &&
    (p[0] as number) <= 180 &&
    (p[1] as number) >= -90 &&
    (p[1] as number) <= 90
  );
}

function isRing(ring: unknown, budget: { left: number }): boolean {
  if (!Array.isArray(ring) || ring.length < 4) return false;
  budget.left -= ring.length;
  if (budget.left < 0 || !ring.every(isPosition)) return false;
  const [first, last] = [ring[0] as number[], ring[ring.length - 1] as number[]];
  if (first[0] !== last[0] || first[1] !== last[1]) return false; // not closed
  return enclosesArea(ring as number[][]);
}

/**
 * Area below this share of the square of a ring's extent is none: positions on one line as
 * written in decimal (`[18, 59]`, `[18.6, 59.6]`, `[18.7, 59.7]`) are not quite on one in binary,
 * and their shoelace sum, about 1e-14 there, is not zero. A sliver one millimetre wide and ten
 * kilometres long is still about 1e-7 of its extent squared.
 */
const NO_AREA = 1e-9;

/**
 * A ring around something: twice its area in the plane of [lon, lat] (the shoelace sum) is more
 * than rounding. A ring of one repeated position, or of positions on one line, bounds nothing,
 * and an area field holding one would say where nothing is (and a hole "inside" it could not be
 * told inside or out).
 */
function enclosesArea(ring: number[][]): boolean {
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [lon, lat] of ring) {
    [west, east] = [Math.min(west, lon), Math.max(east, lon)];
    [south, north] = [Math.min(south, lat), Math.max(north, lat)];
  }
  const extent = Math.max(east - west, north - south);
  return Math.abs(twiceSignedArea(ring)) > NO_AREA * extent * extent;
}

function isPolygon(rings: unknown, budget: { left: number }): boolean {
  return (
    Array.isArray(rings) &&
    rings.length >= 1 &&
    rings.length <= MAX_PARTS &&
    rings.every((r) => isRing(r, budget))
  );
}

/**
 * A bounding box as RFC 7946 §5 has it: west, south, east, north (and with heights, lowest and
 * highest after each), all finite and in range, south not above north. West may be east of east:
 * a box across the antimeridian. It is published as given, so nothing else may hide in it.
 */
function isBoundingBox(box: unknown): boolean {
  if (!Array.isArray(box) || (box.length !== 4 && box.length !== 6)) return false;
  if (!box.every((n) => typeof n === 'number' && Number.isFinite(n))) return false;
  const half = box.length / 2;
  const [west, south] = box as number[];
  const [east, north] = (box as number[]).slice(half);
  const inRange = (lon: number, lat: number) => Math.abs(lon) <= 180 && Math.abs(lat) <= 90;
  return (
    inRange(west, south) &&
    inRange(east, north) &&
    south <= north &&
    (half === 2 || (box[2] as number) <= (box[5] as number))
  );
}

/** The shape a GeoJSON area must have: a Polygon or MultiPolygon of closed rings, positions in range. */
function hasAreaShape(value: unknown): boolean {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const { type, coordinates, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).some((k) => k !== 'bbox')) return false;
  if ('bbox' in rest && !isBoundingBox(rest.bbox)) return false;
  const budget = { left: MAX_POSITIONS };
  if (type === 'Polygon') return isPolygon(coordinates, budget);
  if (type === 'MultiPolygon') {
    return (
      Array.isArray(coordinates) &&
      coordinates.length >= 1 &&
      coordinates.length <= MAX_PARTS &&
      coordinates.every((p) => isPolygon(p, budget))
    );
  }
  return false;
}

/**
 * What is wrong with a GeoJSON area, or null when it is one: first its shape (`GEOJSON_AREA_RULE`),
 * then whether its polygons bound simple areas that do not overlap (`area-geometry.ts`: rings that
 * cross, holes outside, polygons that overlap, rings over 180° of longitude), naming the ring or
 * polygon by its path in the area (`coordinates.0`, or `coordinates.2.1` in a MultiPolygon).
 */
export function geoJsonAreaProblem(value: unknown): string | null {
  if (!hasAreaShape(value)) return GEOJSON_AREA_RULE;
  const area = value as { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
  return area.type === 'Polygon'
    ? polygonGeometryProblem(area.coordinates as number[][][])
    : multiPolygonGeometryProblem(area.coordinates as number[][][][]);
}

/**
 * A GeoJSON Polygon or MultiPolygon in WGS 84 (lon, lat), closed rings bounding simple areas, at
 * most 10,000 positions.
 */
export function isGeoJsonArea(value: unknown): boolean {
  return geoJsonAreaProblem(value) === null;
}

/** What is wrong with an area, said the same way everywhere. */
export const GEOJSON_AREA_RULE = `must be a GeoJSON Polygon or MultiPolygon with closed rings of [lon, lat] positions in range around an area (and a bbox, if any, of 4 or 6 numbers: west, south, east, north), at most ${MAX_POSITIONS.toLocaleString('en-US')} positions`;
