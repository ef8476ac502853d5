import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { isCalendarDate } from '../scalars/calendar-date.scalar';

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
          if (!isCalendarDate(value) || !isCalendarDate(other)) return true; // the scalar checks them
          return value >= other;
        },
      },
    });
  };
}
