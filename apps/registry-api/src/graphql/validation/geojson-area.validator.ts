import { registerDecorator, ValidationOptions } from 'class-validator';
import { GEOJSON_AREA_RULE, isGeoJsonArea } from '@insyn/registry';

// The rule lives with the content (the importers hold records to it too).
export { GEOJSON_AREA_DESCRIPTION, isGeoJsonArea, MAX_POSITIONS } from '@insyn/registry';

export function IsGeoJsonArea(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isGeoJsonArea',
      target: object.constructor,
      propertyName,
      options: {
        message: `${propertyName} ${GEOJSON_AREA_RULE}`,
        ...options,
      },
      validator: { validate: (value: unknown) => isGeoJsonArea(value) },
    });
}
