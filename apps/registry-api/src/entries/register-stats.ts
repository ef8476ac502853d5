import { ArgsType, Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsDate,
  IsEnum,
  IsOptional,
  ValidateNested,
} from 'class-validator';
import { EntryListView } from '@insyn/registry';
import { EntryFilterInput } from './inputs/entries.args';

export enum StatsGroupBy {
  DEPARTMENT = 'DEPARTMENT',
  PRINCIPLE = 'PRINCIPLE',
  KIND = 'KIND',
  STATUS = 'STATUS',
  RISK_CLASS = 'RISK_CLASS',
  AI_ACT_CLASS = 'AI_ACT_CLASS',
  PERSONAL_DATA = 'PERSONAL_DATA',
  LIFECYCLE = 'LIFECYCLE',
}
registerEnumType(StatsGroupBy, { name: 'StatsGroupBy' });

@ArgsType()
export class RegisterStatsArgs {
  @Field(() => EntryFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => EntryFilterInput)
  filter?: EntryFilterInput;

  @Field(() => [StatsGroupBy], { description: 'One to three dimensions. At most 3 items.' })
  @ArrayMinSize(1, { message: 'groupBy must name one to three dimensions' })
  @ArrayMaxSize(3, { message: 'groupBy must name one to three dimensions' })
  @ArrayUnique({ message: 'groupBy must not name a dimension twice' })
  @IsEnum(StatsGroupBy, { each: true })
  groupBy!: StatsGroupBy[];

  @Field(() => EntryListView, { defaultValue: EntryListView.WORKING })
  @IsEnum(EntryListView)
  view: EntryListView = EntryListView.WORKING;

  @Field(() => Date, { nullable: true, description: 'Counts of what the public saw then.' })
  @IsOptional()
  @IsDate()
  asOf?: Date;
}

@ObjectType('RegisterStatsGroup', {
  description: 'The number of entries in one group; the dimensions not grouped by are null.',
})
export class RegisterStatsGroupObject {
  @Field(() => Int) count!: number;
  @Field(() => String, { nullable: true }) department?: string | null;
  @Field(() => String, { nullable: true }) principle?: string | null;
  @Field(() => String, { nullable: true }) kind?: string | null;
  @Field(() => String, { nullable: true }) status?: string | null;
  @Field(() => String, { nullable: true }) riskClass?: string | null;
  @Field(() => String, { nullable: true }) aiActClass?: string | null;
  @Field(() => String, { nullable: true }) personalData?: string | null;
  @Field(() => String, { nullable: true }) lifecycle?: string | null;
}

/** The object field of each dimension. */
export const STATS_FIELD: Record<StatsGroupBy, keyof RegisterStatsGroupObject> = {
  DEPARTMENT: 'department',
  PRINCIPLE: 'principle',
  KIND: 'kind',
  STATUS: 'status',
  RISK_CLASS: 'riskClass',
  AI_ACT_CLASS: 'aiActClass',
  PERSONAL_DATA: 'personalData',
  LIFECYCLE: 'lifecycle',
};
