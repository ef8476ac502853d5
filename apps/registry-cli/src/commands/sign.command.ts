import { rename, rm, writeFile } from 'node:fs/promises';
import { SignFormat, SignsService } from '@insyn/standards';
import { CliCommand, CliValues, refuseBadUsage, textOption as option } from '../cli-command';
import { BESIDE_FLAGS, besideOutput, outFileProblem } from '../output-file';
import { registryServices, standardsSettingsOf } from '../registry-services';

function usageProblem(values: CliValues): string | null {
  if (!option(values, 'slug')) return '--slug is required: the deployment’s slug';
  const format = option(values, 'format');
  if (format !== 'svg' && format !== 'pdf') return '--format must be svg or pdf';
  return outFileProblem(values.out);
}

/** Writes the printable sign of a published IoT deployment (the same as GET /signs/<slug>.<format>). */
export const signCommand: CliCommand = {
  name: 'sign',
  usage:
    'sign --slug SLUG --format svg|pdf --out FILE   the printable sign of an IoT deployment in use',
  options: { slug: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } },
  usageProblem,
  writesLinks: true,
  async run(values, { config, dataSource, print }) {
    refuseBadUsage(usageProblem(values));
    const [slug, format, out] = [
      option(values, 'slug'),
      option(values, 'format'),
      option(values, 'out'),
    ];
    const partial = await besideOutput(out);
    const { entries, departments } = registryServices(dataSource, config);
    const sign = await new SignsService(entries, departments, standardsSettingsOf(config)).sign(
      slug,
      format as SignFormat,
    );
    if (!sign) throw new Error(`no IoT deployment in use has the slug "${slug}"`);
    // Whole or not at all, as the exports are written.
    try {
      await writeFile(partial, sign.body, { flag: BESIDE_FLAGS });
      await rename(partial, out);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    print(`wrote the ${format.toUpperCase()} sign of ${slug} (QR code to ${sign.url}) to ${out}`);
  },
};
