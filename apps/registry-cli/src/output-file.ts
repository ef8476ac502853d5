import { randomBytes } from 'node:crypto';
import { constants, rmSync } from 'node:fs';
import { access, lstat, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * What is wrong with `--out` as given to a command that writes only into a file: missing, blank,
 * or `-` (read elsewhere as standard output, which such a command does not write). A usage
 * problem, found before any server starts (exit 2).
 */
export function outFileProblem(out: unknown): string | null {
  if (typeof out !== 'string' || !out.trim()) return '--out is required: the file to write';
  if (out.trim() === '-') return '--out: name a file (the command writes no standard output)';
  return null;
}

/**
 * Where a command writes before renaming onto `--out`, so the file appears whole or not at all:
 * a new name beside it, random so that nobody can plant it beforehand (as a link to one of the
 * operator's files, in a shared folder such as /tmp), opened with `wx` (created, never followed
 * or reused). Refuses, before any work, `-`, a directory, a link, a device or a pipe as `--out`,
 * and a folder that does not exist or cannot be written to.
 */
export async function besideOutput(out: string): Promise<string> {
  const problem = outFileProblem(out);
  if (problem) throw new Error(problem);
  // Not followed: the rename would put a file in place of a link, a device (/dev/stdout) or a
  // pipe, which the operator cannot have meant to replace.
  const existing = await lstat(out).catch(() => null);
  if (existing?.isDirectory()) throw new Error(`--out: ${out} is a directory; name a file`);
  if (existing && !existing.isFile())
    throw new Error(
      `--out: ${out} is ${existing.isSymbolicLink() ? 'a link' : 'a device, a pipe or a socket'}, which the file would replace; name a regular file`,
    );
  // Its folder too, before any work: not after reading the whole register, naming the file beside.
  const folder = await stat(dirname(out)).catch(() => null);
  if (!folder?.isDirectory())
    throw new Error(`--out: the folder ${dirname(out)} does not exist; make it first`);
  if (
    !(await access(dirname(out), constants.W_OK).then(
      () => true,
      () => false,
    ))
  )
    throw new Error(`--out: the folder ${dirname(out)} cannot be written to`);
  const partial = join(dirname(out), `.${basename(out)}.${randomBytes(6).toString('hex')}.partial`);
  PARTIALS.add(partial);
  return partial;
}

/**
 * Files begun and not renamed: removed when the process exits, as it does on Ctrl-C before a
 * command's own clean-up runs (renamed ones are gone from their name already).
 */
const PARTIALS = new Set<string>();
process.on('exit', () => {
  for (const partial of PARTIALS) rmSync(partial, { force: true });
});

/** The flags to open the file beside with: create it, fail if anything has that name. */
export const BESIDE_FLAGS = 'wx';
