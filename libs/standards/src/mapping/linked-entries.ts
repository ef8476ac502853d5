import { RelationType } from '@insyn/registry';
import type { ExportEntry, ExportRelation } from '../export/export-entry';

/**
 * The entries this one links to with one of `types` (its outgoing public links, oldest first):
 * the standards' data-source fields are filled from an algorithm's USES_DATASET (and
 * PRODUCES_DATASET, FED_BY_DEPLOYMENT) links, never from links the public cannot see
 * (ExportEntry.relations holds only those it can).
 */
export function linkedEntries(
  entry: ExportEntry,
  types: readonly RelationType[],
): ExportRelation[] {
  return entry.relations.filter((r) => r.direction === 'OUTGOING' && types.includes(r.type));
}

/** Linked entries as one text, `Title (url); Title (url)`, or undefined when there are none. */
export function linkedText(links: readonly ExportRelation[]): string | undefined {
  return links.length ? links.map((l) => `${l.title} (${l.url})`).join('; ') : undefined;
}

/** The links that connect an algorithm to its data, in the order the standards' texts name them. */
export const DATA_LINK_TYPES: readonly RelationType[] = [
  RelationType.USES_DATASET,
  RelationType.FED_BY_DEPLOYMENT,
  RelationType.PRODUCES_DATASET,
];

/** What each link type says of the entry it leads to, in the standards' texts. */
const LINK_LABEL: Record<RelationType, string> = {
  [RelationType.USES_DATASET]: 'Uses dataset',
  [RelationType.PRODUCES_DATASET]: 'Produces dataset',
  [RelationType.FED_BY_DEPLOYMENT]: 'Fed by IoT deployment',
  [RelationType.PART_OF]: 'Part of',
};

/**
 * The algorithm's data links as one text, each group labelled (`Uses dataset: A (url); B (url).
 * Produces dataset: C (url).`), or undefined when it has none of `types`.
 */
export function dataLinksText(
  entry: ExportEntry,
  types: readonly RelationType[],
): string | undefined {
  const parts = types.flatMap((type) => {
    const text = linkedText(linkedEntries(entry, [type]));
    return text ? [`${LINK_LABEL[type]}: ${text}.`] : [];
  });
  return parts.length ? parts.join(' ') : undefined;
}
