import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum } from 'class-validator';
import { RelationType } from '@insyn/registry';
import { IsRecordId } from '../../graphql/validation/input-fields';

@InputType({ description: 'from → to, e.g. an algorithm USES_DATASET a dataset.' })
export class LinkEntriesInput {
  @Field(() => ID) @IsRecordId({ message: 'fromId must be an entry id' }) fromId!: string;
  @Field(() => ID) @IsRecordId({ message: 'toId must be an entry id' }) toId!: string;
  @Field(() => RelationType) @IsEnum(RelationType) type!: RelationType;
}
