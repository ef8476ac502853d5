import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PlainMessage, RelationType } from '@insyn/registry';
import { PrincipleObject } from '../../principles/principle.object';
import { RegistryEntryInterface } from './registry-entry.interface';

@ObjectType('CompletenessProblem', {
  description: 'One thing publication still needs, and why, in plain words.',
})
export class CompletenessProblemObject {
  @Field({ description: 'Path of the field, e.g. algorithm.euDatabaseRegistrationNumber.' })
  field!: string;
  /** Not in the schema: the message in each language, for `message(language)`. */
  messages!: PlainMessage;
}

@ObjectType('Completeness', {
  description: 'Whether the entry has everything publication requires.',
})
export class CompletenessObject {
  @Field() ready!: boolean;
  @Field(() => [String], {
    description: 'Paths of required fields still missing, e.g. accountability.humanOversight.',
  })
  missing!: string[];
  @Field(() => [CompletenessProblemObject], {
    description: 'The same fields, each with why publication needs it.',
  })
  problems!: CompletenessProblemObject[];
}

@ObjectType('EntryPrinciple', { description: 'How an entry touches a principle.' })
export class EntryPrincipleObject {
  @Field(() => PrincipleObject) principle!: PrincipleObject;
  @Field() rationale!: string;
}

export enum RelationDirection {
  OUTGOING = 'OUTGOING',
  INCOMING = 'INCOMING',
}
registerEnumType(RelationDirection, {
  name: 'RelationDirection',
  description:
    'OUTGOING: this entry → the other (this USES_DATASET that); INCOMING: the other → this.',
});

@ObjectType('EntryRelation')
export class EntryRelationObject {
  @Field(() => RelationType) type!: RelationType;
  @Field(() => RelationDirection) direction!: RelationDirection;
  @Field(() => RegistryEntryInterface) entry!: RegistryEntryInterface;
}

@ObjectType('PageInfo')
export class PageInfoObject {
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType('EntryEdge')
export class EntryEdgeObject {
  @Field() cursor!: string;
  @Field(() => RegistryEntryInterface) node!: RegistryEntryInterface;
}

@ObjectType('EntryConnection')
export class EntryConnectionObject {
  @Field(() => [EntryEdgeObject]) edges!: EntryEdgeObject[];
  @Field(() => [RegistryEntryInterface], {
    description: 'The nodes of the edges, for convenience.',
  })
  nodes!: RegistryEntryInterface[];
  @Field(() => PageInfoObject) pageInfo!: PageInfoObject;
  @Field(() => Int, { description: 'How many entries the filter selects, on all pages.' })
  totalCount?: number;
  /** Not in the schema: counts all pages, for `totalCount` (run only when it is asked for). */
  countAll!: () => Promise<number>;
}
