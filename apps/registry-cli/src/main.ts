import 'reflect-metadata';
import { constants as osConstants } from 'node:os';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { InsynConfig, InvalidConfigError, loadConfig } from '@insyn/config';
import {
  buildDataSourceOptions,
  checkConfiguredDatabases,
  DatabaseNewerThanBuildError,
  DatabaseUnreachableError,
  migrateDatabase,
  migrationState,
  MigrationsPendingError,
} from '@insyn/database';
import {
  DataFolderInUseError,
  MixedServersError,
  PARTS_STOP_DEADLINE_MS,
  RunningServices,
  serviceLogOf,
  serviceSettingsFromConfig,
  startServices,
} from '@insyn/embedded-services';
import { createLogger } from '@insyn/observability';
import { CONCERN_ENTITIES } from '@insyn/concerns';
import { INSYN_ENTITIES } from '@insyn/registry';
import { SearchConnection } from '@insyn/search';
import { CliCommand, CliValues } from './cli-command';
import { COMMANDS } from './commands';
import { terminalLines } from './terminal-text';

/**
 * Operator commands: `npm run cli -- <command> [options]`. Against the configured servers, or the
 * embedded ones of the data folder: those of a running `npm start`, else started for the command.
 */
async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    const help = [
      'usage: npm run cli -- <command> [options]',
      '',
      ...COMMANDS.map((c) => `  ${c.usage}`),
    ].join('\n');
    // Help asked for is an answer (0); no command, or an unknown one, is a usage error (2).
    const asked = name !== undefined && ['--help', '-h', 'help'].includes(name);
    if (asked) console.log(help);
    else console.error(name === undefined ? help : `unknown command: ${name}\n\n${help}`);
    return asked ? 0 : 2;
  }
  let values: CliValues;
  try {
    const parsed = parseArgs({
      args: rest,
      // A command's own usage (`--help`, `-h`), shown before any server starts.
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: command.positionals === true,
      tokens: true,
    });
    // parseArgs keeps the last of a repeated option: `token:revoke --id A --id B` revoked B
    // alone and said nothing of A. An option that takes one value is refused given twice.
    const seen = new Set<string>();
    for (const token of parsed.tokens ?? []) {
      if (token.kind !== 'option' || command.options[token.name]?.multiple) continue;
      if (seen.has(token.name))
        throw new Error(`Option '--${token.name}' is given more than once; it takes one value`);
      seen.add(token.name);
    }
    const { help, ...given } = parsed.values;
    if (help) {
      console.log(`usage: npm run cli -- ${command.usage}`);
      return 0;
    }
    values = { ...given, _: parsed.positionals };
  } catch (error) {
    console.error(`${(error as Error).message}\nusage: npm run cli -- ${command.usage}`);
    return 2;
  }
  // Options that are wrong in themselves are refused the same way, before any server starts.
  const usageProblem = command.usageProblem?.(values) ?? null;
  if (usageProblem) {
    console.error(`${terminalLines(usageProblem)}\nusage: npm run cli -- ${command.usage}`);
    return 2;
  }

  let config = loadConfig();
  if (command.usesSearch && config.DATABASE_URL && !config.MEILI_HOST)
    throw new InvalidConfigError([
      `MEILI_HOST is not set while DATABASE_URL is: ${command.name} would work on a Meilisearch of its own, not the registry's. Set MEILI_HOST and MEILI_MASTER_KEY as the registry's API has them`,
    ]);
  const log = createLogger(
    {
      ...config,
      LOG_LEVEL: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL,
    } as typeof config,
    'registry-cli',
    'stderr',
  );
  // A signal (Ctrl-C, a closed terminal, a process manager's SIGTERM) ends the command, but not
  // before the embedded servers it started are stopped: the default action would orphan them.
  const running: { services?: RunningServices; command?: CliCommand } = {};
  const stopping = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) return;
    signalled = signal;
    stopping.abort();
    running.services?.stopRestarting();
    console.error(`stopping (${signal})`);
    // Nothing of a write under way is kept: its transaction ends with its connection.
    const stopNow = () =>
      void running.services?.stop().finally(() => process.exit(128 + osConstants.signals[signal]));
    // An import stops between records and reports where: main stops the servers after it. (They
    // used to be stopped at once, and the CLI attached to `npm start`'s had none to stop, so it
    // exited before the import could say after how many records it stopped.)
    if (running.command?.stopsOnSignal) setTimeout(stopNow, PARTS_STOP_DEADLINE_MS).unref();
    else stopNow();
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  // Its reader gone (`report | head -1`): the command ends as a shell's would on SIGPIPE, its
  // servers stopped, without a stack.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    onSignal('SIGPIPE');
  });
  const services = (running.services = await startServices(
    serviceSettingsFromConfig(config, serviceLogOf(log), { attach: true }),
  ));
  if (signalled) {
    await services.stop();
    return 128 + osConstants.signals[signalled];
  }
  config = withRunningPublicUrl(config, services, command);
  // The operator's servers: one line naming the variable when they refuse or cannot be reached,
  // as the API and the indexer say it.
  if (!services.embedded.postgres)
    await checkConfiguredDatabases(
      { databaseUrl: services.databaseUrl, migrationUrl: config.DATABASE_MIGRATION_URL },
      log,
    );
  const dataSource = await new DataSource(
    buildDataSourceOptions(
      services.databaseUrl,
      [...INSYN_ENTITIES, ...CONCERN_ENTITIES],
      4,
      undefined,
      config.databaseTimeouts,
    ),
  ).initialize();
  try {
    // `migrate` applies migrations and says which; every other command needs a current schema.
    if (command.name !== 'migrate')
      await requireCurrentSchema(dataSource, services.migrationUrl, (line) => console.error(line));
    running.command = command;
    const run = command.run(values, {
      config,
      dataSource,
      migrationUrl: services.migrationUrl,
      search: new SearchConnection(
        services.meiliHost,
        services.meiliMasterKey,
        config.MEILI_INDEX_PREFIX,
      ),
      log,
      print: (line) => console.log(line),
      progress: progressLine(process.stderr),
      signal: stopping.signal,
    });
    try {
      await run;
    } catch (error) {
      // Stopped by a signal, it has said where (`stopped after …`): the signal's exit code.
      if (!(signalled && command.stopsOnSignal)) throw error;
    }
    return signalled ? 128 + osConstants.signals[signalled] : 0;
  } finally {
    await dataSource.destroy();
    if (!signalled || command.stopsOnSignal) await services.stop();
  }
}

