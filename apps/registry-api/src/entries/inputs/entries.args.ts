import { ArgsType, Field, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  IsDate,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { EntryOrder, EntryStatus, MAX_PAGE_SIZE } from '@insyn/registry';
import { count, cursorDescription, OptionalEnumList } from '../../graphql/validation/input-fields';
import { EntryFacetsFilterInput } from './entry-facets-filter.input';

registerEnumType(EntryOrder, { name: 'EntryOrder' });

/** Entries cursors hold a title key of up to 400 characters, base64-encoded. */
const CURSOR_MAX_LENGTH = 600;

@InputType({ description: 'Each list field matches any of its values; fields combine with AND.' })
export class EntryFilterInput extends EntryFacetsFilterInput {
  @OptionalEnumList(EntryStatus, 4, 'Default: all but RETIRED.')
  status?: EntryStatus[];

  @Field(() => Date, { nullable: true }) @IsOptional() @IsDate() updatedSince?: Date;
}

@ArgsType()
export class EntriesArgs {
  @Field(() => EntryFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => EntryFilterInput)
  filter?: EntryFilterInput;

  @Field(() => EntryOrder, { defaultValue: EntryOrder.UPDATED_AT_DESC })
  @IsEnum(EntryOrder)
  orderBy: EntryOrder = EntryOrder.UPDATED_AT_DESC;

  @Field(() => Int, { defaultValue: 20, description: `From 1 to ${count(MAX_PAGE_SIZE)}.` })
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first = 20;

  @Field(() => String, { nullable: true, description: cursorDescription(CURSOR_MAX_LENGTH) })
  @IsOptional()
  @IsString()
  @MaxLength(CURSOR_MAX_LENGTH)
  after?: string;
}
