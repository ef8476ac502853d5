import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { GEOJSON_AREA_RULE, geoJsonAreaProblem } from '@insyn/registry';

// The rule lives with the content (the importers hold records to it too).
export { GEOJSON_AREA_DESCRIPTION, isGeoJsonArea, MAX_POSITIONS } from '@insyn/registry';

/** A GeoJSON area (`geoJsonAreaProblem`); a refusal says what is wrong with it. */
export function IsGeoJsonArea(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isGeoJsonArea',
      target: object.constructor,
      propertyName,
      options: {
        message: (args: ValidationArguments) =>
          `${propertyName} ${geoJsonAreaProblem(args.value) ?? GEOJSON_AREA_RULE}`,
        ...options,
      },
      validator: { validate: (value: unknown) => geoJsonAreaProblem(value) === null },
    });
}
