import { twiceSignedArea, type GeoJsonGeometry } from '@insyn/registry';

/** A geometry as every GeoJSON file of the registry writes it. */
export interface GeoJsonGeometryOut {
  type: string;
  coordinates: unknown;
}

type Ring = number[][];

const isRing = (ring: unknown): ring is Ring =>
  Array.isArray(ring) && ring.every((p) => Array.isArray(p) && p.length >= 2);

/** The polygon's rings as RFC 7946 §3.1.6 wants them: the outer counterclockwise, holes clockwise. */
function rightHandedPolygon(rings: unknown): unknown {
  if (!Array.isArray(rings)) return rings;
  return rings.map((ring: unknown, i) => {
    if (!isRing(ring)) return ring;
    const counterclockwise = twiceSignedArea(ring) > 0;
    return (i === 0) === counterclockwise ? ring : [...ring].reverse();
  });
}

/**
 * The one writer of an area (a stored Polygon or MultiPolygon) into a GeoJSON file the registry
 * serves: the export `iot-deployments.geojson` and the site's map file alike. RFC 7946: the rings
 * by the right-hand rule (§3.1.6: outer counterclockwise, holes clockwise), however a department
 * drew them, since a strict consumer refuses the other; the type and coordinates only, so a
 * `bbox` as it was given (RFC 7946 §5 lets a file leave it out) is not published beside the
 * rewound rings. An area stored before today's rule that breaks it (a ring that crosses itself)
 * is written all the same, never an error: reads and exports of what is stored go on.
 */
export function geoJsonGeometryOf(area: GeoJsonGeometry): GeoJsonGeometryOut {
  const coordinates: unknown = area.coordinates;
  return {
    type: area.type,
    coordinates:
      area.type === 'Polygon'
        ? rightHandedPolygon(coordinates)
        : area.type === 'MultiPolygon' && Array.isArray(coordinates)
          ? coordinates.map(rightHandedPolygon)
          : coordinates,
  };
}
