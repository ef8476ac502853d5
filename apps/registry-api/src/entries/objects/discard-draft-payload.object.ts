import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { RegistryEntryInterface } from './registry-entry.interface';

@ObjectType('DiscardDraftPayload', { description: 'What discarding a draft did.' })
export class DiscardDraftPayload {
  @Field(() => ID, { description: 'The entry whose draft was discarded.' })
  entryId!: string;

  @Field(() => Int, { description: 'Number of the version discarded.' })
  discardedVersion!: number;

  @Field({
    description:
      'True when the entry had never been published and is now gone (its audit events remain).',
  })
  entryRemoved!: boolean;

  @Field(() => RegistryEntryInterface, {
    nullable: true,
    description: 'The entry as it now is, back at its published version; null when it was removed.',
  })
  entry!: RegistryEntryInterface | null;
}
