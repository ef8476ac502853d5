import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { JsonObjectScalar } from '../graphql/scalars/json-object.scalar';
import { AuditAction } from './audit-action.enum';
import { AuditActorRole } from './audit-actor-role.enum';

@ObjectType('AuditEvent', { description: 'One action, as the append-only audit log recorded it.' })
export class AuditEventObject {
  @Field(() => ID)
  id!: string;

  @Field()
  occurredAt!: Date;

  @Field({
    description:
      'occurredAt exactly as the hash covers it: UTC with microseconds (2025-01-31T09:15:02.123456Z). occurredAt, a DateTime, keeps milliseconds only.',
  })
  occurredAtHashed!: string;

  @Field(() => AuditAction)
  action!: AuditAction;

  @Field({
    description: 'Label of the token (or operator command) that acted; "resident" for a resident.',
  })
  actorLabel!: string;

  @Field(() => AuditActorRole, {
    description: 'Role of the actor at the time: a token’s role, or RESIDENT (no token).',
  })
  actorRole!: AuditActorRole;

  @Field(() => ID, { nullable: true, description: 'Id of the token that acted.' })
  actorTokenId!: string | null;

  @Field(() => ID, { nullable: true })
  entryId!: string | null;

  @Field(() => Int, { nullable: true, description: 'The entry version the action concerned.' })
  entryVersion!: number | null;

  // `department` is resolved by AuditLogResolver from this id (through the DepartmentLoader).
  departmentId!: string | null;

  @Field(() => JsonObjectScalar, {
    description: 'Facts about the action: a change note, a reason, the token created, …',
  })
  details!: Record<string, unknown>;

  @Field({ description: 'Hash of the event before it in the chain (64 zeros for the first).' })
  prevHash!: string;

  @Field({
    description:
      'SHA-256 (hex) of this event’s canonical JSON, prevHash included (README "The audit chain").',
  })
  hash!: string;
}

@ObjectType('AuditEventEdge')
export class AuditEventEdgeObject {
  @Field()
  cursor!: string;

  @Field(() => AuditEventObject)
  node!: AuditEventObject;
}
