import { EntryContent } from './entry-content';
import { EntryVersionEntity } from './entry-version.entity';
import { EntryEntity } from './entry.entity';

/**
 * The columns of a version that a view carries: what readers are shown of it. Lists read only
 * these (not the derived filter columns, nor who submitted and published it), so a view's
 * version is typed to them and the compiler keeps every reader of views within them.
 */
export const VIEW_VERSION_COLUMNS = [
  'id',
  'entryId',
  'departmentId',
  'number',
  'state',
  'content',
  'title',
  'changeNote',
  'createdAt',
  'updatedAt',
  'publishedAt',
] as const satisfies readonly (keyof EntryVersionEntity)[];

export type ViewVersion = Pick<EntryVersionEntity, (typeof VIEW_VERSION_COLUMNS)[number]>;

/**
 * The top-level parts of a version's content (catalogue roots such as `title` or `principles`)
 * that a read will use. A read given them reads only those, and `withheld`, which the public
 * projection needs (EntriesRepository: `findByIds`, `page`, `pageById`, `relationsWithOthers`). A request
 * that shows a few fields of many entries then neither moves nor parses the rest of each
 * version's content (issue 14's auditor page).
 */
export type ContentRoots = ReadonlySet<string>;

/**
 * An entry as one reader may see it: the public view (published version, withheld fields removed)
 * or the staff view (working version, everything).
 */
export interface EntryView {
  entry: EntryEntity;
  version: ViewVersion;
  content: EntryContent;
  /** True when `version` is the published version. */
  isPublishedVersion: boolean;
  /** True when this is what the public sees (withheld fields already removed). */
  publicView: boolean;
  /**
   * Set when `content` (and `version.content`) hold only these roots and `withheld`: the view
   * serves the fields of those roots, and nothing may be derived from the whole content
   * (completeness refuses such a view).
   */
  contentRoots?: ContentRoots;
}
