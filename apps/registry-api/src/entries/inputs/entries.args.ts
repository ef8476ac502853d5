import { ArgsType, Field, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
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
import { EntryFacetsFilterInput } from './entry-facets-filter.input';

registerEnumType(EntryOrder, { name: 'EntryOrder' });

@InputType({ description: 'Each list field matches any of its values; fields combine with AND.' })
export class EntryFilterInput extends EntryFacetsFilterInput {
  @Field(() => [EntryStatus], { nullable: true, description: 'Default: all but RETIRED.' })
  @IsOptional()
  @ArrayMaxSize(4)
  @IsEnum(EntryStatus, { each: true })
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

  @Field(() => Int, { defaultValue: 20, description: `At most ${MAX_PAGE_SIZE}.` })
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first = 20;

  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(600) after?: string;
}
