import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Where a command writes before renaming onto `--out`, so the file appears whole or not at all:
 * a new name beside it, random so that nobody can plant it beforehand (as a link to one of the
 * operator's files, in a shared folder such as /tmp), opened with `wx` (created, never followed
 * or reused). Refuses a directory as `--out`, or a folder that does not exist, before any work.
 */
export async function besideOutput(out: string): Promise<string> {
  const existing = await stat(out).catch(() => null);
  if (existing?.isDirectory()) throw new Error(`--out: ${out} is a directory; name a file`);
  // Its folder too, before any work: not after reading the whole register, naming the file beside.
  const folder = await stat(dirname(out)).catch(() => null);
  if (!folder?.isDirectory())
    throw new Error(`--out: the folder ${dirname(out)} does not exist; make it first`);
  return join(dirname(out), `.${basename(out)}.${randomBytes(6).toString('hex')}.partial`);
}

/** The flags to open the file beside with: create it, fail if anything has that name. */
export const BESIDE_FLAGS = 'wx';
