import { Field, ObjectType } from '@nestjs/graphql';
import { PageInfoObject } from '../entries/objects/entry-support.objects';
import { AuditEventEdgeObject, AuditEventObject } from './audit-event.object';

@ObjectType('AuditEventConnection')
export class AuditEventConnectionObject {
  @Field(() => [AuditEventEdgeObject])
  edges!: AuditEventEdgeObject[];

  @Field(() => [AuditEventObject], { description: 'The nodes of the edges, for convenience.' })
  nodes!: AuditEventObject[];

  @Field(() => PageInfoObject)
  pageInfo!: PageInfoObject;
}
