import { rename, rm, writeFile } from 'node:fs/promises';
import { COMPLIANCE_CSV_HEADER, ComplianceReport, complianceReportRows } from '@insyn/reports';
import { csvLine, UTF8_BOM } from '@insyn/standards';
import { CliCommand } from '../cli-command';
import { BESIDE_FLAGS, besideOutput } from '../output-file';
import { reportServices } from '../registry-services';

/**
 * The compliance report as CSV (the figures of GraphQL `complianceReport`, one a row): of one
 * department, or of every department and then the city as a whole, with a progress line per
 * department. Into a file (whole or not at all, with a BOM for spreadsheets) or onto stdout.
 */
export const reportCommand: CliCommand = {
  name: 'report',
  usage: 'report [--department SLUG] [--out FILE]   the compliance report as CSV',
  options: { department: { type: 'string' }, out: { type: 'string' } },
  async run(values, { config, dataSource, print, progress }) {
    const slug = typeof values.department === 'string' ? values.department.trim() : undefined;
    const out = typeof values.out === 'string' ? values.out.trim() : undefined;
    if (values.out !== undefined && !out) throw new Error('--out needs a file name');
    if (values.department !== undefined && !slug) throw new Error('--department needs a slug');

    const partial = out ? await besideOutput(out) : '';
    const reports = reportServices(dataSource, config);
    const all = await reports.departments();
    const scope = slug ? all.filter((d) => d.slug === slug) : all;
    if (slug && !scope.length)
      throw new Error(`--department: no department has the slug "${slug}"`);

    const results: ComplianceReport[] = [];
    try {
      for (const [i, department] of scope.entries()) {
        progress(`report: department ${i + 1} of ${scope.length} (${department.slug})`);
        results.push(await reports.compute(department));
      }
      if (!slug) {
        progress(`report: the city as a whole`);
        results.push(await reports.compute(null));
      }
    } finally {
      progress(null);
    }
    const lines = [
      csvLine(COMPLIANCE_CSV_HEADER),
      ...results.flatMap((r) => complianceReportRows(r).map(csvLine)),
    ];
    if (!out) {
      for (const line of lines) print(line.replace(/\r\n$/, ''));
      return;
    }
    try {
      await writeFile(partial, UTF8_BOM + lines.join(''), { encoding: 'utf8', flag: BESIDE_FLAGS });
      await rename(partial, out);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    print(`wrote the compliance report (${lines.length - 1} figures) to ${out}`);
  },
};
