import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('AuditChainHead', {
  description:
    'An event of the audit log’s hash chain, its head at some moment: its hash seals every event before it. Keep it, and anyone can later check (`audit:verify --known-head EVENT_ID:HASH`) that history up to it was not rewritten. Public; says nothing about the event itself.',
})
export class AuditChainHeadObject {
  @Field(() => ID, { description: 'Id of the event (ids grow along the chain).' })
  eventId!: string;

  @Field({
    description:
      'SHA-256 (lower-case hex) of the event’s canonical JSON, which includes the hash of the event before it.',
  })
  hash!: string;

  @Field({ description: 'When the event occurred.' })
  occurredAt!: Date;

  @Field(() => String, {
    nullable: true,
    description:
      'The day (UTC, YYYY-MM-DD) at whose start this was the head: the public’s checkpoint, one a day. Null for the live head, which only AUDITOR and ADMIN are given.',
  })
  checkpointDay!: string | null;
}
