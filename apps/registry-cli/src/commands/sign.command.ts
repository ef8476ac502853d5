import { rename, rm, writeFile } from 'node:fs/promises';
import { SignFormat, SignsService } from '@insyn/standards';
import { CliCommand } from '../cli-command';
import { BESIDE_FLAGS, besideOutput } from '../output-file';
import { registryServices, standardsSettingsOf } from '../registry-services';

/** Writes the printable sign of a published IoT deployment (the same as GET /signs/<slug>.<format>). */
export const signCommand: CliCommand = {
  name: 'sign',
  usage:
    'sign --slug SLUG --format svg|pdf --out FILE   the printable sign of an IoT deployment in use',
  options: { slug: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } },
  async run(values, { config, dataSource, print }) {
    const option = (name: string) =>
      typeof values[name] === 'string' ? (values[name] as string).trim() : '';
    const [slug, format, out] = [option('slug'), option('format'), option('out')];
    if (!slug) throw new Error('--slug is required: the deployment’s slug');
    if (format !== 'svg' && format !== 'pdf') throw new Error('--format must be svg or pdf');
    if (!out) throw new Error('--out is required: the file to write');
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
