import { Args, Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor, ANONYMOUS } from '@insyn/access';
import { ConcernsRepository } from '@insyn/concerns';
import { BadInputError } from '@insyn/errors';
import { PrinciplesService } from '@insyn/registry';
import { CurrentActor } from '../auth/current-actor.decorator';
import { DepartmentLoaders } from '../departments/department.loader';
import { toDepartmentObject } from '../departments/department.mapper';
import { DepartmentObject } from '../departments/department.object';
import { toEntryObject } from '../entries/entry.mapper';
import { RegistryEntryInterface } from '../entries/objects/registry-entry.interface';
import { toPrincipleObject } from '../principles/principle.mapper';
import { PrincipleObject } from '../principles/principle.object';
import { ConcernLoadersFactory } from './concern.loaders';
import { PublicConcernsArgs } from './concern.inputs';
import { earlierAnswersOf, toPublicConcernObject } from './concern.mapper';
import {
  ConcernAnswerObject,
  ConcernCountsObject,
  EARLIER_ANSWERS_DESCRIPTION,
  ConcernObject,
  DepartmentConcernFiguresObject,
  PublicConcernObject,
  TrackedConcernObject,
} from './concern.objects';

async function principlesOf(
  catalogue: PrinciplesService,
  codes: string[],
): Promise<PrincipleObject[]> {
  const all = await catalogue.all();
  return codes.flatMap((code) => {
    const principle = all.find((p) => p.code === code);
    return principle ? [toPrincipleObject(principle)] : [];
  });
}

/**
 * The earlier answers of a concern its reader may see (by tracking code, in the staff list, or on
 * its entry): one query per request, whatever the number of concerns.
 */
async function earlierAnswers(
  loaders: ConcernLoadersFactory,
  req: object,
  concern: { id: string; answer: string | null },
): Promise<ConcernAnswerObject[]> {
  const history = await loaders.for(req, ANONYMOUS).answerHistory.load(concern.id);
  return earlierAnswersOf(history, concern.answer !== null);
}

/** The entry and principles of a tracked concern: the public's view of the entry. */
@Resolver(() => TrackedConcernObject)
export class TrackedConcernFieldsResolver {
  constructor(
    private readonly catalogue: PrinciplesService,
    private readonly loaders: ConcernLoadersFactory,
  ) {}

  @ResolveField(() => RegistryEntryInterface, {
    nullable: true,
    description: 'The entry, as the public sees it.',
  })
  async entry(@Parent() concern: TrackedConcernObject, @Context('req') req: object) {
    const view = await this.loaders.for(req, ANONYMOUS).visibleEntry.load(concern.entryId);
    // The public's whoever asks, down to its relations, versions and draft revisions.
    return view && { ...toEntryObject(view), readAs: ANONYMOUS };
  }

  @ResolveField(() => [PrincipleObject])
  principles(@Parent() concern: TrackedConcernObject): Promise<PrincipleObject[]> {
    return principlesOf(this.catalogue, concern.principleCodes);
  }

  @ResolveField(() => [ConcernAnswerObject], { description: EARLIER_ANSWERS_DESCRIPTION })
  earlierAnswers(@Parent() concern: TrackedConcernObject, @Context('req') req: object) {
    return earlierAnswers(this.loaders, req, concern);
  }
}

/** The entry (as this reader sees it), department and principles of a concern in the staff list. */
@Resolver(() => ConcernObject)
export class ConcernFieldsResolver {
  constructor(
    private readonly catalogue: PrinciplesService,
    private readonly loaders: ConcernLoadersFactory,
    private readonly departments: DepartmentLoaders,
  ) {}

  @ResolveField(() => RegistryEntryInterface, {
    nullable: true,
    description:
      'The entry as you may see it: to its staff, the working version (what the concern is about may have been published since).',
  })
  async entry(
    @Parent() concern: ConcernObject,
    @CurrentActor() actor: Actor,
    @Context('req') req: object,
  ) {
    const view = await this.loaders.for(req, actor).visibleEntry.load(concern.entryId);
    return view && toEntryObject(view);
  }

