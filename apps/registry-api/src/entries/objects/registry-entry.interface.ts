import { Actor } from '@insyn/access';
import { Field, ID, Int, InterfaceType } from '@nestjs/graphql';
import {
  EntryKind,
  EntryStatus,
  PersonalDataLevel,
  PublicationProblem,
  Theme,
} from '@insyn/registry';
import { AccountabilityObject, NonDiscriminationObject } from './disclosures.objects';
import {
  ContactObject,
  EntryTranslationObject,
  GeographicAreaObject,
  ImpactAssessmentObject,
  LegalBasisObject,
  LifecycleObject,
  SupplierObject,
  WithheldInformationObject,
} from './shared-content.objects';

const TYPE_BY_KIND: Record<EntryKind, string> = {
  [EntryKind.ALGORITHM]: 'Algorithm',
  [EntryKind.DATASET]: 'Dataset',
  [EntryKind.IOT_DEPLOYMENT]: 'IotDeployment',
};

/**
 * What every registry entry has, whatever its kind. Anonymous readers (and editors of other
 * departments) see the published version with withheld fields removed; the owning department,
 * reviewers, auditors and admins see the working version.
 */
@InterfaceType('RegistryEntry', {
  resolveType: (value: { kind: EntryKind }) => TYPE_BY_KIND[value.kind],
})
export abstract class RegistryEntryInterface {
  @Field(() => ID) id!: string;
  /**
   * Not a field: the moment of an "as of" view, which its relations and versions follow (what
   * the public saw then), unset for today's view.
   */
  asOf?: Date;
  /**
   * Not a field: whose view this is when it is not the caller's (a tracked concern's entry is
   * the public's whoever asks), which its relations, versions and draft revisions follow.
   */
  readAs?: Actor;
  @Field({
    description:
      "URL-safe identifier, from the title. Settled at the first publication and never changed after; until then it is the draft's and may change (hold a draft by id).",
  })
  slug!: string;
  @Field(() => EntryKind) kind!: EntryKind;
  @Field(() => EntryStatus) status!: EntryStatus;
  @Field(() => Int, { description: 'Number of the version shown.' }) version!: number;
  @Field({ description: 'Whether this is the published version (true) or a working copy.' })
  isPublishedVersion!: boolean;
  @Field() title!: string;
  @Field(() => String, {
    nullable: true,
    description: 'Plain-language summary, at most 400 characters.',
  })
  summary?: string;
  @Field(() => [EntryTranslationObject], {
    description: 'The title and summary in other languages than the content language (Swedish).',
  })
  translations!: EntryTranslationObject[];
  @Field(() => String, { nullable: true }) description?: string;
  @Field(() => String, { nullable: true }) responsibleTeam?: string;
  @Field(() => ContactObject, { nullable: true }) contact?: ContactObject;
  @Field(() => LifecycleObject, { nullable: true }) lifecycle?: LifecycleObject;
  @Field(() => Theme, { nullable: true }) theme?: Theme;
  @Field(() => [String]) keywords!: string[];
  @Field(() => GeographicAreaObject, { nullable: true }) geographicArea?: GeographicAreaObject;
  @Field(() => [LegalBasisObject]) legalBasis!: LegalBasisObject[];
  @Field(() => String, { nullable: true }) purpose?: string;
  @Field(() => [SupplierObject]) suppliers!: SupplierObject[];
  @Field(() => [ImpactAssessmentObject]) impactAssessments!: ImpactAssessmentObject[];
  @Field(() => String, { nullable: true }) noImpactAssessmentReason?: string;
  @Field(() => PersonalDataLevel, { nullable: true }) personalData?: PersonalDataLevel;
  @Field(() => [String]) specialCategories!: string[];
  @Field(() => String, {
    nullable: true,
    description: 'When the entry must be revisited (YYYY-MM-DD).',
  })
  reviewDueDate?: string;
  @Field(() => String, { nullable: true }) revisionNote?: string;
  @Field(() => [WithheldInformationObject], { description: 'Fields not shown publicly, and why.' })
  withheld!: WithheldInformationObject[];
  @Field(() => AccountabilityObject, { nullable: true }) accountability?: AccountabilityObject;
  @Field(() => NonDiscriminationObject, { nullable: true })
  nonDiscrimination?: NonDiscriminationObject;
  @Field(() => String, { nullable: true, description: 'Change note of the version shown.' })
  changeNote?: string;
  @Field({
    description:
      'When the entry was registered; to anyone but its staff, when it was first published (its time as a draft is not public).',
  })
  createdAt!: Date;
  @Field({
    description:
      'When the version shown last changed: its publication, an edit of a draft (staff), or the entry’s retirement. Lists order by it (UPDATED_AT_DESC) and filter on it (updatedSince). As of a moment: as it stood then (its retirement only once it had happened).',
  })
  updatedAt!: Date;
  @Field(() => Date, { nullable: true }) firstPublishedAt?: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the version shown was published.' })
  publishedAt?: Date | null;
  @Field(() => Date, { nullable: true }) retiredAt?: Date | null;
  @Field(() => String, { nullable: true }) retirementReason?: string | null;

  /** Not in the schema: the owning department, for the department field resolver. */
  departmentId!: string;
  /** Not in the schema: principle links, resolved against the catalogue. */
  principleLinks!: { code: string; rationale: string }[];
  /** Not in the schema: what the completeness check finds (worked out only when asked for). */
  publicationProblems!: () => PublicationProblem[];
}
