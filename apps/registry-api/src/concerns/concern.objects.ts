import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { PageInfoObject } from '../entries/objects/entry-support.objects';
import {
  ConcernAnswerSupersession,
  ConcernCategory,
  ConcernLanguage,
  ConcernStatus,
} from './concern-enums.graphql';

/** An answer the department gave earlier, when, and why it is no longer the concern's answer. */
@ObjectType('ConcernAnswer', {
  description:
    'An answer the department gave earlier, kept as it was worded: it was amended, or the concern was reopened after it, so it is no longer the concern’s answer.',
})
export class ConcernAnswerObject {
  @Field() answer!: string;
  @Field(() => ConcernLanguage, { description: 'The language this wording is written in.' })
  language!: ConcernLanguage;
  @Field({ description: 'When this wording was given.' }) answeredAt!: Date;
  @Field({ description: 'When it stopped being the concern’s answer.' }) supersededAt!: Date;
  @Field(() => ConcernAnswerSupersession) supersededBecause!: ConcernAnswerSupersession;
}

const STANDING_ANSWER = {
  nullable: true,
  description:
    'The department’s answer while it stands (ANSWERED, or CLOSED after an answer), in its current wording. Null while the concern is reopened (or was rejected after that): its answer then is in earlierAnswers.',
};

const ANSWER_LANGUAGE = {
  nullable: true,
  description:
    'The language the standing answer is written in (the department may answer in another than the one the resident asked for); null while no answer stands.',
};

const REASON_LANGUAGE = {
  nullable: true,
  description: 'The language the rejection reason is written in; null without one.',
};

const ANSWERED_AT = {
  nullable: true,
  description:
    'When the standing answer was first given (the first answer, or the first since the concern was last reopened); amending it does not move this (see answerAmendedAt).',
};

const ANSWER_AMENDED_AT = {
  nullable: true,
  description:
    'When the standing answer was last amended; null when it never was (and while no answer stands). Its earlier wordings are in earlierAnswers.',
};

/** The description of `earlierAnswers`, resolved on TrackedConcern, Concern and PublicConcern. */
export const EARLIER_ANSWERS_DESCRIPTION =
  'Every answer the department gave that is no longer the concern’s answer, newest first: wordings replaced by an amendment, and answers given before the concern was reopened. Shown wherever the answer is, to whoever sees it.';

/**
 * What everyone may know of a concern: its handling and the department's public answer. The
 * resident's text and contact never appear here. `entry` and `principles` are resolved fields.
 */
@ObjectType('TrackedConcern', {
  description:
    'A concern as its tracking code shows it: status, dates and the department’s answer (never the contact details).',
})
export class TrackedConcernObject {
  @Field(() => ID) id!: string;
  @Field(() => ConcernStatus) status!: ConcernStatus;
  @Field(() => ConcernCategory) category!: ConcernCategory;
  @Field() filedAt!: Date;
  @Field(() => Date, { nullable: true, description: 'The department’s first response.' })
  firstResponseAt!: Date | null;
  @Field(() => Date, ANSWERED_AT)
  answeredAt!: Date | null;
  @Field(() => Date, ANSWER_AMENDED_AT)
  answerAmendedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When it was CLOSED or REJECTED.' })
  closedAt!: Date | null;
  @Field() statusChangedAt!: Date;
  @Field(() => String, STANDING_ANSWER)
  answer!: string | null;
  @Field(() => ConcernLanguage, ANSWER_LANGUAGE)
  answerLanguage!: ConcernLanguage | null;
  @Field(() => String, { nullable: true, description: 'Why it was rejected (REJECTED only).' })
  rejectionReason!: string | null;
  @Field(() => ConcernLanguage, REASON_LANGUAGE)
  rejectionReasonLanguage!: ConcernLanguage | null;
  @Field(() => Date, {
    nullable: true,
    description: 'When the resident erased the text and contact details.',
  })
  erasedAt!: Date | null;

  /** Not in the schema: for the resolved fields. */
  entryId!: string;
  principleCodes!: string[];
}

@ObjectType('ConcernReceipt', {
  description:
    'What a resident gets back when filing: keep both codes; they are shown once and cannot be recovered.',
})
export class ConcernReceiptObject {
  @Field({ description: 'Follow the concern with `concern(trackingCode)`.' })
  trackingCode!: string;
  @Field({
    description: 'Erase the text and contact details with `eraseConcern(erasureCode)`.',
  })
  erasureCode!: string;
  @Field(() => TrackedConcernObject) concern!: TrackedConcernObject;
}