/**
 * Before any command but `migrate`. A database without Insyn's schema (a new data folder, an
 * empty database) has nothing to lose: it is migrated, saying so on stderr. One that holds the
 * schema with migrations pending is refused: applying them is the upgrade's step after the
 * backup (README, Upgrading), and the older release would refuse the database after, so a
 * read-only command from a new checkout must not do it on the way.
 */
async function requireCurrentSchema(
  dataSource: DataSource,
  migrationUrl: string | undefined,
  say: (line: string) => void,
): Promise<void> {
  const state = await migrationState(dataSource);
  if (state.unknown.length) throw new DatabaseNewerThanBuildError(state.unknown);
  if (!state.pending.length) return;
  if (state.applied.length) throw new MigrationsPendingError(state.pending);
  const applied = await migrateDatabase(dataSource, migrationUrl);
  // Nothing, when a command beside it migrated the empty database first.
  if (applied.length)
    say(
      `the database had no schema yet: applied ${applied.length} migrations (${applied.join(', ')})`,
    );
}

/**
 * The origin of the links a command writes (exports, signs' QR codes). Unless INSYN_PUBLIC_URL or
 * PORT says it, that of the running `npm start` this CLI attached to (it notes it in the data
 * folder); without one, http://localhost:3000 is a guess, and a command that writes links says so.
 */
function withRunningPublicUrl(
  config: InsynConfig,
  services: RunningServices,
  command: CliCommand,
): InsynConfig {
  if (config.INSYN_PUBLIC_URL !== undefined || (process.env.PORT ?? '').trim() !== '')
    return config;
  const running = services.attachedTo?.publicUrl;
  if (running) return loadConfig({ ...process.env, INSYN_PUBLIC_URL: running });
  if (command.writesLinks)
    console.error(
      `warning: links are written to ${config.publicUrl}, a guess: set INSYN_PUBLIC_URL (or PORT) as the registry's API has it`,
    );
  return config;
}

/**
 * Progress on stderr: one line rewritten in place on a terminal, plain lines otherwise; at most a
 * line a second (ten on a terminal), and the last one when the command ends it with null.
 */
function progressLine(stream: NodeJS.WriteStream): (line: string | null) => void {
  const every = stream.isTTY ? 100 : 1000;
  let shown = 0;
  let pending: string | null = null;
  let open = false;
  const show = (line: string) => {
    stream.write(stream.isTTY ? `\r\x1b[2K${line}` : `${line}\n`);
    open = stream.isTTY === true;
    shown = Date.now();
    pending = null;
  };
  return (line) => {
    if (line === null) {
      if (pending !== null) show(pending);
      if (open) stream.write('\n');
      open = false;
      return;
    }
    if (Date.now() - shown >= every) show(line);
    else pending = line;
  };
}

/** The signal that ends the command, once one came (its handler stops the servers, then exits). */
let signalled: NodeJS.Signals | undefined;

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    // The command's failure is the stop's doing (its database shut down under it): the signal's
    // handler ends the process with the signal's code once the servers are stopped.
    if (signalled) return;
    const known =
      error instanceof InvalidConfigError ||
      error instanceof DataFolderInUseError ||
      error instanceof MixedServersError ||
      error instanceof DatabaseUnreachableError ||
      error instanceof DatabaseNewerThanBuildError ||
      error instanceof MigrationsPendingError;
    const message = known
      ? (error as Error).message
      : `failed: ${error instanceof Error ? error.message : String(error)}`;
    // A message may quote input (a file that is not JSON: the parser quotes it).
    console.error(terminalLines(message));
    process.exit(1);
  });
