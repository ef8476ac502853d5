import { EntryKind } from '@insyn/registry';
import type { ExportEntry } from '../export/export-entry';
import { UnfilledField, withholdingOf } from '../mapping/standard-field';
import { geoJsonGeometryOf } from './geojson-geometry.mapper';

/**
 * GeoJSON (RFC 7946) of IoT deployments: one Feature per location — a Point for a point, the
 * Polygon or MultiPolygon of an area (written by `geoJsonGeometryOf`, as the site's map file), both for a location with
 * both (`locationPart` tells which) — with the deployment's public properties. A deployment
 * whose locations the public cannot see (withheld, or none given) is one Feature with a null
 * geometry, so every published deployment is in the collection.
 */
export interface GeoJsonFeature {
  type: 'Feature';
  id: string;
  geometry: { type: string; coordinates: unknown } | null;
  properties: Record<string, unknown>;
}

export function toGeoJsonFeatures(entry: ExportEntry): GeoJsonFeature[] {
  if (entry.kind !== EntryKind.IOT_DEPLOYMENT)
    throw new Error('GeoJSON features are IoT deployments');
  const c = entry.content;
  const d = c.iotDeployment ?? {};
  const unfilled: UnfilledField[] = [];
  const locations = d.locations ?? [];
  const locationsWithheld = withholdingOf(entry, 'iotDeployment.locations');
  if (!locations.length && !locationsWithheld)
    unfilled.push({
      field: 'geometry',
      reason: 'the entry gives no location (iotDeployment.locations)',
    });
  const base = {
    entryId: entry.id,
    slug: entry.slug,
    url: entry.url,
    status: entry.status,
    version: entry.version,
    title: c.title,
    summary: c.summary ?? null,
    department: entry.department.nameSv,
    departmentEn: entry.department.nameEn,
    purpose: c.purpose ?? null,
    sensorType: d.sensorType ?? null,
    sensorTypeOther: d.sensorTypeOther ?? null,
    technology: d.technology ?? null,
    measures: d.measures ?? null,
    deviceCount: d.deviceCount ?? null,
    mobility: d.mobility ?? null,
    activeFrom: d.activeFrom ?? null,
    activeUntil: d.activeUntil ?? null,
    personalData: c.personalData ?? null,
    processing: d.processing ?? null,
    retentionPeriod: d.retentionPeriod ?? null,
    dataAccess: d.dataAccess ?? null,
    operator: d.operator ?? null,
    operatorName: d.operatorName ?? null,
    contactEmail: c.contact?.email ?? null,
    withheld: c.withheld ?? [],
    unfilled,
  };
  const features = locations.flatMap((location, i): GeoJsonFeature[] => {
    // Half a point is no position (a department may withhold only its latitude or longitude):
    // RFC 7946 wants both, so the area stands in, or no geometry, as the site's map does.
    const point = location.point;
    const pointGeometry =
      point && Number.isFinite(point.lat) && Number.isFinite(point.lon)
        ? { type: 'Point', coordinates: [point.lon, point.lat] }
        : null;
    const areaGeometry = location.area ? geoJsonGeometryOf(location.area) : null;
    const feature = (
      id: string,
      geometry: GeoJsonFeature['geometry'],
      part: 'point' | 'area' | null,
    ): GeoJsonFeature => ({
      type: 'Feature',
      id,
      geometry,
      properties: { ...base, location: location.description ?? null, locationPart: part },
    });
    // A location with both a point and an area is both: the point, and the area as a feature
    // of its own (the same location), so neither is lost.
    if (pointGeometry && areaGeometry)
      return [
        feature(`${entry.id}#${i + 1}`, pointGeometry, 'point'),
        feature(`${entry.id}#${i + 1}-area`, areaGeometry, 'area'),
      ];
    const geometry = pointGeometry ?? areaGeometry;
    return [
      feature(
        `${entry.id}#${i + 1}`,
        geometry,
        pointGeometry ? 'point' : areaGeometry ? 'area' : null,
      ),
    ];
  });
  return features.length
    ? features
    : [{ type: 'Feature', id: entry.id, geometry: null, properties: { ...base, location: null } }];
}
