import { stat } from 'node:fs/promises';
import { AuditLog } from '@insyn/audit';
import { resolveTokenKey, TokensService } from '@insyn/access';
import { assertCanWriteDepartment, PrinciplesService } from '@insyn/registry';
import {
  IMPORT_FORMAT_NAMES,
  RecordLinksReport,
  RecordReport,
  StandardsImportService,
} from '@insyn/standards';
import { CliCommand, CliValues, refuseBadUsage, textOption as optionOf } from '../cli-command';
import { operatorLabel } from '../operator-label';
import { registryServices, standardsSettingsOf } from '../registry-services';
import { terminalText } from '../terminal-text';

const NAMES = IMPORT_FORMAT_NAMES.join('|');

/**
 * Imports another register's records as drafts of a department, as a named token's person (every
 * draft's audit row says ENTRY_IMPORTED and names that person). One line per record says what
 * became of it, what was left out and why; a bad record fails alone. Exits non-zero when a
 * record failed, after importing the others. What came from the file (ids, field names, values
 * quoted in reasons) is printed and logged with its control characters escaped (terminalText): a
 * hostile file must not drive the operator's terminal.
 */
const filesOf = (values: CliValues): string[] =>
  Array.isArray(values._) ? (values._ as string[]) : [];

function usageProblem(values: CliValues): string | null {
  if (filesOf(values).length !== 1) return 'name one FILE to import';
  if (!optionOf(values, 'department'))
    return '--department is required: the department the drafts belong to';
  if (!optionOf(values, 'token-label') === !optionOf(values, 'token-id'))
    return 'name the person the import acts as: --token-label LABEL or --token-id ID (one of them)';
  if (!(IMPORT_FORMAT_NAMES as readonly string[]).includes(optionOf(values, 'format')))
    return `--format must be one of ${NAMES}`;
  return null;
}

export const importCommand: CliCommand = {
  name: 'import',
  usage: `import --format ${NAMES} FILE --department SLUG (--token-label LABEL | --token-id ID)   import records as drafts`,
  // Between records, then the report and `stopped after N records`.
  stopsOnSignal: true,
  options: {
    format: { type: 'string' },
    department: { type: 'string' },
    'token-label': { type: 'string' },
    'token-id': { type: 'string' },
  },
  positionals: true,
  usageProblem,
  async run(values, { config, dataSource, log, print, progress, signal }) {
    refuseBadUsage(usageProblem(values));
    const option = (name: string) => optionOf(values, name);
    const files = filesOf(values);
    const department = option('department');
    const label = option('token-label');
    const tokenId = option('token-id');

    const services = registryServices(dataSource, config);
    const importer = new StandardsImportService(
      services.imports,
      new PrinciplesService(dataSource),
      standardsSettingsOf(config),
    );
    const format = importer.format(option('format'));
    if (!format) throw new Error(`--format must be one of ${NAMES}`);
    const file = files[0];
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) throw new Error(`${file} is not a file`);
    const actor = await new TokensService(
      dataSource,
      resolveTokenKey(config),
      new AuditLog(),
    ).actorOf(tokenId ? { id: tokenId } : { label });
    const target = await services.departments.bySlug(department);
    if (!target) throw new Error(`--department: there is no department "${department}"`);
    // Refused up front rather than once per record.
    assertCanWriteDepartment(actor, target.id);

    print(
      terminalText(
        `importing ${file} (${format.description}) into ${department} as "${actor.label}"`,
      ),
    );
    const summary = await importer
      .import(format, file, {
        actor,
        department,
        // The audit rows are the token's person's; they say too that an operator ran it.
        operator: operatorLabel(),
        onRecord: (report) => {
          for (const line of describe(report)) print(terminalText(line));
          if (report.error !== undefined)
            // Name, code and message only: a query error also carries the SQL and the record.
            log.error(
              {
                record: report.index,
                sourceId: report.sourceId && terminalText(report.sourceId),
                error: errorSummary(report.error),
              },
              'import: record failed unexpectedly',
            );
          else if (report.outcome === 'failed')
            log.info(
              {
                record: report.index,
                sourceId: report.sourceId && terminalText(report.sourceId),
                reasons: report.reasons.map(terminalText),
              },
              'import: record refused',
            );
        },
        // After every record: the links each imported record held (CSV `relations`).
        onLinks: (report) => {
          for (const line of describeLinks(report)) print(terminalText(line));
          for (const error of report.errors)
            log.error(
              {
                record: report.index,
                sourceId: report.sourceId && terminalText(report.sourceId),
                error: errorSummary(error),
              },
              'import: link failed unexpectedly',
            );
        },
        progress: (done, total) =>
          progress(
            `${done}${total === undefined ? '' : ` of ${total}`} ${(total ?? done) === 1 ? 'record' : 'records'}`,
          ),
        signal,
      })
      .finally(() => progress(null));
    if (summary.links)
      print(
        `links: ${summary.links.linked} in place, ${summary.links.notMade} not made${summary.links.notMade ? ' (see above; the drafts were imported)' : ''}`,
      );
    print(
      `${summary.records} ${summary.records === 1 ? 'record' : 'records'}: ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.failed} failed`,
    );
    if (summary.stopped) {
      // On the report too: a stopped CLI exits with the signal's code, saying nothing more.
      const stopped = `stopped after ${summary.records} ${summary.records === 1 ? 'record' : 'records'}: the rest of the file was not imported`;
      print(stopped);
      throw new Error(stopped);
    }
    if (summary.links?.stopped) {
      const stopped =
        'stopped while making links: every record was imported, the links of the records not listed above were not made';
      print(stopped);
      throw new Error(stopped);
    }
    if (summary.failed)
      throw new Error(
        summary.failed === summary.records
          ? `${summary.records === 1 ? 'the record' : `all ${summary.records} records`} failed (see above); nothing was imported`
          : `${summary.failed} of ${summary.records} records failed (see above); the others were imported`,
      );
  },
};

function describe(report: RecordReport): string[] {
  const source = report.sourceId ? ` (source id ${report.sourceId})` : '';
  const head =
    report.outcome === 'failed'
      ? `record ${report.index}${source}: failed, nothing imported`
      : `record ${report.index}${source}: ${report.outcome} draft ${report.slug} (id ${report.entryId}, version ${report.version})`;
  return [
    head,
    ...report.reasons.map((r) => `  refused: ${r}`),
    ...report.leftOut.map((l) => `  left out: ${l.field}: ${l.reason}`),
    ...report.notes.map((n) => `  note: ${n}`),
    ...(report.linksNotMade ?? []).map((l) => `  link not made: ${l.link}: ${l.reason}`),
  ];
}

function describeLinks(report: RecordLinksReport): string[] {
  const source = report.sourceId ? ` (source id ${report.sourceId})` : '';
  return [
    `record ${report.index}${source}: links of draft ${report.slug}: ${report.linked.length} in place, ${report.linksNotMade.length} not made`,
    ...report.linked.map((l) => `  linked: ${l}`),
    ...report.linksNotMade.map((l) => `  link not made: ${l.link}: ${l.reason}`),
  ];
}

function errorSummary(error: unknown): { name?: string; code?: unknown; message: string } {
  if (!(error instanceof Error)) return { message: String(error) };
  return { name: error.name, code: (error as { code?: unknown }).code, message: error.message };
}
