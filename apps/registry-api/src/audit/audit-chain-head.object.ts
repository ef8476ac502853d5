import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('AuditChainHead', {
  description:
    'The newest event of the audit log’s hash chain: its hash seals every event before it. Keep it, and anyone can later check (`audit:verify --known-head EVENT_ID:HASH`) that history up to it was not rewritten. Public; says nothing about the event itself.',
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
}
