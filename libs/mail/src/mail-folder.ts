import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Between a message's reference and its Message-ID in a file name; encoded in both. */
const SEPARATOR = '+';
const EML = '.eml';

/**
 * A reference as a file name part, reversibly: every byte outside `A–Z a–z 0–9 . _ @ -` as `%XX`
 * (`concern:1b2c…` → `concern%3A1b2c…`), so the separator, slashes and colons never appear.
 */
const encodeReference = (reference: string): string =>
  Array.from(Buffer.from(reference, 'utf8'))
    .map((byte) => {
      const char = String.fromCharCode(byte);
      return /[A-Za-z0-9._@-]/.test(char)
        ? char
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');

const decodeReference = (encoded: string): string | null => {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return null;
  }
};

/** A message's file name, given its reference and what follows the separator. */
const fileName = (reference: string, rest: string): string =>
  `${encodeReference(reference)}${SEPARATOR}${rest}`;

/** A Message-ID as a file name part (not read back: only the reference is). */
const messageIdPart = (messageId: string): string => messageId.replace(/[^A-Za-z0-9.@-]/g, '_');

/**
 * The `.eml` spool of the embedded default (no SMTP server): one file per message,
 * `<reference>+<message id>.eml`, mode 0600, in a folder of mode 0700. The reference in the name
 * (the outbox row's, e.g. `concern:<id>`) lets a message be erased with what it is about, without
 * reading every file. Files written before references were in the names (`<message id>.eml`) are
 * `unreferenced` until `assign` gives them one.
 */
export class MailFolder {
  constructor(readonly directory: string) {}

  /** Writes a message whole or not at all (a temporary file, then renamed); a resend overwrites it. */
  write(reference: string, messageId: string, message: Buffer): void {
    mkdirSync(this.directory, { recursive: true, mode: 0o700 });
    const name = fileName(reference, `${messageIdPart(messageId)}${EML}`);
    const draft = join(this.directory, `.${name}.${process.pid}.tmp`);
    try {
      writeFileSync(draft, message, { mode: 0o600 });
      renameSync(draft, join(this.directory, name));
    } finally {
      rmSync(draft, { force: true });
    }
  }

  /** The references of the messages in the folder, each once. */
  references(): Set<string> {
    const references = new Set<string>();
    for (const name of this.names()) {
      const reference = referenceOf(name);
      if (reference !== null) references.add(reference);
    }
    return references;
  }

  /** Deletes every message of these references; returns how many files went. */
  remove(references: Iterable<string>): number {
    const doomed = new Set(references);
    let removed = 0;
    for (const name of this.names()) {
      const reference = referenceOf(name);
      if (reference === null || !doomed.has(reference)) continue;
      rmSync(join(this.directory, name), { force: true });
      removed++;
    }
    return removed;
  }

  /** Messages written before references were in the names: their file names. */
  unreferenced(): string[] {
    return this.names().filter((name) => !name.includes(SEPARATOR));
  }

  /** An unreferenced message's text (null when it has gone meanwhile). */
  read(name: string): string | null {
    try {
      return readFileSync(join(this.directory, name), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /** Gives an unreferenced message its reference (renamed as `write` would have named it). */
  assign(name: string, reference: string): void {
    renameSync(join(this.directory, name), join(this.directory, fileName(reference, name)));
  }

  /** The `.eml` files (not the drafts being written); none when the folder does not exist yet. */
  private names(): string[] {
    try {
      return readdirSync(this.directory).filter((n) => n.endsWith(EML) && !n.startsWith('.'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }
}

function referenceOf(name: string): string | null {
  const at = name.indexOf(SEPARATOR);
  return at > 0 ? decodeReference(name.slice(0, at)) : null;
}
