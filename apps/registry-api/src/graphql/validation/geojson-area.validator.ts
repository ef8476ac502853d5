import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { GEOJSON_AREA_RULE, geoJsonAreaProblem } from '@insyn/registry';

// The rule lives with the content (the importers hold records to it too).
export { GEOJSON_AREA_DESCRIPTION, isGeoJsonArea, MAX_POSITIONS } from '@insyn/registry';

/**
 * The problem `validate` found, for the message of the same value: checking a refused area's
 * geometry again to word the refusal doubled the work of the costliest input the API takes.
 */
const found = new WeakMap<object, string | null>();
const problemOf = (value: unknown): string | null => {
  if (value === null || typeof value !== 'object') return geoJsonAreaProblem(value);
  if (!found.has(value)) found.set(value, geoJsonAreaProblem(value));
  return found.get(value)!;
};

/** A GeoJSON area (`geoJsonAreaProblem`); a refusal says what is wrong with it. */
export function IsGeoJsonArea(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isGeoJsonArea',
      target: object.constructor,
      propertyName,
      options: {
        message: (args: ValidationArguments) =>
          `${propertyName} ${problemOf(args.value) ?? GEOJSON_AREA_RULE}`,
        ...options,
      },
      validator: { validate: (value: unknown) => problemOf(value) === null },
    });
}
