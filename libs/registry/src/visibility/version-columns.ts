import {
  FilterColumn,
  FilterColumns,
  filterColumnsOf,
  FilterFacts,
  filterFactsOf,
  missingForPublication,
} from '../catalogue';
import { EntryContent } from '../entries/entry-content';
import { EntryKind } from '../entries/entry-enums';
import { EntryVersionEntity } from '../entries/entry-version.entity';
import { nextPublicChange, publicContent } from './public-projection';

/** The public filter columns: one per filterable field a department may withhold. */
export interface PublicFilterColumns {
  publicRiskClass: string | null;
  publicAiActClass: string | null;
}

/**
 * The public column of each filterable field a department may withhold. A unit test checks these
 * are exactly the catalogue's withholdable filter fields.
 */
export const PUBLIC_FILTER_COLUMN: Partial<Record<FilterColumn, keyof PublicFilterColumns>> = {
  riskClass: 'publicRiskClass',
  aiActClass: 'publicAiActClass',
};

export type VersionColumns = FilterColumns &
  PublicFilterColumns & {
    withheldUntil: string | null;
    filterFacts: FilterFacts;
    publicFilterFacts: FilterFacts;
    publicMissing: string[];
  };

/**
 * The derived columns of a version on `day`: the filter columns from the whole content (staff
 * lists), the public ones from the public projection (public lists), and the day after which
 * the public view changes by itself (`withheldUntil`): a withholding ends, or the public review
 * date falls due (the search document's `reviewOverdue`). Written with every content change, and
 * again on the day after that one (`WithholdingExpiryService`).
 */
export function versionColumnsOf(
  content: EntryContent,
  kind: EntryKind,
  day: string,
): VersionColumns {
  const projected = publicContent(content, kind, day);
  const visible = filterColumnsOf(projected);
  const columns = {
    ...filterColumnsOf(content),
    withheldUntil: earliest(nextPublicChange(content, day), projected.reviewDueDate, day),
    filterFacts: filterFactsOf(content),
    publicFilterFacts: filterFactsOf(projected),
    publicMissing: missingForPublication(kind, projected),
  } as VersionColumns;
  for (const [column, publicColumn] of Object.entries(PUBLIC_FILTER_COLUMN))
    columns[publicColumn] = visible[column as FilterColumn] as string | null;
  return columns;
}

/** The earlier of the next change and a date on or after `day` (an earlier one has passed). */
function earliest(next: string | null, date: string | undefined, day: string): string | null {
  if (!date || date < day) return next;
  return next === null || date < next ? date : next;
}

// Compile-time: the entity has every derived column, with the same type.
const _entityHasColumns: Pick<EntryVersionEntity, keyof VersionColumns> = {} as VersionColumns;
void _entityHasColumns;
