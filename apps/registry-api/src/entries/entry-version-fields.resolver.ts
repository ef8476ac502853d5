import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor } from '@insyn/access';
import { EntryVisibilityPolicy } from '@insyn/registry';
import { CurrentActor } from '../auth/current-actor.decorator';
import { EntryLoadersFactory } from './entry.loaders';
import { toEntryObject } from './entry.mapper';
import { RegistryEntryInterface } from './objects/registry-entry.interface';
import {
  EntryVersionObject,
  ValueAuthorObject,
  VersionWorkflowObject,
} from './objects/entry-history.objects';

/** Fields of a published version that need more than the version row, through DataLoaders. */
@Resolver(() => EntryVersionObject)
export class EntryVersionFieldsResolver {
  constructor(
    private readonly loaders: EntryLoadersFactory,
    private readonly policy: EntryVisibilityPolicy,
  ) {}

  @ResolveField(() => RegistryEntryInterface, { description: 'The entry as this version said it.' })
  async entry(
    @Parent() version: EntryVersionObject,
    @CurrentActor() actor: Actor,
    @Context('req') request: object,
  ): Promise<RegistryEntryInterface> {
    const reader = version.readAs ?? actor;
    const view = await this.loaders.for(request, reader).versionView.load(version.versionId);
    // The version came from the same reader's list of published versions in this request.
    if (!view) throw new Error(`published version ${version.versionId} is not visible`);
    // Listed as of a moment, the entry is as it stood then (not retired yet), and the version's
    // own versions, relations and draft revisions are of that moment too, as the entry's are.
    const { readAs, asOf } = version;
    if (!asOf) return { ...toEntryObject(view), readAs };
    return { ...toEntryObject(this.policy.asOfVersionView(view, asOf)), readAs, asOf };
  }

  @ResolveField(() => VersionWorkflowObject, {
    nullable: true,
    description:
      'Who submitted, returned (with the reason) and published this version: staff of the entry only (null for others).',
  })
  workflow(
    @Parent() version: EntryVersionObject,
    @CurrentActor() actor: Actor,
    @Context('req') request: object,
  ): Promise<VersionWorkflowObject | null> {
    return this.loaders
      .for(request, version.readAs ?? actor)
      .versionWorkflows.load(version.versionId);
  }

  @ResolveField(() => [ValueAuthorObject], {
    nullable: true,
    description:
      'Staff of the entry: who last wrote each field’s value in this version, from the saved draft revisions (null for others).',
  })
  valueAuthors(
    @Parent() version: EntryVersionObject,
    @CurrentActor() actor: Actor,
    @Context('req') request: object,
  ): Promise<ValueAuthorObject[] | null> {
    return this.loaders.for(request, version.readAs ?? actor).valueAuthors.load(version.versionId);
  }
}
