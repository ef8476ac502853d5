import { ResolveField, Resolver } from '@nestjs/graphql';
import { EntryHistoryRepository, PrinciplesService, RegistryClock } from '@insyn/registry';
import { actorOf, GraphQLRequestContext } from '../auth/current-actor.decorator';
import { DepartmentLoaders } from '../departments/department.loader';
import { toDepartmentObject } from '../departments/department.mapper';
import { DepartmentObject } from '../departments/department.object';
import { toPrincipleObject } from '../principles/principle.mapper';
import { isReviewOverdue, toEntryObject } from './entry.mapper';
import { EntryLoadersFactory } from './entry.loaders';
import {
  CompletenessObject,
  EntryPrincipleObject,
  EntryRelationObject,
  RelationDirection,
} from './objects/entry-support.objects';
import { DraftRevisionObject, EntryVersionObject } from './objects/entry-history.objects';
import { RegistryEntryInterface } from './objects/registry-entry.interface';

/**
 * Fields every entry kind resolves the same way; relations through per-request DataLoaders.
 *
 * They run for every entry of a list (and every entry a relation leads to), so they take
 * GraphQL's own arguments (parent, args, context) instead of parameter decorators: a field
 * resolver without them is called directly, not through Nest's per-call context (pipes and
 * their promises for each decorated parameter), which cost more than the fields themselves.
 * Nothing is lost: field resolvers run no guards, interceptors or filters (no
 * `fieldResolverEnhancers`), and the global pipe passes a parent or context on as it is.
 */
@Resolver(() => RegistryEntryInterface)
export class RegistryEntryFieldsResolver {
  constructor(
    private readonly catalogue: PrinciplesService,
    private readonly loaders: EntryLoadersFactory,
    private readonly departments: DepartmentLoaders,
    private readonly history: EntryHistoryRepository,
    private readonly clock: RegistryClock,
  ) {}

  @ResolveField(() => DepartmentObject, { description: 'The department that owns the entry.' })
  async department(
    entry: RegistryEntryInterface,
    _args: unknown,
    { req }: GraphQLRequestContext,
  ): Promise<DepartmentObject> {
    return toDepartmentObject(await this.departments.for(req).load(entry.departmentId));
  }

  @ResolveField(() => [EntryPrincipleObject], {
    description: 'The principles the entry touches, each with a rationale.',
  })
  async principles(entry: RegistryEntryInterface): Promise<EntryPrincipleObject[]> {
    const catalogue = await this.catalogue.all();
    return entry.principleLinks.flatMap((link) => {
      const principle = catalogue.find((p) => p.code === link.code);
      return principle
        ? [{ principle: toPrincipleObject(principle), rationale: link.rationale }]
        : [];
    });
  }

  @ResolveField(() => Boolean, {
    description:
      'True when the review due date has passed (UTC days) and the entry is not retired: it stays published but is flagged.',
  })
  reviewOverdue(entry: RegistryEntryInterface): boolean {
    // The registry's day, as the lists and the compliance report judge it.
    return isReviewOverdue(entry.reviewDueDate, entry.status, this.clock.today());
  }

  @ResolveField(() => CompletenessObject, {
    description:
      'Required fields still missing before publication. The public is told only what follows from what it sees: fields of which something is withheld are left out.',
  })
  completeness(entry: RegistryEntryInterface): CompletenessObject {
    const problems = entry.publicationProblems();
    return {
      ready: problems.length === 0,
      missing: problems.map((p) => p.path),
      problems: problems.map((p) => ({ field: p.path, messages: p.message })),
    };
  }

  @ResolveField(() => [EntryRelationObject], {
    description: 'Typed links to and from entries you can see.',
  })
  async relations(
    entry: RegistryEntryInterface,
    _args: unknown,
    context: GraphQLRequestContext,
  ): Promise<EntryRelationObject[]> {
    const loaders = this.loaders.for(context.req, actorOf(context));
    const { asOf } = entry;
    const relations = (await loaders.relations.load(entry.id)).filter(
      // As of a moment: only links made by then (links removed since are not kept).
      (relation) => !asOf || relation.createdAt <= asOf,
    );
    const resolved = await Promise.all(
      relations.map(async (relation) => {
        const outgoing = relation.fromEntryId === entry.id;
        const otherId = outgoing ? relation.toEntryId : relation.fromEntryId;
        // The other side as the public saw it then (null if it was not public), one statement
        // per relation: an "as of" view is an auditor's question, not a listing.
        const other = asOf
          ? await this.history.asOf({ id: otherId }, asOf)
          : await loaders.visibleEntry.load(otherId);
        if (!other) return null;
        const found: EntryRelationObject = {
          type: relation.type,
          direction: outgoing ? RelationDirection.OUTGOING : RelationDirection.INCOMING,
          entry: toEntryObject(other),
        };
        return found;
      }),
    );
    // The other side is left out when this reader may not see it (a draft of another department).
    return resolved.filter((r): r is EntryRelationObject => r !== null);
  }

  @ResolveField(() => [DraftRevisionObject], {
    nullable: true,
    description:
      'Staff of the entry: every saved draft revision, oldest first, with what each changed (null for others).',
  })
  async draftRevisions(
    entry: RegistryEntryInterface,
    _args: unknown,
    context: GraphQLRequestContext,
  ): Promise<DraftRevisionObject[] | null> {
    return this.loaders.for(context.req, actorOf(context)).draftRevisions.load(entry.id);
  }

  @ResolveField(() => [EntryVersionObject], {
    description: 'Every published version, oldest first (the public history).',
  })
  async versions(
    entry: RegistryEntryInterface,
    _args: unknown,
    context: GraphQLRequestContext,
  ): Promise<EntryVersionObject[]> {
    const all = await this.loaders
      .for(context.req, actorOf(context))
      .publishedVersions.load(entry.id);
    // As of a moment: the versions published by then.
    const versions = entry.asOf ? all.filter((v) => v.publishedAt <= entry.asOf!) : all;
    // The version's content (its `entry`) is loaded only when a query asks for it.
    return versions.map(({ versionId, number, publishedAt, publishedBy, changeNote }) => ({
      number,
      publishedAt,
      publishedBy,
      versionId,
      changeNote,
    }));
  }
}
