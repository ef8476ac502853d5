import { Field, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { RegistryEntryInterface } from './registry-entry.interface';

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
  @Field(() => RegistryEntryInterface, { description: 'The entry as this version said it.' })
  entry!: RegistryEntryInterface;
}

@ObjectType('FieldChange', { description: 'One field that differs between two versions.' })
export class FieldChangeObject {
  @Field({ description: 'Path of the field, e.g. accountability.humanOversight.' }) field!: string;
  @Field(() => GraphQLJSON, { nullable: true }) before!: unknown;
  @Field(() => GraphQLJSON, { nullable: true }) after!: unknown;
}
