import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isDateOnly(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** A calendar date written YYYY-MM-DD (no time, no zone). */
export function IsDateOnly(options?: ValidationOptions): PropertyDecorator {
  return (object: object, key: string | symbol) => {
    const propertyName = String(key);
    registerDecorator({
      name: 'isDateOnly',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be a date written YYYY-MM-DD`, ...options },
      validator: { validate: (value: unknown) => isDateOnly(value) },
    });
  };
}

/** This date must not be before the date in `property` of the same object (end after start). */
export function IsOnOrAfter(property: string, options?: ValidationOptions): PropertyDecorator {
  return (object: object, key: string | symbol) => {
    const propertyName = String(key);
    registerDecorator({
      name: 'isOnOrAfter',
      target: object.constructor,
      propertyName,
      constraints: [property],
      options: { message: `${propertyName} must not be before ${property}`, ...options },
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const other = (args.object as Record<string, unknown>)[property];
          if (!isDateOnly(value) || !isDateOnly(other)) return true; // format is checked separately
          return value >= other;
        },
      },
    });
  };
}