@ObjectType('ErasedConcern')
export class ErasedConcernObject {
  @Field({ description: 'When the text and contact details were erased.' }) erasedAt!: Date;
  @Field(() => TrackedConcernObject) concern!: TrackedConcernObject;
}

/** A concern as the public reads it on its entry. */
@ObjectType('PublicConcern', {
  description:
    'An answered or rejected concern on its entry, or one reopened after its answer (then the answer is in earlierAnswers, with any amended wordings). The resident’s text only when they consented and the department marked it publishable.',
})
export class PublicConcernObject {
  @Field(() => ID) id!: string;
  @Field(() => ConcernStatus) status!: ConcernStatus;
  @Field(() => ConcernCategory) category!: ConcernCategory;
  @Field() filedAt!: Date;
  @Field(() => Date, ANSWERED_AT)
  answeredAt!: Date | null;
  @Field(() => Date, ANSWER_AMENDED_AT)
  answerAmendedAt!: Date | null;
  @Field(() => String, STANDING_ANSWER)
  answer!: string | null;
  @Field(() => ConcernLanguage, ANSWER_LANGUAGE)
  answerLanguage!: ConcernLanguage | null;
  @Field(() => String, { nullable: true }) rejectionReason!: string | null;
  @Field(() => ConcernLanguage, REASON_LANGUAGE)
  rejectionReasonLanguage!: ConcernLanguage | null;
  @Field(() => String, { nullable: true, description: 'The resident’s text, when published.' })
  residentText!: string | null;

  principleCodes!: string[];
}

@ObjectType('ConcernCounts')
export class ConcernCountsObject {
  @Field(() => Int, {
    description: 'Waiting for the department (RECEIVED, ACKNOWLEDGED, UNDER_REVIEW).',
  })
  open!: number;
  @Field(() => Int, { description: 'Answered by the department.' })
  answered!: number;
}

/** A concern as staff read it (the department list). */
@ObjectType('Concern', {
  description:
    'A concern as staff read it: the owning department’s editors, reviewers, auditors and admins. Only the owning department’s editors see the contact e-mail.',
})
export class ConcernObject extends TrackedConcernObject {
  @Field(() => String, { nullable: true, description: 'The resident’s text; null once erased.' })
  text!: string | null;
  @Field() consentToPublish!: boolean;
  @Field({ description: 'The department marked the text publishable.' }) textPublishable!: boolean;
  @Field(() => ConcernLanguage) language!: ConcernLanguage;
  @Field({ description: 'Whether the resident left an e-mail address (even if erased since).' })
  hadContact!: boolean;
  @Field(() => Date, { nullable: true }) contactErasedAt!: Date | null;
  @Field(() => String, {
    nullable: true,
    description:
      'The resident’s e-mail: for editors of the owning department only, null for everyone else and once erased.',
  })
  contactEmail!: string | null;

  departmentId!: string;
}

@ObjectType('ConcernEdge')
export class ConcernEdgeObject {
  @Field() cursor!: string;
  @Field(() => ConcernObject) node!: ConcernObject;
}

@ObjectType('ConcernConnection')
export class ConcernConnectionObject {
  @Field(() => [ConcernEdgeObject]) edges!: ConcernEdgeObject[];
  @Field(() => [ConcernObject]) nodes!: ConcernObject[];
  @Field(() => PageInfoObject) pageInfo!: PageInfoObject;
}

@ObjectType('DepartmentConcernFigures', { description: 'How one department handles concerns.' })
export class DepartmentConcernFiguresObject {
  @Field(() => Int, { description: 'The answer target in days (INSYN_CONCERN_TARGET_DAYS).' })
  targetDays!: number;
  @Field(() => Int) filed!: number;
  @Field(() => Int, {
    description:
      'Waiting for the department (RECEIVED, ACKNOWLEDGED, UNDER_REVIEW), reopened ones included.',
  })
  open!: number;
  @Field(() => Int, {
    description:
      'Whose answer stands now: ANSWERED, or CLOSED after an answer. Not those reopened since.',
  })
  answered!: number;
  @Field(() => Int, {
    description: 'Reopened after an answer and open again (counted in open, not in answered).',
  })
  reopened!: number;
  @Field(() => Float, {
    nullable: true,
    description: 'Median days from filing to the first response; null when none yet.',
  })
  medianDaysToFirstResponse!: number | null;
  @Field(() => Int, {
    description:
      'Of answered: those whose standing answer was given within the target days of filing.',
  })
  answeredWithinTarget!: number;
  @Field(() => Int, { description: 'Open and filed longer ago than the target.' })
  openOverTarget!: number;

  departmentId!: string;
}
