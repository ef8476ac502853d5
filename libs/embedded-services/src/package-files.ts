import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Finds a file inside an installed npm package without loading the package (some ship only ESM). */
export function findPackageFile(packageName: string, relative: string): string | undefined {
  for (const dir of require.resolve.paths(packageName) ?? []) {
    const candidate = join(dir, packageName, relative);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}
