import { Actor } from '@insyn/access';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-scalars';

@ObjectType('WorkflowStep', { description: 'Who did one step of the review workflow, and when.' })
export class WorkflowStepObject {
  @Field({ description: 'Label of the token used.' }) label!: string;
  @Field(() => ID, {
    nullable: true,
    description: 'The person the token belongs to (null for operator commands).',
  })
  personId!: string | null;
  @Field(() => String, { nullable: true }) personName!: string | null;
  @Field() at!: Date;
  @Field(() => String, { nullable: true, description: 'Why (the reason of a return).' })
  reason!: string | null;
}

@ObjectType('VersionWorkflow', {
  description: 'Who submitted a version, who returned it (with the reason) and who published it.',
})
export class VersionWorkflowObject {
  @Field(() => WorkflowStepObject, { nullable: true }) submitted!: WorkflowStepObject | null;
  @Field(() => [WorkflowStepObject], { description: 'Each return to the editors, oldest first.' })
  returned!: WorkflowStepObject[];
  @Field(() => WorkflowStepObject, { nullable: true }) published!: WorkflowStepObject | null;
}

@ObjectType('EntryVersion', { description: 'A published version of an entry, kept unchanged.' })
export class EntryVersionObject {
  @Field(() => Int) number!: number;
  @Field() publishedAt!: Date;
  @Field(() => String, {
    nullable: true,
    description: 'Label of the token that published it (staff only).',
  })
  publishedBy!: string | null;
  @Field(() => String, { nullable: true }) changeNote!: string | null;
  // `entry` (the entry as this version said it) is EntryVersionFieldsResolver's: the version's
  // content is read only when a query asks for it.

  /** Not in the schema: the version's id, for its field resolvers. */
  versionId!: string;
  /** Not in the schema: whose view it is when not the caller's (RegistryEntryInterface.readAs). */
  readAs?: Actor;
  /** Not in the schema: listed by an entry read as of this moment, which its `entry` is read as too. */
  asOf?: Date;
}

@ObjectType('ValueAuthor', { description: 'Who last wrote the value of one field of a version.' })
export class ValueAuthorObject {
  @Field({ description: 'Path of the field, e.g. accountability.humanOversight.' }) field!: string;
  @Field({ description: 'Label of the token that saved the value.' }) label!: string;
  @Field(() => ID, { nullable: true }) personId!: string | null;
  @Field(() => String, { nullable: true }) personName!: string | null;
  @Field({ description: 'When the draft revision that wrote it was saved.' }) at!: Date;
  @Field(() => Int, { description: 'The draft revision that wrote it.' }) revision!: number;
}

@ObjectType('FieldChange', { description: 'One field that differs between two versions.' })
export class FieldChangeObject {
  @Field({ description: 'Path of the field, e.g. accountability.humanOversight.' }) field!: string;
  @Field(() => GraphQLJSON, {
    nullable: true,
    description: 'The earlier value; null when absent, or withheld (see beforeWithheld).',
  })
  before!: unknown;
  @Field(() => GraphQLJSON, {
    nullable: true,
    description: 'The later value; null when absent, or withheld (see afterWithheld).',
  })
  after!: unknown;
  @Field({
    description:
      'The field, or a part of it, was withheld from you in the earlier version: before is null, or lacks that part, and says nothing of what it held. Always false for staff who read the entry’s unpublished versions (they see every value).',
  })
  beforeWithheld!: boolean;
  @Field({
    description: 'As beforeWithheld, for the later version.',
  })
  afterWithheld!: boolean;
}

@ObjectType('DraftRevision', {
  description: 'One saved revision of an entry’s draft, and what it changed.',
})
export class DraftRevisionObject {
  @Field(() => Int, { description: '1, 2, 3… per entry, in the order saved.' }) revision!: number;
  @Field(() => Int) versionNumber!: number;
  @Field() savedAt!: Date;
  @Field({ description: 'Label of the token that saved it.' }) label!: string;
  @Field(() => ID, { nullable: true }) personId!: string | null;
  @Field(() => String, { nullable: true }) personName!: string | null;
  @Field(() => [FieldChangeObject], {
    description: 'Fields changed against the revision it was made from, with before and after.',
  })
  changes!: FieldChangeObject[];
}