  @ResolveField(() => DepartmentObject, { description: 'The department that handles it.' })
  async department(@Parent() concern: ConcernObject, @Context('req') req: object) {
    return toDepartmentObject(await this.departments.for(req).load(concern.departmentId));
  }

  @ResolveField(() => [PrincipleObject])
  principles(@Parent() concern: ConcernObject): Promise<PrincipleObject[]> {
    return principlesOf(this.catalogue, concern.principleCodes);
  }

  @ResolveField(() => [ConcernAnswerObject], { description: EARLIER_ANSWERS_DESCRIPTION })
  earlierAnswers(@Parent() concern: ConcernObject, @Context('req') req: object) {
    return earlierAnswers(this.loaders, req, concern);
  }
}

@Resolver(() => PublicConcernObject)
export class PublicConcernFieldsResolver {
  constructor(
    private readonly catalogue: PrinciplesService,
    private readonly loaders: ConcernLoadersFactory,
  ) {}

  @ResolveField(() => [PrincipleObject])
  principles(@Parent() concern: PublicConcernObject): Promise<PrincipleObject[]> {
    return principlesOf(this.catalogue, concern.principleCodes);
  }

  @ResolveField(() => [ConcernAnswerObject], { description: EARLIER_ANSWERS_DESCRIPTION })
  earlierAnswers(@Parent() concern: PublicConcernObject, @Context('req') req: object) {
    return earlierAnswers(this.loaders, req, concern);
  }
}

@Resolver(() => DepartmentConcernFiguresObject)
export class DepartmentConcernFiguresResolver {
  constructor(private readonly departments: DepartmentLoaders) {}

  @ResolveField(() => DepartmentObject)
  async department(@Parent() figures: DepartmentConcernFiguresObject, @Context('req') req: object) {
    return toDepartmentObject(await this.departments.for(req).load(figures.departmentId));
  }
}

/** Concerns on every entry: counts and the public answers, batched per request. */
@Resolver(() => RegistryEntryInterface)
export class EntryConcernFieldsResolver {
  constructor(
    private readonly loaders: ConcernLoadersFactory,
    private readonly concerns: ConcernsRepository,
  ) {}

  @ResolveField(() => ConcernCountsObject, {
    description: 'Residents’ concerns about the entry: open and answered.',
  })
  concernCounts(
    @Parent() entry: RegistryEntryInterface,
    @Context('req') req: object,
  ): Promise<ConcernCountsObject> {
    return this.loaders.for(req, ANONYMOUS).counts.load(entry.id);
  }

  // Nullable so that an `after` of another entry's (known only once the field runs) refuses
  // this field alone, not the entry it is on, nor every entry of a list above it.
  @ResolveField(() => [PublicConcernObject], {
    nullable: true,
    description:
      'Answered and rejected concerns about the entry, newest response first, with the department’s answers. Null, with a BAD_USER_INPUT error naming `after`, when `after` is not one of this entry’s public concerns; the entry’s other fields are still given.',
  })
  async publicConcerns(
    @Parent() entry: RegistryEntryInterface,
    @Args() args: PublicConcernsArgs,
    @Context('req') req: object,
  ): Promise<PublicConcernObject[]> {
    if (args.after) {
      // A later page of one entry's (its cursor is that entry's): not batched across entries.
      const page = await this.concerns.publicPage(entry.id, args.first, args.after);
      if (!page)
        throw new BadInputError([
          { field: 'after', message: 'after must be the id of a public concern of this entry' },
        ]);
      return page.concerns.map(toPublicConcernObject);
    }
    const concerns = await this.loaders
      .for(req, ANONYMOUS)
      .publicConcerns(args.first)
      .load(entry.id);
    return concerns.map(toPublicConcernObject);
  }
}
