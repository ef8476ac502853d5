import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Request } from 'express';
import { Actor, Role } from '@insyn/access';
import {
  ConcernErasedSubmissionError,
  ConcernsService,
  ConcernSubmissionExpiredError,
  ConcernSubmissionReusedError,
  concernCodeFault,
} from '@insyn/concerns';
import { BadInputError, codePoint, ConflictError, NotFoundError } from '@insyn/errors';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { ConcernThrottle } from './concern-throttle';
import { ConcernsArgs, FileConcernInput, RespondToConcernInput } from './concern.inputs';
import { toConcernObject, toTrackedConcernObject } from './concern.mapper';
import {
  ConcernConnectionObject,
  ConcernObject,
  ConcernReceiptObject,
  DepartmentConcernFiguresObject,
  ErasedConcernObject,
  TrackedConcernObject,
} from './concern.objects';
import { InsynConfig } from '@insyn/config';

/** Residents file, track and erase concerns without an account; departments list and answer them. */
@Resolver()
export class ConcernsResolver {
  constructor(
    private readonly service: ConcernsService,
    private readonly throttle: ConcernThrottle,
    private readonly config: InsynConfig,
  ) {}

  @Mutation(() => ConcernReceiptObject, {
    description:
      'Anyone, without an account: a concern about a published entry. Throttled per client and globally (RATE_LIMITED with extensions.retryAfter).',
  })
  async fileConcern(
    @Args('input') input: FileConcernInput,
    @Context('req') req: Request,
  ): Promise<ConcernReceiptObject> {
    const receipt = input.submissionKey
      ? await this.fileOnce(input, input.submissionKey, req)
      : // Throttled before anything is read.
        await this.throttle.fileConcern(req).then(() => this.service.file(input));
    return {
      trackingCode: receipt.trackingCode,
      erasureCode: receipt.erasureCode,
      concern: toTrackedConcernObject(receipt.concern),
    };
  }

  /**
   * A retry with the same key and input gets what the first filed (as the site's form sent
   * again): the throttle runs only for a concern that is new. Unlike the site's form, the key
   * binds its input: other input under it is refused, not filed as a second concern. The key is
   * kept apart from the site's form ids, and its refusals name it.
   */
  private async fileOnce(input: FileConcernInput, key: string, req: Request) {
    try {
      return await this.service.file(input, {
        submission: { id: `api:${key}`, bindsInput: true },
        admit: () => this.throttle.fileConcern(req),
        unadmit: () => this.throttle.fileConcernUndone(req),
      });
    } catch (error) {
      const field = 'input.submissionKey';
      if (error instanceof ConcernSubmissionReusedError)
        throw new BadInputError([
          {
            field,
            message:
              'submissionKey already filed a concern with other input; use a new key for a new concern',
          },
        ]);
      if (error instanceof ConcernErasedSubmissionError)
        throw new ConflictError(
          'The concern filed with this submissionKey was erased at the resident’s request; nothing was filed',
          [{ field, message: 'its concern was erased' }],
        );
      if (error instanceof ConcernSubmissionExpiredError)
        throw new ConflictError(
          'This submissionKey filed its concern over an hour ago; its codes are not given again (use a new key to file again)',
          [{ field, message: 'used over an hour ago' }],
        );
      throw error;
    }
  }

  @Query(() => TrackedConcernObject, {
    nullable: true,
    description:
      'A concern by its tracking code; null for a code that names none. Guessing is throttled: each code that names no concern counts. A text that can be no code (empty, a character no code has, not 25 letters and digits) is BAD_USER_INPUT saying why, and not counted.',
  })
  async concern(
    @Args('trackingCode', {
      description:
        'The code given when the concern was filed: XXXXX-XXXXX-XXXXX-XXXXX-XXXXX (25 letters and digits; case, spaces and dashes aside).',
    })
    trackingCode: string,
    @Context('req') req: Request,
  ): Promise<TrackedConcernObject | null> {
    // What cannot be a code names no concern, whatever the codes are: said why, and not
    // counted as a guess (as on the site's forms).
    refuseNoCode('trackingCode', trackingCode);
    await this.throttle.codeLookup(req);
    const concern = await this.service.track(trackingCode);
    if (!concern) return null;
    await this.throttle.codeFound(req);
    return toTrackedConcernObject(concern);
  }

