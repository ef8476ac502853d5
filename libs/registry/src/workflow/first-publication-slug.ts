import { EntityManager } from 'typeorm';
import { EntryEntity } from '../entries/entry.entity';
import { slugify, suffixedSlug } from '../entries/entry-slug';

/** One entry's slug as it was and as it is now. */
export interface SlugChange {
  entryId: string;
  departmentId: string;
  from: string;
  to: string;
}

/** What settling the slug changed: the publishing entry's slug, and a draft's moved aside. */
export interface SettledSlug {
  /** The publishing entry's, when its draft slug was not the one it is published under. */
  own: SlugChange | null;
  /** A never-published entry that held the slug, moved to a suffixed one of its own. */
  displaced: SlugChange | null;
}

/** Tries before giving up: each retry follows a concurrent write that took a slug first. */
const ATTEMPTS = 8;

const UNCHANGED: SettledSlug = { own: null, displaced: null };

/**
 * Settles the slug an entry is published under, at its first publication (inside the publishing
 * transaction, the entry's row locked). Until then the slug was the draft's, given at
 * registration from the title as it was then, and suffixed when any entry held that title's slug,
 * a draft of another department included: published as it was, it would tell the public the
 * draft's title, or that some entry nobody can see holds this title.
 *
 * So the public slug depends only on what is public: the published title's slug when no
 * published entry (retired ones included) holds it, whoever held it before; a never-published
 * entry holding it is moved to a suffixed slug of its own (drafts are reached by id; their
 * slugs were never public). When a published entry holds it, a freshly suffixed one, which
 * tells nothing the public cannot see. The answer is the same as if no draft had ever existed.
 *
 * Once an entry has been published its slug never changes (links to it must keep working):
 * later publications leave it alone. The common case (the draft's slug is the published
 * title's) costs no statement.
 *
 * The unique index on `entry.slug` arbitrates races: a registration or another publication that
 * takes the slug first makes an update here fail with a unique violation; the savepoint undoes
 * this attempt only, and the next one decides again from what is committed then.
 */
export async function settleSlugAtFirstPublication(
  manager: EntityManager,
  entry: EntryEntity,
  publishedTitle: string,
): Promise<SettledSlug> {
  if (entry.publishedVersionId) return UNCHANGED;
  const wanted = slugify(publishedTitle);
  if (entry.slug === wanted) return UNCHANGED;
  await manager.query('SAVEPOINT settle_entry_slug');
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    try {
      const settled = await attemptToSettle(manager, entry, wanted);
      if (settled) {
        await manager.query('RELEASE SAVEPOINT settle_entry_slug');
        return settled;
      }
    } catch (error) {
      if ((error as { code?: string }).code !== '23505') throw error;
    }
    await manager.query('ROLLBACK TO SAVEPOINT settle_entry_slug');
  }
  throw new Error(`no public slug settled for "${wanted}" after ${ATTEMPTS} attempts`);
}

/** One try; undefined when the holder changed under it (published or renamed meanwhile). */
async function attemptToSettle(
  manager: EntityManager,
  entry: EntryEntity,
  wanted: string,
): Promise<SettledSlug | undefined> {
  const own = (to: string): SlugChange => ({
    entryId: entry.id,
    departmentId: entry.departmentId,
    from: entry.slug,
    to,
  });
  const [holder] = (await manager.query(
    `SELECT id, published_version_id IS NOT NULL AS "public" FROM entry WHERE slug = $1`,
    [wanted],
  )) as { id: string; public: boolean }[];

  if (holder?.public) {
    // The title's slug is public already: a fresh suffix says no more than that entry's page.
    // Not the draft's own suffixed slug, even when it looks like one: `<wanted>-facade` may be
    // a suffix, or the slug of a draft title "… facade", and the public cannot be left to guess.
    const to = suffixedSlug(wanted);
    await setSlug(manager, entry.id, to);
    return { own: own(to), displaced: null };
  }

  let displaced: SlugChange | null = null;
  if (holder) {
    // Only while it is still an unpublished holder of the slug: a concurrent publication or
    // discard of it makes this update wait, then match nothing, and the next attempt decides.
    const aside = suffixedSlug(wanted);
    // An UPDATE answers [rows, count] through TypeORM.
    const [[row]] = (await manager.query(
      `UPDATE entry SET slug = $3
        WHERE id = $1 AND slug = $2 AND published_version_id IS NULL
       RETURNING id, department_id AS "departmentId"`,
      [holder.id, wanted, aside],
    )) as [{ id: string; departmentId: string }[], number];
    if (!row) return undefined;
    displaced = {
      entryId: row.id,
      departmentId: row.departmentId,
      from: wanted,
      to: aside,
    };
  }
  await setSlug(manager, entry.id, wanted);
  return { own: own(wanted), displaced };
}

async function setSlug(manager: EntityManager, id: string, slug: string): Promise<void> {
  await manager.query('UPDATE entry SET slug = $2 WHERE id = $1', [id, slug]);
}
