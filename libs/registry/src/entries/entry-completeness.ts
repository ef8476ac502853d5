import { missingForPublication } from '../catalogue';
import { EntryContent } from './entry-content';
import { EntryKind } from './entry-enums';

export interface Completeness {
  ready: boolean;
  /** Paths of required fields still missing, e.g. `accountability.humanOversight`. */
  missing: string[];
}

/**
 * What publication requires, read from the field catalogue (column "publish" = R in
 * shared/domain/registry-fields.md). A draft may lack any of it; publishing is refused while
 * `missing` is not empty.
 */
export function completenessOf(kind: EntryKind, content: EntryContent): Completeness {
  const missing = missingForPublication(kind, content);
  return { ready: missing.length === 0, missing };
}