  @Mutation(() => ErasedConcernObject, {
    description:
      'Erases the resident’s text and contact details everywhere (the department’s answer stays). NOT_FOUND for a code that names no concern; throttled like tracking. A text that can be no code is BAD_USER_INPUT saying why, and not counted.',
  })
  async eraseConcern(
    @Args('erasureCode') erasureCode: string,
    @Context('req') req: Request,
  ): Promise<ErasedConcernObject> {
    refuseNoCode('erasureCode', erasureCode);
    await this.throttle.codeLookup(req);
    const concern = await this.service.erase(erasureCode);
    if (!concern) throw new NotFoundError('Concern', 'erasureCode');
    await this.throttle.codeFound(req);
    return { erasedAt: concern.erasedAt!, concern: toTrackedConcernObject(concern) };
  }

  @Query(() => ConcernConnectionObject, {
    description:
      'Staff: editors their department’s concerns, reviewers, auditors and admins every department’s; newest first, keyset-paginated.',
  })
  @Roles(Role.EDITOR, Role.REVIEWER, Role.AUDITOR, Role.ADMIN)
  async concerns(
    @CurrentActor() actor: Actor,
    @Args() args: ConcernsArgs,
  ): Promise<ConcernConnectionObject> {
    const page = await this.service.page(actor, {
      filter: args.filter ?? {},
      first: args.first,
      after: args.after,
    });
    const nodes = page.concerns.map((c) =>
      toConcernObject(c, this.service.contactEmailFor(actor, c)),
    );
    return {
      edges: nodes.map((node, i) => ({ node, cursor: page.cursors[i] })),
      nodes,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.cursors.at(-1) ?? null },
    };
  }

  @Mutation(() => ConcernObject, {
    description:
      'Editors of the owning department (or an admin, recorded): acknowledge, change status (REJECTED with a reason), answer, mark the resident’s text publishable. Recorded in the audit log; e-mails the resident (who gave an address) on ACKNOWLEDGED, ANSWERED, an amended answer, REJECTED, and CLOSED without that answer standing (README, Concerns).',
  })
  @Roles(Role.EDITOR, Role.REVIEWER, Role.AUDITOR, Role.ADMIN)
  async respondToConcern(
    @CurrentActor() actor: Actor,
    @Args('input') input: RespondToConcernInput,
  ): Promise<ConcernObject> {
    const concern = await this.service.respond(actor, input);
    return toConcernObject(concern, this.service.contactEmailFor(actor, concern));
  }

  @Query(() => [DepartmentConcernFiguresObject], {
    description:
      'AUDITOR and ADMIN: how each department handles concerns; every department, by slug (zeros where none was filed).',
  })
  @Roles(Role.AUDITOR, Role.ADMIN)
  async concernFigures(@CurrentActor() actor: Actor): Promise<DepartmentConcernFiguresObject[]> {
    const figures = await this.service.figures(actor);
    return figures.map((f) => ({ ...f, targetDays: this.config.INSYN_CONCERN_TARGET_DAYS }));
  }
}

/** BAD_USER_INPUT naming the argument and why its text is no code, before any lookup. */
function refuseNoCode(field: 'trackingCode' | 'erasureCode', typed: string): void {
  const fault = concernCodeFault(typed);
  if (!fault) return;
  const what = field === 'trackingCode' ? 'a tracking code' : 'an erasure code';
  const why =
    typed.trim() === ''
      ? 'it is empty'
      : fault.kind === 'char'
        ? `character ${fault.position} (${codePoint(fault.char)}) is in no code`
        : fault.kind === 'length'
          ? `it has ${fault.length} letters and digits`
          : 'it is longer than any code';
  throw new BadInputError([
    {
      field,
      message: `is not ${what} (${why}): 25 letters and digits other than U, as XXXXX-XXXXX-XXXXX-XXXXX-XXXXX`,
    },
  ]);
}
