import { PublicationProblem, publicationProblems } from '../catalogue';
import { EntryContent } from './entry-content';
import { EntryKind } from './entry-enums';

export interface Completeness {
  ready: boolean;
  /** Paths of required fields still missing, e.g. `accountability.humanOversight`. */
  missing: string[];
  /** The same, each with why publication needs it in plain words. */
  problems: PublicationProblem[];
}

/**
 * What publication requires, read from the field catalogue (column "publish" = R in
 * shared/domain/registry-fields.md). A draft may lack any of it; publishing is refused while
 * `missing` is not empty.
 */
export function completenessOf(kind: EntryKind, content: EntryContent): Completeness {
  const problems = publicationProblems(kind, content);
  return { ready: problems.length === 0, missing: problems.map((p) => p.path), problems };
}
