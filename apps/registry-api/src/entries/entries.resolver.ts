import { Args, Context, ID, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { Actor } from '@insyn/access';
import { BadInputError, characterCount, emptyTextProblem } from '@insyn/errors';
import {
  DEPARTMENT_SLUG_MAX_LENGTH,
  DepartmentsService,
  EntriesRepository,
  EntriesService,
  ENTRY_SLUG_MAX_LENGTH,
  EntryHistoryRepository,
  EntryKind,
  EntryView,
  IDEMPOTENCY_KEY_MAX_LENGTH,
  isEntryId,
  PrinciplesService,
} from '@insyn/registry';
import { CurrentActor } from '../auth/current-actor.decorator';
import { refuseUnknownDepartments } from '../departments/department-filter.check';
import { DepartmentLoaders } from '../departments/department.loader';
import { selects } from '../graphql/selection';
import { charactersLimit } from '../graphql/validation/input-fields';
import { contentRootsOf } from './entry-content-roots';
import { EntryLoaders, EntryLoadersFactory } from './entry.loaders';
import { toEntryObject } from './entry.mapper';
import { EntriesArgs } from './inputs/entries.args';
import { toListFilter } from './inputs/entry-filter.mapper';
import { RegisterStatsArgs, RegisterStatsGroupObject, STATS_FIELD } from './register-stats';
import { AlgorithmInput, DatasetInput, IotDeploymentInput } from './inputs/entry.inputs';
import { LinkEntriesInput } from './inputs/link-entries.input';
import { EntryConnectionObject } from './objects/entry-support.objects';
import { AlgorithmObject, DatasetObject, IotDeploymentObject } from './objects/entry-kinds.objects';
import { RegistryEntryInterface } from './objects/registry-entry.interface';

/** The optional argument that makes a register mutation safe to retry. */
const IDEMPOTENCY_KEY_ARG = {
  type: () => String,
  nullable: true,
  description: `Makes a retry safe (1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters, e.g. a UUID made per registration): the same token sending the same key again gets the entry the first request created, and nothing is created twice. The same key with another kind, department or input: CONFLICT.`,
};

const DEPARTMENT_SLUG_ARG = {
  description: `Slug of the department the entry belongs to. ${charactersLimit(DEPARTMENT_SLUG_MAX_LENGTH)}`,
};

/** Reading and writing registry entries. Access is decided in the registry library, per actor. */
@Resolver(() => RegistryEntryInterface)
export class EntriesResolver {
  constructor(
    private readonly repository: EntriesRepository,
    private readonly service: EntriesService,
    private readonly history: EntryHistoryRepository,
    private readonly loaders: EntryLoadersFactory,
    private readonly departments: DepartmentLoaders,
    private readonly catalogue: PrinciplesService,
    private readonly departmentSlugs: DepartmentsService,
  ) {}

  @Query(() => RegistryEntryInterface, {
    nullable: true,
    description:
      'One entry by id or slug; null when it does not exist or is not visible to you. With asOf: what the public saw at that moment, less what is withheld from it today (null before the first publication); its versions are those published by then, its relations the links there were then (removed ones too).',
  })
  async entry(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID, nullable: true, description: 'An entry id (a UUID).' })
    id?: string,
    @Args('slug', { nullable: true, description: charactersLimit(ENTRY_SLUG_MAX_LENGTH) })
    slug?: string,
    @Args('asOf', { type: () => Date, nullable: true }) asOf?: Date,
    @Context('req') httpRequest?: object,
  ) {
    // An explicit null is no value, as a generic client sends for an unused variable.
    id = id ?? undefined;
    slug = slug ?? undefined;
    if ((id === undefined) === (slug === undefined)) {
      throw new BadInputError([
        { field: id === undefined ? 'id' : 'slug', message: 'give exactly one of id and slug' },
      ]);
    }
    // What cannot name an entry is a mistake to say, not an entry to look for.
    if (id !== undefined && !isEntryId(id))
      throw new BadInputError([{ field: 'id', message: 'must be an entry id (a UUID)' }]);
    if (slug !== undefined && emptyTextProblem(slug) !== null)
      throw new BadInputError([{ field: 'slug', message: 'must not be empty' }]);
    if (slug !== undefined && characterCount(slug) > ENTRY_SLUG_MAX_LENGTH)
      throw new BadInputError([
        { field: 'slug', message: `must be at most ${ENTRY_SLUG_MAX_LENGTH} characters` },
      ]);
    const view = asOf
      ? await this.history.asOf({ id, slug }, asOf)
      : await this.repository.findOne(actor, { id, slug });
    if (!view) return null;
    // findOne gives this actor's own view (what findByIds gives): its versions need not read it again.
    if (!asOf && httpRequest) this.loaders.for(httpRequest, actor).prime([view]);
    return asOf ? { ...toEntryObject(view), asOf } : toEntryObject(view);
  }

  @Query(() => EntryConnectionObject, {
    description: 'Entries visible to you, newest change first by default.',
  })
  async entries(
    @CurrentActor() actor: Actor,
    @Args() args: EntriesArgs,
    @Context('req') httpRequest: object,
    @Info() info: GraphQLResolveInfo,
  ): Promise<EntryConnectionObject> {
    refusePendingDraftAsOf(args);
    await refuseUnknownDepartments(this.departmentSlugs, args.filter);
    const request = { filter: toListFilter(args.filter), view: args.view, asOf: args.asOf };
    const asks = (...path: string[]) =>
      selects(info, ['nodes', ...path]) || selects(info, ['edges', 'node', ...path]);
    const page = await this.repository.page(
      actor,
      { ...request, orderBy: args.orderBy, first: args.first, after: args.after },
      // In the page's own statement: the departments its fields will ask for; of the content,
      // only what the operation can show.
      { departments: asks('department'), contentRoots: contentRootsOf(httpRequest) },
    );
    if (page.actorsViews) {
      const loaders = this.loaders.for(httpRequest, actor);
      // The page's relations and versions need these entries as this actor sees them: not again.
      loaders.prime(page.views);
      const departments = this.departments.for(httpRequest);
      for (const department of page.departments) departments.prime(department);
      await this.readAhead(page.views, asks, httpRequest, loaders);
    }
    const nodes = page.views.map((view) =>
      args.asOf ? { ...toEntryObject(view), asOf: args.asOf } : toEntryObject(view),
    );
    return {
      edges: nodes.map((node, i) => ({ node, cursor: page.cursors[i] })),
      nodes,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.cursors.at(-1) ?? null },
      // Counted only when asked for (one more statement).
      countAll: () => this.repository.count(actor, request),
    };
  }

  /**
   * Reads, before the page's entries are resolved, what the query asks of them and the page's
   * own statement did not read along (departments, when asked, are there already): the
   * principles catalogue, their relations with the entries they lead to (and those entries'
   * departments, read with them) and their published versions, each through the request's
   * loader in the one statement that loader would send for the page anyway. Their fields then
   * give plain values, without a promise per field of every entry for graphql-js to wait on. A
   * read that fails is left to the field that asks for it (its error is the field's, as before).
   */
  private async readAhead(
    views: readonly EntryView[],
    asks: (...path: string[]) => boolean,
    httpRequest: object,
    loaders: EntryLoaders,
  ): Promise<void> {
    const ids = views.map((view) => view.entry.id);
    const departments = this.departments.for(httpRequest);
    const relations = async () => {
      const lists = await loaders.relations.loadAll(ids);
      if (!asks('relations', 'entry', 'department')) return;
      // The entries they lead to were read with them (relationsWithOthers): at hand now.
      const others = await loaders.visibleEntry.getMany(
        lists.flatMap((list, i) =>
          list.map((r) => (r.fromEntryId === ids[i] ? r.toEntryId : r.fromEntryId)),
        ),
      );
      await departments.loadAll([
        ...new Set(
          others.flatMap((other) =>
            other && !(other instanceof Error) ? [other.entry.departmentId] : [],
          ),
        ),
      ]);
    };
    await Promise.all(
      [
        asks('department') && departments.loadAll(views.map((view) => view.entry.departmentId)),
        asks('principles') && this.catalogue.all(),
        asks('relations') && relations(),
        asks('versions') && loaders.publishedVersions.loadAll(ids),
      ].map((read) => (read ? read.catch(() => undefined) : undefined)),
    );
  }

  @Query(() => [RegisterStatsGroupObject], {
    description:
      'Counts of the entries a filter selects, per group, computed in the database from what you may see.',
  })
  async registerStats(
    @CurrentActor() actor: Actor,
    @Args() args: RegisterStatsArgs,
  ): Promise<RegisterStatsGroupObject[]> {
    refusePendingDraftAsOf(args);
    await refuseUnknownDepartments(this.departmentSlugs, args.filter);
    const groups = await this.repository.stats(
      actor,
      { filter: toListFilter(args.filter), view: args.view, asOf: args.asOf },
      args.groupBy,
    );
    return groups.map(({ group, count }) => {
      const row: RegisterStatsGroupObject = { count };
      for (const dimension of args.groupBy)
        Object.assign(row, { [STATS_FIELD[dimension]]: group[dimension] ?? null });
      return row;
    });
  }

  @Mutation(() => AlgorithmObject, {
    description:
      'Registers an algorithm as a draft of the department. With an idempotencyKey, safe to retry.',
  })
  async registerAlgorithm(
    @CurrentActor() actor: Actor,
    @Args('departmentSlug', DEPARTMENT_SLUG_ARG) departmentSlug: string,
    @Args('input') input: AlgorithmInput,
    @Args('idempotencyKey', IDEMPOTENCY_KEY_ARG) idempotencyKey?: string | null,
  ) {
    return toEntryObject(
      await this.register(actor, EntryKind.ALGORITHM, departmentSlug, input, idempotencyKey),
    );
  }

  @Mutation(() => DatasetObject, {
    description:
      'Registers a dataset as a draft of the department. With an idempotencyKey, safe to retry.',
  })
  async registerDataset(
    @CurrentActor() actor: Actor,
    @Args('departmentSlug', DEPARTMENT_SLUG_ARG) departmentSlug: string,
    @Args('input') input: DatasetInput,
    @Args('idempotencyKey', IDEMPOTENCY_KEY_ARG) idempotencyKey?: string | null,
  ) {
    return toEntryObject(
      await this.register(actor, EntryKind.DATASET, departmentSlug, input, idempotencyKey),
    );
  }

  @Mutation(() => IotDeploymentObject, {
    description:
      'Registers an IoT deployment as a draft of the department. With an idempotencyKey, safe to retry.',
  })
  async registerIotDeployment(
    @CurrentActor() actor: Actor,
    @Args('departmentSlug', DEPARTMENT_SLUG_ARG) departmentSlug: string,
    @Args('input') input: IotDeploymentInput,
    @Args('idempotencyKey', IDEMPOTENCY_KEY_ARG) idempotencyKey?: string | null,
  ) {
    return toEntryObject(
      await this.register(actor, EntryKind.IOT_DEPLOYMENT, departmentSlug, input, idempotencyKey),
    );
  }

  private register(
    actor: Actor,
    kind: EntryKind,
    departmentSlug: string,
    input: AlgorithmInput | DatasetInput | IotDeploymentInput,
    idempotencyKey: string | null | undefined,
  ) {
    return idempotencyKey === undefined || idempotencyKey === null
      ? this.service.register(actor, kind, departmentSlug, input)
      : this.service.registerOnce(actor, kind, departmentSlug, input, idempotencyKey);
  }

  @Mutation(() => AlgorithmObject, {
    description:
      'Edits an algorithm: given fields replace, null clears, absent fields stay, at every level (nested objects merge; lists and GeoJSON geometries replace whole). A published entry gets a new draft version.',
  })
  async updateAlgorithm(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: AlgorithmInput,
  ) {
    return toEntryObject(await this.service.update(actor, id, EntryKind.ALGORITHM, input));
  }

  @Mutation(() => DatasetObject, { description: 'Edits a dataset (see updateAlgorithm).' })
  async updateDataset(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: DatasetInput,
  ) {
    return toEntryObject(await this.service.update(actor, id, EntryKind.DATASET, input));
  }

  @Mutation(() => IotDeploymentObject, {
    description: 'Edits an IoT deployment (see updateAlgorithm).',
  })
  async updateIotDeployment(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: IotDeploymentInput,
  ) {
    return toEntryObject(await this.service.update(actor, id, EntryKind.IOT_DEPLOYMENT, input));
  }

  @Mutation(() => RegistryEntryInterface, {
    description:
      'Links two entries; linking twice changes nothing. Not an entry to itself, and not a PART_OF that would make a cycle (the `to` entry already part of the `from` one, through entries the caller may see). Returns the `from` entry.',
  })
  async linkEntries(@CurrentActor() actor: Actor, @Args('input') input: LinkEntriesInput) {
    return toEntryObject(await this.service.link(actor, input.fromId, input.toId, input.type));
  }

  @Mutation(() => RegistryEntryInterface, {
    description:
      'Removes a link between two entries: editors of the `from` entry’s department, or of the department of the entry it points to (or an admin). Returns the `from` entry.',
  })
  async unlinkEntries(@CurrentActor() actor: Actor, @Args('input') input: LinkEntriesInput) {
    return toEntryObject(await this.service.unlink(actor, input.fromId, input.toId, input.type));
  }
}

/**
 * A past view (`asOf`) is what the public saw then: published versions only, with no working
 * versions to filter on. Judged by today's working state instead, `hasPendingDraft` had mixed
 * today into the past (an auditor's counts of a moment named entries whose draft came later).
 */
function refusePendingDraftAsOf(args: {
  asOf?: Date | null;
  filter?: { hasPendingDraft?: boolean | null } | null;
}): void {
  if (args.asOf && args.filter?.hasPendingDraft != null)
    throw new BadInputError([
      {
        field: 'filter.hasPendingDraft',
        message: 'cannot be combined with asOf: a view of the past has no working versions',
      },
    ]);
}
