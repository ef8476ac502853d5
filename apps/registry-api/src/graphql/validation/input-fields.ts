import { applyDecorators } from '@nestjs/common';
import { Field } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsEnum,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsURLOptions } from 'validator';
import { CalendarDateScalar } from '../scalars/calendar-date.scalar';

/**
 * The optional input fields entries are made of, each a GraphQL field and its validation in one
 * decorator, so a limit or rule is stated once per field and alike everywhere.
 */

/** Links must be absolute http(s) URLs. */
export const HTTP_URL: IsURLOptions = {
  require_protocol: true,
  protocols: ['http', 'https'],
  require_tld: false,
};
const URL_MAX_LENGTH = 2000;

const field = (description?: string) => ({
  nullable: true,
  ...(description ? { description } : {}),
});

/** Optional free text of at most `maxLength` characters. */
export const OptionalText = (maxLength: number, description?: string) =>
  applyDecorators(
    Field(() => String, field(description)),
    IsOptional(),
    IsString(),
    MaxLength(maxLength),
  );

/** Optional absolute http(s) link. */
export const OptionalUrl = (description?: string) =>
  applyDecorators(
    Field(() => String, field(description)),
    IsOptional(),
    IsUrl(HTTP_URL),
    MaxLength(URL_MAX_LENGTH),
  );

/** Optional calendar date, YYYY-MM-DD: the CalendarDate scalar refuses any other value. */
export const OptionalDate = (description?: string) =>
  applyDecorators(
    Field(() => CalendarDateScalar, field(description)),
    IsOptional(),
  );

/** Optional value of a registered GraphQL enum. */
export const OptionalEnum = (type: object, description?: string) =>
  applyDecorators(
    Field(() => type, field(description)),
    IsOptional(),
    IsEnum(type),
  );

/** Optional nested input object, validated field by field. */
export const OptionalNested = (type: () => new () => object, description?: string) =>
  applyDecorators(Field(type, field(description)), IsOptional(), ValidateNested(), Type(type));

/** Optional list of nested input objects, at most `maxItems`, each validated. */
export const OptionalNestedList = (
  type: () => new () => object,
  maxItems: number,
  description?: string,
) =>
  applyDecorators(
    Field(() => [type()], field(description)),
    IsOptional(),
    ArrayMaxSize(maxItems),
    ValidateNested({ each: true }),
    Type(type),
  );
