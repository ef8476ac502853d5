import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { DepartmentEntity } from '@insyn/registry';
import { COMPLIANCE_CSV_HEADER, complianceReportRows } from '@insyn/reports';
import { csvLine, UTF8_BOM } from '@insyn/standards';
import { CliCommand, CliValues, refuseBadUsage } from '../cli-command';
import { BESIDE_FLAGS, besideOutput } from '../output-file';
import { reportServices } from '../registry-services';

/**
 * The compliance report as CSV (the figures of GraphQL `complianceReport`, one a row): of one
 * department, or of every department and then the city as a whole, with a progress line per
 * department. Into a file (whole or not at all, with a BOM for spreadsheets) or onto stdout (no
 * `--out`, or `--out -`),
 * each department's figures as they come.
 */
function usageProblem(values: CliValues): string | null {
  if (values.out !== undefined && !String(values.out).trim()) return '--out needs a file name';
  if (values.department !== undefined && !String(values.department).trim())
    return '--department needs a slug';
  return null;
}

export const reportCommand: CliCommand = {
  name: 'report',
  usage: 'report [--department SLUG] [--out FILE|-]   the compliance report as CSV',
  options: { department: { type: 'string' }, out: { type: 'string' } },
  usageProblem,
  async run(values, { config, dataSource, print, progress }) {
    refuseBadUsage(usageProblem(values));
    const slug = typeof values.department === 'string' ? values.department.trim() : undefined;
    // `-` is standard output, where the report goes without --out.
    const given = typeof values.out === 'string' ? values.out.trim() : undefined;
    const out = given === '-' ? undefined : given;

    const partial = out ? await besideOutput(out) : '';
    const reports = reportServices(dataSource, config);
    const all = await reports.departments();
    const scope = slug ? all.filter((d) => d.slug === slug) : all;
    if (slug && !scope.length)
      throw new Error(`--department: no department has the slug "${slug}"`);

    // Each department's figures are written as they come: only the list of departments is held.
    const file = out
      ? createWriteStream(partial, { encoding: 'utf8', flags: BESIDE_FLAGS })
      : undefined;
    const failed = file
      ? once(file, 'error').then(([error]) => Promise.reject(error as Error))
      : undefined;
    failed?.catch(() => undefined);
    const write = async (lines: string[]) => {
      if (!file) {
        for (const line of lines) print(line.replace(/\r\n$/, ''));
        return;
      }
      if (!file.write(lines.join(''))) await Promise.race([once(file, 'drain'), failed]);
    };
    let figures = 0;
    const report = async (department: DepartmentEntity | null) => {
      const rows = complianceReportRows(await reports.compute(department)).map(csvLine);
      figures += rows.length;
      await write(rows);
    };
    try {
      await write([(file ? UTF8_BOM : '') + csvLine(COMPLIANCE_CSV_HEADER)]);
      for (const [i, department] of scope.entries()) {
        progress(`report: department ${i + 1} of ${scope.length} (${department.slug})`);
        await report(department);
      }
      if (!slug) {
        progress(`report: the city as a whole`);
        await report(null);
      }
      if (file) {
        file.end();
        await Promise.race([finished(file), failed]);
        await rename(partial, out!);
      }
    } catch (error) {
      if (file) {
        file.destroy();
        await rm(partial, { force: true });
      }
      throw error;
    } finally {
      progress(null);
    }
    if (out) print(`wrote the compliance report (${figures} figures) to ${out}`);
  },
};
