import type { DepartmentEntity, EntryContent, EntryKind, EntryView } from '@insyn/registry';
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
}

/** An ExportEntry from a view and its department. */
export function exportEntryOf(
  view: EntryView,
  department: Pick<DepartmentEntity, 'slug' | 'nameSv' | 'nameEn'>,
  settings: StandardsSettings,
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
  };
}
