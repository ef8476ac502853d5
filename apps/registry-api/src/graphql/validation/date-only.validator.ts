import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { isCalendarDate } from '../scalars/calendar-date.scalar';

const isInstant = (value: unknown): value is Date =>
  value instanceof Date && !Number.isNaN(value.getTime());

/**
 * This date (a CalendarDate, or a DateTime instant) must not be before the one in `property` of
 * the same object (end after start): a range the wrong way round is a mistake to say, not a
 * filter that silently matches nothing.
 */
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
          if (isInstant(value) && isInstant(other)) return value.getTime() >= other.getTime();
          if (!isCalendarDate(value) || !isCalendarDate(other)) return true; // the scalar checks them
          return value >= other;
        },
      },
    });
  };
}
