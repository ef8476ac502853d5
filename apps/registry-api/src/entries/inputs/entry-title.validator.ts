import { ValidateBy, ValidationArguments } from 'class-validator';
import { titleProblem } from '@insyn/registry';

/** The title rule (`titleProblem`): one line, with a letter or a digit. */
export function IsEntryTitle(): PropertyDecorator {
  return ValidateBy({
    name: 'isEntryTitle',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && !titleProblem(value),
      defaultMessage: (args?: ValidationArguments) =>
        (typeof args?.value === 'string' && titleProblem(args.value)) || 'title must be text',
    },
  });
}
