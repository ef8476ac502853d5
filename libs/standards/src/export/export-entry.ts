import type {
  DepartmentEntity,
  EntryContent,
  EntryKind,
  EntryView,
  RelationType,
} from '@insyn/registry';
import { entryUrl, StandardsSettings } from '../standards-settings';

/**
 * One published entry as every export sees it: identity, public status and version, its
 * department, and the public projection of its content (withheld fields already removed by the
 * visibility policy; `content.withheld` lists the withholdings in force, with their grounds).
 */
export interface ExportEntry {
  id: string;
  slug: string;
  kind: EntryKind;
  url: string;
  status: string;
  version: number;
  department: { slug: string; nameSv: string; nameEn: string };
  firstPublishedAt: Date | null;
  publishedAt: Date | null;
  retiredAt: Date | null;
  retirementReason: string | null;
  changeNote: string | null;
  content: EntryContent;
  /**
   * The entry's links the public sees today, both directions, oldest first: only those whose
   * other end the anonymous public may see (as `relations` in the public GraphQL). Empty for a
   * past version (history.json gives an entry's links once, beside its versions).
   */
  relations: readonly ExportRelation[];
}

/** A public link of an export entry, and the entry at its other end. */
export interface ExportRelation {
  type: RelationType;
  /** OUTGOING: this entry links to the other (an algorithm USES_DATASET it); INCOMING: the reverse. */
  direction: 'OUTGOING' | 'INCOMING';
  entryId: string;
  slug: string;
  url: string;
  kind: EntryKind;
  title: string;
  /**
   * When the public could first see the link: the later of its creation and both ends' first
   * publication (from then on `relations` as of a moment shows it).
   */
  since: Date;
}

/** An ExportEntry from a view and its department (and its public links, when read). */
export function exportEntryOf(
  view: EntryView,
  department: Pick<DepartmentEntity, 'slug' | 'nameSv' | 'nameEn'>,
  settings: StandardsSettings,
  relations: readonly ExportRelation[] = [],
): ExportEntry {
  const { entry, version } = view;
  return {
    id: entry.id,
    slug: entry.slug,
    kind: entry.kind,
    url: entryUrl(settings, entry.slug),
    status: entry.status,
    version: version.number,
    department: { slug: department.slug, nameSv: department.nameSv, nameEn: department.nameEn },
    firstPublishedAt: entry.firstPublishedAt,
    publishedAt: version.publishedAt,
    retiredAt: entry.retiredAt,
    retirementReason: entry.retirementReason,
    changeNote: version.changeNote,
    content: view.content,
    relations,
  };
}
