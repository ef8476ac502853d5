import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Actor } from '@insyn/access';
import { BadInputError } from '@insyn/errors';
import {
  EntryHistoryRepository,
  EntryWorkflowService,
  isEntryId,
  WORKFLOW_NOTE_MAX_LENGTH,
} from '@insyn/registry';
import { CurrentActor } from '../auth/current-actor.decorator';
import { charactersLimit, withLimits } from '../graphql/validation/input-fields';
import { toEntryObject } from './entry.mapper';
import { DiscardDraftPayload } from './objects/discard-draft-payload.object';
import { FieldChangeObject } from './objects/entry-history.objects';
import { RegistryEntryInterface } from './objects/registry-entry.interface';

/** Change notes and reasons: checked by the workflow service. */
const NOTE = `Not empty. ${charactersLimit(WORKFLOW_NOTE_MAX_LENGTH)}`;

/** The publication workflow and version diffs. */
@Resolver()
export class EntryWorkflowResolver {
  constructor(
    private readonly workflow: EntryWorkflowService,
    private readonly history: EntryHistoryRepository,
  ) {}

  @Mutation(() => RegistryEntryInterface, {
    description: 'DRAFT → IN_REVIEW. Editors of the department (or an admin).',
  })
  async submitEntryForReview(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
  ) {
    return toEntryObject(await this.workflow.submit(actor, id));
  }

  @Mutation(() => RegistryEntryInterface, {
    description:
      'IN_REVIEW → PUBLISHED. Reviewers (or an admin); not the person who submitted the version or wrote any of it, with any of their tokens (four eyes; an admin may, recorded); refused while required fields are missing, and (CONFLICT) when a first publication would bring a PART_OF cycle into public view.',
  })
  async publishEntry(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('changeNote', { description: withLimits('What changed, for the public history', NOTE) })
    changeNote: string,
  ) {
    return toEntryObject(await this.workflow.publish(actor, id, changeNote));
  }

  @Mutation(() => RegistryEntryInterface, {
    description: 'IN_REVIEW → DRAFT, with the reason. Reviewers (or an admin).',
  })
  async returnEntryToDraft(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('reason', { description: withLimits('Why it goes back to its editors', NOTE) })
    reason: string,
  ) {
    return toEntryObject(await this.workflow.returnToDraft(actor, id, reason));
  }

  @Mutation(() => RegistryEntryInterface, {
    description:
      'IN_REVIEW → DRAFT: takes a submission back from review to go on editing it. Editors of the department (or an admin), whoever submitted it; the audit log names the submitter.',
  })
  async withdrawSubmission(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
  ) {
    return toEntryObject(await this.workflow.withdrawSubmission(actor, id));
  }

  @Mutation(() => DiscardDraftPayload, {
    description:
      'Throws a draft away. Never published: the entry is removed with its versions and links. Published with a pending draft: that draft version is dropped and the entry is back at its published version. Refused in review (withdraw first), when retired, or without a draft. Editors of the department (or an admin).',
  })
  async discardDraft(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<DiscardDraftPayload> {
    const discarded = await this.workflow.discardDraft(actor, id);
    return {
      entryId: discarded.entryId,
      discardedVersion: discarded.discardedVersion,
      entryRemoved: discarded.entryRemoved,
      entry: discarded.view ? toEntryObject(discarded.view) : null,
    };
  }

  @Mutation(() => RegistryEntryInterface, {
    description:
      'Retires a published entry: still publicly readable, marked retired, out of the default listing.',
  })
  async retireEntry(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('reason', { description: withLimits('Why it is retired', NOTE) }) reason: string,
  ) {
    return toEntryObject(await this.workflow.retire(actor, id, reason));
  }

  @Query(() => [FieldChangeObject], {
    nullable: true,
    description:
      'Fields that changed between two versions; null when the entry or a version is not visible to you. An `id` that is no UUID, or a version below 1, is BAD_USER_INPUT naming it.',
  })
  async entryDiff(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('fromVersion', { type: () => Int }) fromVersion: number,
    @Args('toVersion', { type: () => Int }) toVersion: number,
  ): Promise<FieldChangeObject[] | null> {
    // What cannot name an entry or a version is a mistake to say (as entry(id) does), not a
    // diff that is not visible: all of it is told, before anything is read.
    const problems = [
      ...(isEntryId(id) ? [] : [{ field: 'id', message: 'must be an entry id (a UUID)' }]),
      ...(['fromVersion', 'toVersion'] as const)
        .filter((field) => ({ fromVersion, toVersion })[field] < 1)
        .map((field) => ({ field, message: 'versions are numbered from 1' })),
    ];
    if (problems.length) throw new BadInputError(problems);
    return this.history.diff(actor, id, fromVersion, toVersion);
  }
}
