import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { MailFolder } from '@insyn/mail';
import { concernCodesSpeltIn, normalizeConcernCode } from './concern-codes';
import { concernIdOfMailReference, concernMailReference } from './concern-mail-reference';
import { ConcernSecrets } from './concern-secrets';

/**
 * Deletes the `.eml` files (the mail folder of the default without SMTP) of concerns whose
 * contact is erased: by the resident, or by the retention. Driven by the database, in the
 * process that writes the folder: the erasure may run in the API, the files are deleted here
 * on the next sweep, and a message written while its concern was being erased goes on the one
 * after. Concerns that are gone go with them.
 *
 * Files written before the file name carried the reference (`<message id>.eml`) are linked to
 * their concern once per start, by the tracking code in the message (its keyed hash is kept for
 * good); those that name no concern are left and said at warn level, to be reviewed by hand.
 */
export class ErasedContactMail {
  private readonly secrets: ConcernSecrets;
  private legacyLinked = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly folder: MailFolder,
    contactSecret: string,
    private readonly log?: Logger,
  ) {
    this.secrets = new ConcernSecrets(contactSecret);
  }

  /** Deletes the files of every concern whose contact is erased; returns how many files went. */
  async sweep(): Promise<number> {
    if (!this.legacyLinked) {
      await this.linkLegacyFiles();
      this.legacyLinked = true;
    }
    const ids: string[] = [];
    for (const reference of this.folder.references()) {
      const id = concernIdOfMailReference(reference);
      if (id) ids.push(id);
    }
    if (!ids.length) return 0;
    const kept = (await this.dataSource.query(
      'SELECT id::text AS id FROM concern WHERE id = ANY($1::uuid[]) AND contact_sealed IS NOT NULL',
      [ids],
    )) as { id: string }[];
    const keep = new Set(kept.map((r) => r.id));
    const erased = ids.filter((id) => !keep.has(id));
    if (!erased.length) return 0;
    const removed = this.folder.remove(erased.map(concernMailReference));
    this.log?.info(
      { files: removed, concerns: erased.length, mailFolder: this.folder.directory },
      'deleted the .eml files of erased contacts',
    );
    return removed;
  }

  /** Gives files of the old naming their concern's reference (then the sweep finds them). */
  private async linkLegacyFiles(): Promise<void> {
    const names = this.folder.unreferenced();
    if (!names.length) return;
    const hashesOf = new Map<string, string[]>();
    for (const name of names) {
      const text = this.folder.read(name);
      if (text === null) continue;
      hashesOf.set(
        name,
        trackingCodesIn(text).map((code) => this.secrets.tracking.digest(code)),
      );
    }
    const hashes = [...new Set([...hashesOf.values()].flat())];
    const rows = hashes.length
      ? ((await this.dataSource.query(
          'SELECT id::text AS id, tracking_hash AS hash FROM concern WHERE tracking_hash = ANY($1::text[])',
          [hashes],
        )) as { id: string; hash: string }[])
      : [];
    const concernOf = new Map(rows.map((r) => [r.hash, r.id]));
    let unlinked = 0;
    for (const [name, fileHashes] of hashesOf) {
      const id = fileHashes.map((h) => concernOf.get(h)).find(Boolean);
      if (id) this.folder.assign(name, concernMailReference(id));
      else unlinked++;
    }
    if (unlinked)
      this.log?.warn(
        { files: unlinked, mailFolder: this.folder.directory },
        `${unlinked} .eml files in ${this.folder.directory} name no concern (written before their names carried it, under another INSYN_CONTACT_SECRET, or not by Insyn): they are not deleted when a contact is erased; review them by hand`,
      );
  }
}

/**
 * The concern codes in an `.eml` file's text (canonical form), its body decoded from
 * quoted-printable (soft line breaks) or base64 as nodemailer wrote it.
 */
export function trackingCodesIn(eml: string): string[] {
  const split = eml.search(/\r?\n\r?\n/);
  const head = split < 0 ? eml : eml.slice(0, split);
  let body = split < 0 ? '' : eml.slice(split);
  const encoding = /^Content-Transfer-Encoding:\s*(\S+)/im.exec(head)?.[1]?.toLowerCase();
  if (encoding === 'base64') body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString();
  else if (encoding === 'quoted-printable') body = body.replace(/=\r?\n/g, '');
  const codes = new Set<string>();
  for (const spelt of concernCodesSpeltIn(body)) {
    const code = normalizeConcernCode(spelt);
    if (code) codes.add(code);
  }
  return [...codes];
}
