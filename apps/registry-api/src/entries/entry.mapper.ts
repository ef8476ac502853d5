import { EntryKind, EntryStatus, EntryView, viewCompleteness } from '@insyn/registry';
import {
  AlgorithmObject,
  DatasetObject,
  EntryObject,
  IotDeploymentObject,
} from './objects/entry-kinds.objects';

/**
 * Due dates are calendar dates, compared with the registry's day (`RegistryClock.today()`, UTC),
 * as the lists and the compliance report compare them. A retired entry is due for no review, as
 * the lists, the search, the site and the compliance report count it.
 */
export function isReviewOverdue(
  reviewDueDate: string | undefined,
  status: EntryStatus,
  today: string,
): boolean {
  return status !== EntryStatus.RETIRED && reviewDueDate !== undefined && reviewDueDate < today;
}

/**
 * EntryView → GraphQL object. The view already holds only what this reader may see (the public
 * projection for the public), so this maps shapes and nothing else.
 */
export function toEntryObject(view: EntryView): EntryObject {
  const { entry, version, content } = view;
  const base = {
    id: entry.id,
    slug: entry.slug,
    kind: entry.kind,
    status: entry.status,
    version: version.number,
    isPublishedVersion: view.isPublishedVersion,
    title: content.title,
    summary: content.summary,
    translations: content.translations ?? [],
    description: content.description,
    responsibleTeam: content.responsibleTeam,
    contact: content.contact,
    lifecycle: content.lifecycle,
    theme: content.theme,
    keywords: content.keywords ?? [],
    geographicArea: content.geographicArea as EntryObject['geographicArea'],
    legalBasis: content.legalBasis ?? [],
    purpose: content.purpose,
    suppliers: content.suppliers ?? [],
    impactAssessments: content.impactAssessments ?? [],
    noImpactAssessmentReason: content.noImpactAssessmentReason,
    personalData: content.personalData,
    specialCategories: content.specialCategories ?? [],
    reviewDueDate: content.reviewDueDate,
    revisionNote: content.revisionNote,
    withheld: content.withheld ?? [],
    accountability: content.accountability,
    nonDiscrimination: content.nonDiscrimination,
    changeNote: version.changeNote ?? undefined,
    createdAt: entry.createdAt,
    updatedAt: version.updatedAt,
    firstPublishedAt: entry.firstPublishedAt,
    publishedAt: version.publishedAt,
    retiredAt: entry.retiredAt,
    retirementReason: entry.retirementReason,
    departmentId: entry.departmentId,
    principleLinks: content.principles ?? [],
    // The policy's rule: staff, the whole content; the public, only what it is shown.
    publicationProblems: () => viewCompleteness(view).problems,
  };
  switch (entry.kind) {
    case EntryKind.ALGORITHM:
      return Object.assign(new AlgorithmObject(), base, { algorithm: content.algorithm ?? {} });
    case EntryKind.DATASET:
      return Object.assign(new DatasetObject(), base, { dataset: content.dataset ?? {} });
    case EntryKind.IOT_DEPLOYMENT:
      return Object.assign(new IotDeploymentObject(), base, {
        iotDeployment: (content.iotDeployment ?? {}) as IotDeploymentObject['iotDeployment'],
      });
  }
}
