import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { InsynConfig } from '@insyn/config';
import { SearchConnection } from '@insyn/search';

/** What every operator command gets: validated config, a migrated data source, search, a logger. */
export interface CliContext {
  config: InsynConfig;
  /** Connected as the app role where one is configured (DATABASE_URL). */
  dataSource: DataSource;
  /** The tables' owner, for `migrate` (DATABASE_MIGRATION_URL, or the embedded owner). */
  migrationUrl?: string;
  search: SearchConnection;
  log: Logger;
  /** Lines for the operator (stdout); logs go to stderr. */
  print(line: string): void;
  /**
   * A progress line for long commands (stderr): rewritten in place on a terminal, else one line
   * per call. Call `progress(null)` to end it.
   */
  progress(line: string | null): void;
  /** Aborted when a signal (Ctrl-C, SIGTERM) stops the command: long commands stop early. */
  signal?: AbortSignal;
}

export interface CliCommand {
  name: string;
  /** One line for `--help`, with the options. */
  usage: string;
  /** Options parsed with node:util parseArgs. */
  options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;
  /** The command takes arguments besides its options (given to `run` as `values._`). */
  positionals?: boolean;
  /**
   * What is wrong with the options themselves (missing, malformed), found without any server:
   * the CLI says it with the usage and exits 2 before starting one. `run` checks again
   * (`refuseBadUsage`), for callers that run a command directly.
   */
  usageProblem?(values: CliValues): string | null;
  /**
   * The command stops by itself on a signal (`CliContext.signal`), between units of its work,
   * and says where it stopped (an import: after how many records). On a signal the CLI then
   * waits for it, at most PARTS_STOP_DEADLINE_MS, before it stops the embedded servers; any other
   * command's servers are stopped at once (its write under way ends with its connection).
   */
  stopsOnSignal?: boolean;
  /**
   * It works on the registry's Meilisearch (reindex, search:verify): refused when DATABASE_URL
   * names the registry's database but MEILI_HOST is unset, which would have it work on a
   * Meilisearch of its own, started for it and thrown away, and report success.
   */
  usesSearch?: boolean;
  /**
   * It writes links to the registry (exports' entry URLs, signs' QR codes): warned on stderr
   * when their origin is only the default guess (no INSYN_PUBLIC_URL, PORT or running API).
   */
  writesLinks?: boolean;
  run(values: CliValues, context: CliContext): Promise<void>;
}

/** A command given wrong options: exit 2 with the usage, as node's parseArgs refusals. */
export class UsageError extends Error {}

/** Throws the problem `usageProblem` found, if any, as a UsageError. */
export function refuseBadUsage(problem: string | null): void {
  if (problem) throw new UsageError(problem);
}

export type CliValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** A string option as given, its ends trimmed; '' when it was not given. */
export const textOption = (values: CliValues, name: string): string => {
  const value = values[name];
  return typeof value === 'string' ? value.trim() : '';
};
