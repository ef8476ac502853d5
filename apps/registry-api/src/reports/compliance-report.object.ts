import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { EntryKind, EntryStatus } from '@insyn/registry';
import '../entries/registry-enums.graphql';

@ObjectType('KindStatusCount', { description: 'How many entries of one kind have one status.' })
export class KindStatusCountObject {
  @Field(() => EntryKind) kind!: EntryKind;
  @Field(() => EntryStatus, { description: 'The working status (RETIRED once retired).' })
  status!: EntryStatus;
  @Field(() => Int) count!: number;
}

@ObjectType('MissingDisclosureCount', {
  description: 'How many published entries lack one disclosure publication requires.',
})
export class MissingDisclosureCountObject {
  @Field({ description: 'Field path, e.g. accountability.humanOversight.' }) path!: string;
  @Field(() => Int) count!: number;
}

@ObjectType('PrincipleCoverage', { description: 'How many published entries touch a principle.' })
export class PrincipleCoverageObject {
  @Field() code!: string;
  @Field(() => Int) entries!: number;
  @Field(() => Float, { description: 'Share of the published entries, 0–1.' }) share!: number;
}

@ObjectType('ConcernResponseFigures', { description: 'How residents’ concerns are answered.' })
export class ConcernResponseFiguresObject {
  @Field(() => Int, { description: 'The answer target in days (INSYN_CONCERN_TARGET_DAYS).' })
  targetDays!: number;
  @Field(() => Int) filed!: number;
  @Field(() => Int) open!: number;
  @Field(() => Int) answered!: number;
  @Field(() => Float, {
    nullable: true,
    description: 'Median days from filing to the first response; null when none yet.',
  })
  medianDaysToFirstResponse!: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Mean days from filing to the first response; null when none yet.',
  })
  averageDaysToFirstResponse!: number | null;
  @Field(() => Int, { description: 'Open and filed longer ago than the target.' })
  overdue!: number;
}

@ObjectType('ComplianceReport', {
  description:
    'One department’s or the whole city’s compliance figures, computed in the database. “Published” is what the public sees now: entries with a published version that are not retired, read from that version.',
})
export class ComplianceReportObject {
  @Field(() => String, { nullable: true, description: 'Null for the city-wide report.' })
  departmentSlug!: string | null;
  @Field({ description: 'The registry’s day the figures are for (YYYY-MM-DD).' }) today!: string;
  @Field(() => [KindStatusCountObject], {
    description:
      'Every entry, drafts and retired too, by workflow status: a published entry with a later version pending counts under that version’s status (DRAFT or IN_REVIEW); publishedWithPendingVersion says how many.',
  })
  entriesByKindAndStatus!: KindStatusCountObject[];
  @Field(() => Int) published!: number;
  @Field(() => Int, {
    description:
      'Of the published, those with a later version pending (a draft, or in review): counted in entriesByKindAndStatus under that version’s status, so the PUBLISHED counts plus this make published.',
  })
  publishedWithPendingVersion!: number;
  @Field(() => Int, {
    description:
      'Published entries whose public page lacks a disclosure publication requires (blank, or withheld).',
  })
  publishedMissingDisclosures!: number;
  @Field(() => [MissingDisclosureCountObject], { description: 'Per field, most often first.' })
  missingDisclosures!: MissingDisclosureCountObject[];
  @Field(() => Int, { description: 'Published entries whose review due date has passed.' })
  overdueReviews!: number;
  @Field(() => Int, {
    description: 'Published entries whose bias assessment is dated more than 12 months ago.',
  })
  biasAssessmentsOlderThan12Months!: number;
  @Field(() => Int, {
    description:
      'Published algorithms of risk class HIGH or AI Act class HIGH_RISK without an impact assessment.',
  })
  highRiskWithoutImpactAssessment!: number;
  @Field(() => ConcernResponseFiguresObject) concerns!: ConcernResponseFiguresObject;
  @Field(() => [PrincipleCoverageObject], { description: 'Every principle, in catalogue order.' })
  principles!: PrincipleCoverageObject[];
}
