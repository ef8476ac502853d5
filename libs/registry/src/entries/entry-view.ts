import { EntryContent } from './entry-content';
import { EntryVersionEntity } from './entry-version.entity';
import { EntryEntity } from './entry.entity';

/**
 * An entry as one reader may see it: the public view (published version, withheld fields removed)
 * or the staff view (working version, everything).
 */
export interface EntryView {
  entry: EntryEntity;
  version: EntryVersionEntity;
  content: EntryContent;
  /** True when `version` is the published version. */
  isPublishedVersion: boolean;
  /** True when this is what the public sees (withheld fields already removed). */
  publicView: boolean;
}
