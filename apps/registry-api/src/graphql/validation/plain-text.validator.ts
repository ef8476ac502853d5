import { applyDecorators } from '@nestjs/common';
import { Field } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import {
  IsOptional,
  IsString,
  MaxLength,
  registerDecorator,
  ValidationOptions,
} from 'class-validator';
import { normalizePlainText, plainTextProblem } from '@insyn/errors';
import { charactersLimit, HasVisibleText, withLimits } from './input-fields';

/** The text rule (`plainTextProblem` of @insyn/errors) as a class-validator decorator. */
export function IsPlainText(options?: ValidationOptions): PropertyDecorator {
  return (object: object, key: string | symbol) => {
    const propertyName = String(key);
    registerDecorator({
      name: 'isPlainText',
      target: object.constructor,
      propertyName,
      options: {
        message: (args) =>
          `${propertyName} ${typeof args.value === 'string' ? (plainTextProblem(args.value) ?? 'must be plain text') : 'must be plain text'}`,
        ...options,
      },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && !plainTextProblem(value),
      },
    });
  };
}

/**
 * A plain-text input field: a GraphQL String, normalised (line breaks to `\n`, trimmed), refused
 * with BAD_USER_INPUT naming the field when empty, over `maxLength` or breaking the text rule.
 */
export const PlainText = (
  maxLength: number,
  options: { optional?: boolean; description?: string } = {},
) =>
  applyDecorators(
    Field(() => String, {
      nullable: options.optional === true,
      description: withLimits(
        `${options.description ?? ''} Plain text.`.trim(),
        charactersLimit(maxLength),
      ),
    }),
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? normalizePlainText(value) : value,
    ),
    ...(options.optional ? [IsOptional()] : []),
    IsString(),
    HasVisibleText(),
    MaxLength(maxLength),
    IsPlainText(),
  );
