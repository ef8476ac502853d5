import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { EXPORT_FORMATS, exportFormat } from '@insyn/standards';
import { CliCommand, CliValues, refuseBadUsage } from '../cli-command';
import { BESIDE_FLAGS, besideOutput, outFileProblem } from '../output-file';
import { registryServices } from '../registry-services';

const NAMES = EXPORT_FORMATS.map((f) => f.name).join('|');

/**
 * Writes one of the public exports (the same bytes as `GET /exports/<file>`) into a file, page by
 * page, with a progress line. The file appears whole or not at all: it is written beside, then
 * renamed.
 */
function usageProblem(values: CliValues): string | null {
  const name = typeof values.format === 'string' ? values.format : '';
  if (!exportFormat(name))
    return `--format must be one of ${NAMES}${name ? ` (not "${name}")` : ''}`;
  return outFileProblem(values.out);
}

export const exportCommand: CliCommand = {
  name: 'export',
  usage: `export --format ${NAMES} --out FILE   write a public export of the published register`,
  options: { format: { type: 'string' }, out: { type: 'string' } },
  usageProblem,
  writesLinks: true,
  async run(values, { config, dataSource, print, progress }) {
    refuseBadUsage(usageProblem(values));
    const format = exportFormat(String(values.format))!;
    const out = String(values.out).trim();

    const partial = await besideOutput(out);
    const { exports } = registryServices(dataSource, config);
    const freshness = await exports.freshness(format);
    const file = createWriteStream(partial, { encoding: 'utf8', flags: BESIDE_FLAGS });
    const failed = once(file, 'error').then(([error]) => Promise.reject(error as Error));
    failed.catch(() => undefined);
    try {
      await exports.write(
        format,
        async (chunk) => {
          if (!file.write(chunk)) await Promise.race([once(file, 'drain'), failed]);
        },
        {
          lastModified: freshness.lastModified,
          progress: (done) => progress(`${format.file}: ${done} of ${freshness.entries} entries`),
        },
      );
      file.end();
      await Promise.race([finished(file), failed]);
      await rename(partial, out);
    } catch (error) {
      file.destroy();
      await rm(partial, { force: true });
      throw error;
    } finally {
      progress(null);
    }
    print(`wrote ${format.file} (${freshness.entries} entries) to ${out}`);
  },
};
