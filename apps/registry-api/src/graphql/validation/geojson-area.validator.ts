import { registerDecorator, ValidationOptions } from 'class-validator';
import { isGeoJsonArea } from '@insyn/registry';

// The rule lives with the content (the importers hold records to it too).
export { GEOJSON_AREA_DESCRIPTION, isGeoJsonArea, MAX_POSITIONS } from '@insyn/registry';

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
