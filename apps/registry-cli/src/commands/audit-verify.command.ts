import { AuditChainReport, AuditChainVerifier, KnownAuditChainHead } from '@insyn/audit';
import { CliCommand, CliValues, refuseBadUsage } from '../cli-command';

const KNOWN_HEAD = /^([1-9][0-9]{0,18}):([0-9a-f]{64})$/;
/** Progress lines at most this often (and once at the end), so a log file is not flooded. */
const PROGRESS_EVERY_MS = 500;

/**
 * Checks the whole audit hash chain: every event's fields must hash to its stored hash and link
 * to the event before it. Prints the head when intact; otherwise the first broken link (event id
 * and what differs) and fails. `--known-head ID:HASH` also checks a head kept from earlier
 * (the public `/open-data/audit-chain-head.json`): a chain rewritten and re-hashed throughout
 * verifies by itself, but no longer holds that hash.
 */
export const auditVerifyCommand: CliCommand = {
  name: 'audit:verify',
  usage:
    'audit:verify [--known-head ID:HASH] [--page-size N]          check the audit hash chain; fails at a broken link',
  options: { 'known-head': { type: 'string' }, 'page-size': { type: 'string' } },
  usageProblem,
  async run(values, { dataSource, print, progress }) {
    refuseBadUsage(usageProblem(values));
    const match = knownHead(values);
    const expectedHead: KnownAuditChainHead | undefined = match
      ? { eventId: match[1], hash: match[2] }
      : undefined;
    const pageSize = values['page-size'] === undefined ? 1_000 : Number(values['page-size']);

    let lastShown = 0;
    const report = await new AuditChainVerifier(dataSource).verify({
      pageSize,
      expectedHead,
      onProgress: (checked, total) => {
        // A log that fits one page needs no progress line.
        if (total <= pageSize) return;
        const now = Date.now();
        if (checked < total && now - lastShown < PROGRESS_EVERY_MS) return;
        lastShown = now;
        const percent = Math.floor((100 * checked) / total);
        progress(`audit chain: ${checked} of ${total} events checked (${percent}%)`);
      },
    });
    progress(null);
    describe(report, expectedHead, print);
    if (!report.intact) {
      const first = report.breaks[0];
      throw new Error(
        `the audit chain is broken (${report.breakCount} ${report.breakCount === 1 ? 'break' : 'breaks'}); the first at event ${first.eventId}`,
      );
    }
  },
};

const knownHead = (values: CliValues) =>
  values['known-head'] === undefined
    ? null
    : KNOWN_HEAD.exec(String(values['known-head']).trim().toLowerCase());

function usageProblem(values: CliValues): string | null {
  if (values['known-head'] !== undefined && !knownHead(values))
    return '--known-head must be EVENT_ID:HASH (a SHA-256 in hex)';
  const pageSize = values['page-size'];
  // Digits only: `0x10`, `1e3` or ` 5` are refused rather than read as something else.
  if (
    pageSize !== undefined &&
    !(/^[0-9]+$/.test(String(pageSize)) && Number(pageSize) >= 1 && Number(pageSize) <= 100_000)
  )
    return '--page-size must be a whole number from 1 to 100000';
  return null;
}

function describe(
  report: AuditChainReport,
  known: KnownAuditChainHead | undefined,
  print: (line: string) => void,
): void {
  if (report.intact) {
    if (!report.head) return print('audit chain intact: the audit log is empty');
    print(`audit chain intact: ${report.checked} events`);
    print(
      `head: event ${report.head.eventId}, ${report.head.occurredAt}, sha256 ${report.head.hash}`,
    );
    if (known) print(`known head: event ${known.eventId} still has ${known.hash}`);
    return;
  }
  print(
    `audit chain BROKEN: ${report.breakCount} ${report.breakCount === 1 ? 'break' : 'breaks'} among ${report.checked} events checked`,
  );
  const [first, ...rest] = report.breaks;
  print(`first broken link: event ${first.eventId} (${first.problem})`);
  print(`  ${first.message}`);
  print(`  expected: ${first.expected}`);
  print(`  found:    ${first.found}`);
  for (const more of rest) print(`also: event ${more.eventId} (${more.problem})`);
  if (report.breakCount > report.breaks.length)
    print(`… and ${report.breakCount - report.breaks.length} more`);
}
