import { ResolveField, Resolver } from '@nestjs/graphql';
import { Actor } from '@insyn/access';
import {
  EntryHistoryRepository,
  EntryRelationEntity,
  EntryView,
  PrinciplesService,
  RegistryClock,
} from '@insyn/registry';
import { actorOf, GraphQLRequestContext } from '../auth/current-actor.decorator';
import { spendListItems } from '../graphql/list-item-budget';
import { DepartmentLoaders } from '../departments/department.loader';
import { toDepartmentObject } from '../departments/department.mapper';
import { DepartmentObject } from '../departments/department.object';
import { toPrincipleObject } from '../principles/principle.mapper';
import { isReviewOverdue, toEntryObject } from './entry.mapper';
import { whenReady } from '../graphql/ready-loader';
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
 * For the same reason department, principles, relations and versions return a plain value when
 * the request has read it already (the entries page reads ahead what its selection asks for,
 * EntriesResolver.readAhead), and a promise only otherwise: graphql-js completes a page whose
 * fields are all plain values without waiting on a promise per field of every entry.
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
  department(
    entry: RegistryEntryInterface,
    _args: unknown,
    { req }: GraphQLRequestContext,
  ): DepartmentObject | Promise<DepartmentObject> {
    return whenReady(this.departments.for(req).get(entry.departmentId), toDepartmentObject);
  }

  @ResolveField(() => [EntryPrincipleObject], {
    description: 'The principles the entry touches, each with a rationale.',
  })
  principles(
    entry: RegistryEntryInterface,
  ): EntryPrincipleObject[] | Promise<EntryPrincipleObject[]> {
    const links = entry.principleLinks;
    return whenReady(this.catalogue.allNow(), (catalogue) =>
      links.flatMap((link) => {
        const principle = catalogue.find((p) => p.code === link.code);
        return principle
          ? [{ principle: toPrincipleObject(principle), rationale: link.rationale }]
          : [];
      }),
    );
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
  relations(
    entry: RegistryEntryInterface,
    _args: unknown,
    context: GraphQLRequestContext,
  ): EntryRelationObject[] | Promise<EntryRelationObject[]> {
    const loaders = this.loaders.for(context.req, entry.readAs ?? actorOf(context));
    if (entry.asOf) return this.relationsAsOf(entry, entry.asOf, context.req);
    // At once when the page has read the relations and the entries they lead to (readAhead).
    return whenReady(loaders.relations.get(entry.id), (relations) => {
      // Before the entries they lead to are asked for: a refused list reads none of them.
      spendListItems(context.req, relations.length, 'relations');
      const others = relations.map((relation) =>
        loaders.visibleEntry.get(otherEnd(entry.id, relation)),
      );
      const found = (views: readonly (EntryView | null)[]) =>
        relationObjects(entry.id, relations, views, entry.readAs);
      return others.some((other) => other instanceof Promise)
        ? Promise.all(others).then(found)
        : found(others as (EntryView | null)[]);
    });
  }

  /** As of a moment: the links there were then, removed ones too (from the audit log). */
  private async relationsAsOf(
    entry: RegistryEntryInterface,
    asOf: Date,
    request: object,
  ): Promise<EntryRelationObject[]> {
    const relations = await this.history.relationsAsOf(entry.id, asOf);
    spendListItems(request, relations.length, 'relations');
    // The other side as the public saw it then (null if it was not public), one statement
    // per relation: an "as of" view is an auditor's question, not a listing.
    const others = await Promise.all(
      relations.map((relation) => this.history.asOf({ id: otherEnd(entry.id, relation) }, asOf)),
    );
    return relationObjects(entry.id, relations, others, entry.readAs, asOf);
  }

  @ResolveField(() => [DraftRevisionObject], {
    nullable: true,
    description:
      'Staff of the entry: every saved draft revision, oldest first, with what each changed (null for others, and in a view `asOf` a moment, which is what the public saw then).',
  })
  async draftRevisions(
    entry: RegistryEntryInterface,
    _args: unknown,
    context: GraphQLRequestContext,
  ): Promise<DraftRevisionObject[] | null> {
    // Today's working copy has no place in the past.
    if (entry.asOf) return null;
    return this.loaders
      .for(context.req, entry.readAs ?? actorOf(context))
      .draftRevisions.load(entry.id);
  }

  @ResolveField(() => [EntryVersionObject], {
    description: 'Every published version, oldest first (the public history).',
  })
  versions(
    entry: RegistryEntryInterface,
    _args: unknown,
    context: GraphQLRequestContext,
  ): EntryVersionObject[] | Promise<EntryVersionObject[]> {
    const { asOf } = entry;
    const loaders = this.loaders.for(context.req, entry.readAs ?? actorOf(context));
    return whenReady(loaders.publishedVersions.get(entry.id), (all) => {
      // As of a moment: the versions published by then.
      const versions = asOf ? all.filter((v) => v.publishedAt <= asOf) : all;
      spendListItems(context.req, versions.length, 'versions');
      // The version's content (its `entry`) is loaded only when a query asks for it.
      return versions.map(({ versionId, number, publishedAt, publishedBy, changeNote }) => ({
        number,
        publishedAt,
        publishedBy,
        versionId,
        changeNote,
        readAs: entry.readAs,
        ...(asOf ? { asOf } : {}),
      }));
    });
  }
}

/** The entry at the other end of a relation of `entryId`. */
function otherEnd(
  entryId: string,
  relation: Pick<EntryRelationEntity, 'fromEntryId' | 'toEntryId'>,
): string {
  return relation.fromEntryId === entryId ? relation.toEntryId : relation.fromEntryId;
}

/**
 * The relations of `entryId` with the entries at their other ends (`others`, in the same order):
 * a relation is left out when this reader may not see its other side (null: a draft of another
 * department, or not public at that moment). Read `asOf` a moment, the other ends are of that
 * moment too, down to their own versions, relations and (none) draft revisions.
 */
function relationObjects(
  entryId: string,
  relations: readonly Pick<EntryRelationEntity, 'fromEntryId' | 'toEntryId' | 'type'>[],
  others: readonly (EntryView | null)[],
  readAs: Actor | undefined,
  asOf?: Date,
): EntryRelationObject[] {
  const found: EntryRelationObject[] = [];
  relations.forEach((relation, i) => {
    const other = others[i];
    if (other)
      found.push({
        type: relation.type,
        direction:
          relation.fromEntryId === entryId
            ? RelationDirection.OUTGOING
            : RelationDirection.INCOMING,
        entry: asOf
          ? { ...toEntryObject(other), readAs, asOf }
          : { ...toEntryObject(other), readAs },
      });
  });
  return found;
}
