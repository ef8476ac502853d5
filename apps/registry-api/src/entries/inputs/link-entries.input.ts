import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsUUID } from 'class-validator';
import { RelationType } from '@insyn/registry';

@InputType({ description: 'from → to, e.g. an algorithm USES_DATASET a dataset.' })
export class LinkEntriesInput {
  @Field(() => ID) @IsUUID('all', { message: 'fromId must be an entry id' }) fromId!: string;
  @Field(() => ID) @IsUUID('all', { message: 'toId must be an entry id' }) toId!: string;
  @Field(() => RelationType) @IsEnum(RelationType) type!: RelationType;
}
