import { ValidateBy, ValidationArguments } from 'class-validator';
import { disguisedAddressProblem } from '@insyn/errors';

/**
 * The rule a resident's contact e-mail is held to, for an address the public page shows and
 * residents write to: no characters that do not show, no domain part mixing look-alike scripts
 * (`a@раураl.com`). Its shape and length are @IsEmail's and @MaxLength's to name.
 */
export function IsMailableAddress(): PropertyDecorator {
  return ValidateBy({
    name: 'isMailableAddress',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || !disguisedAddressProblem(value),
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property ?? 'email'} ${disguisedAddressProblem(String(args?.value))}`,
    },
  });
}
