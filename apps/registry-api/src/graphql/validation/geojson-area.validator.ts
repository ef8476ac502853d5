import { registerDecorator, ValidationOptions } from 'class-validator';

/** Positions of one area, all rings together. */
export const MAX_POSITIONS = 10_000;

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
  return first[0] === last[0] && first[1] === last[1]; // closed
}

function isPolygon(rings: unknown, budget: { left: number }): boolean {
  return (
    Array.isArray(rings) &&
    rings.length >= 1 &&
    rings.length <= 100 &&
    rings.every((r) => isRing(r, budget))
  );
}

/** A GeoJSON Polygon or MultiPolygon in WGS 84 (lon, lat), closed rings, at most 10,000 positions. */
export function isGeoJsonArea(value: unknown): boolean {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const { type, coordinates, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).some((k) => k !== 'bbox')) return false;
  const budget = { left: MAX_POSITIONS };
  if (type === 'Polygon') return isPolygon(coordinates, budget);
  if (type === 'MultiPolygon') {
    return (
      Array.isArray(coordinates) &&
      coordinates.length >= 1 &&
      coordinates.length <= 100 &&
      coordinates.every((p) => isPolygon(p, budget))
    );
  }
  return false;
}

export function IsGeoJsonArea(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isGeoJsonArea',
      target: object.constructor,
      propertyName,
      options: {
        message: `${propertyName} must be a GeoJSON Polygon or MultiPolygon with closed rings of [lon, lat] positions in range`,
        ...options,
      },
      validator: { validate: (value: unknown) => isGeoJsonArea(value) },
    });
}
