import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { bucketNameProblem, dayProblem, tableNameProblem } from './checks';
import { DotenvSyntaxError, readDotenvFile } from './dotenv-file';
import { EcomlakeError } from '@ecomlake/util';

/** A mistake in how the pipeline was called; printed as one line, exit code 2. */
/** A mistake of the user's (a flag, a value, a setting): one message naming it, exit code 2. */
export class UsageError extends EcomlakeError<'pipeline.usage'> {
  override readonly name = 'UsageError';
  constructor(message: string, options?: ErrorOptions) {
    super('pipeline.usage', message, options);
  }
}

export type Target = 'auto' | 'local' | 'aws';

export interface Settings {
  input?: string;
  rows: number;
  seed: number;
  encoding: 'utf-8' | 'latin1';
  dateFormat: 'iso' | 'mdy' | 'mdyy';
  useCache: boolean;
  forceDownload: boolean;
  saveCleaned: boolean;
  format: 'csv' | 'parquet';
  load: boolean;
  analytics: boolean;
  analyticsOnly: boolean;
  verifyAnalytics: boolean;
  /** Create the table with CountryIndex too (Queries by country). Default false: the report reads aggregates. */
  countryIndex: boolean;
  rebuildAggregates: boolean;
  netTrend: boolean;
  country: string;
  customer?: string;
  date?: string;
  from?: string;
  to?: string;
  concurrency?: number;
  out: string;
  table: string;
  bucket: string;
  target: Target;
  region?: string;
  s3Endpoint?: string;
  dynamoDbEndpoint?: string;
  /** How long to wait for another run holding the table's lease, ms (0: fail at once, naming it). */
  waitMs: number;
  /** How long the table's lease outlives a run that stopped heartbeating (paused, or killed on another host), ms. */
  leaseTtlMs: number;
  /** Partitions to load again whatever their heads say: every one, or these ids. Default: none. */
  reload?: 'all' | readonly string[];
  /** What a partition is: each input file, or each invoice day (the input's lines regrouped first). */
  partitionBy: 'file' | 'day';
  help: boolean;
}

interface OptionSpec {
  type: 'string' | 'boolean';
  help: string;
  /** Environment/.env variable that sets it when the flag is absent. */
  env?: string;
  choices?: readonly string[];
}

/** Every flag, its variable and its help line: the single source of `--help`. */
export const OPTIONS: Record<string, OptionSpec> = {
  input: { type: 'string', env: 'ECOMLAKE_INPUT', help: 'local dir/file or s3://bucket/prefix of raw CSV (default: synthetic data)' },
  rows: { type: 'string', env: 'ECOMLAKE_ROWS', help: 'rows of synthetic data when no --input (default 50000)' },
  seed: { type: 'string', help: 'seed of the synthetic data (default 42)' },
  encoding: { type: 'string', choices: ['utf-8', 'latin1'], help: 'encoding of the raw CSV (default utf-8)' },
  'date-format': { type: 'string', choices: ['iso', 'mdy', 'mdyy'], help: 'InvoiceDate format: iso 2010-12-01 08:26:00, mdy 12/1/2010 8:26, mdyy 12/1/10 8:26 (default iso)' },
  'use-cache': { type: 'boolean', help: 'cache downloaded raw objects locally, revalidated by ETag (default on)' },
  'force-download': { type: 'boolean', help: 'ignore the local cache and download again' },
  'save-cleaned': { type: 'boolean', help: 'write the cleaned data to the lake, s3://<bucket>/clean/<table>/orders/day=YYYY-MM-DD/ (default on)' },
  format: { type: 'string', choices: ['csv', 'parquet'], help: 'format of the lake\'s orders dataset (default parquet, with decimal, date and timestamp types)' },
  load: { type: 'boolean', help: 'load DynamoDB (default on; --no-load skips it)' },
  analytics: { type: 'boolean', help: 'run queries and charts (default on; --no-analytics skips them)' },
  'rebuild-aggregates': { type: 'boolean', help: 'recompute the table\'s aggregates from a scan before the analytics (a table loaded by other tools)' },
  'verify-analytics': { type: 'boolean', help: 'also answer the report by scanning the table, and fail if it differs from the aggregates' },
  'country-index': { type: 'boolean', help: 'create the table with CountryIndex too, for your own Queries by country (+1 WCU per item; default off: the report reads aggregates)' },
  'analytics-only': { type: 'boolean', help: 'only queries and charts, over an already loaded table' },
  country: { type: 'string', help: 'country of the sales trend chart (default United Kingdom)' },
  'net-trend': { type: 'boolean', help: 'also draw the trend net of cancellations, booked on their day' },
  customer: { type: 'string', help: 'customer of the order-value chart (default: the one with most orders)' },
  date: { type: 'string', help: 'day of the revenue question, YYYY-MM-DD (default: the busiest day)' },
  from: { type: 'string', help: 'first day of the analysed period, YYYY-MM-DD' },
  to: { type: 'string', help: 'last day of the analysed period, YYYY-MM-DD' },
  concurrency: { type: 'string', help: 'parallel requests for loads and scans (default: the libraries’ measured defaults)' },
  out: { type: 'string', env: 'ECOMLAKE_OUT', help: 'output folder: new, empty, or written by an earlier run (default out/)' },
  table: { type: 'string', env: 'ECOMLAKE_TABLE', help: 'DynamoDB table (default ecomlake-orders)' },
  bucket: { type: 'string', env: 'ECOMLAKE_BUCKET', help: 'S3 bucket of the lake (default ecomlake-lake)' },
  target: { type: 'string', env: 'ECOMLAKE_TARGET', choices: ['auto', 'local', 'aws'], help: 'auto: AWS when endpoints or credentials are set, else the embedded stack; local; aws (default auto)' },
  'partition-by': { type: 'string', choices: ['file', 'day'], help: 'file: each input file is a partition; day: lines regrouped by invoice day first, for files cut mid-invoice (e.g. split -l) (default file)' },
  wait: { type: 'string', help: 'wait this long for another run writing the same table or out folder, e.g. 90s, 5m (default 0: fail at once, naming it)' },
  'lease-ttl': { type: 'string', env: 'ECOMLAKE_LEASE_TTL', help: 'how long the table\'s lease outlives a run that stopped heartbeating (paused, or killed on another host), e.g. 60s (default 60s)' },
  reload: { type: 'string', help: 'load partitions again even if unchanged: all, or ids (file names under the input) separated by commas' },
  help: { type: 'boolean', help: 'show this help' },
};

export interface ResolveOptions {
  /**
   * Where the user typed the command: relative paths given as flags (`--input`, `--out`)
   * resolve from it, so they mean what they meant in the user's shell (see invocationDir).
   * Default: paths are kept as typed.
   */
  cwd?: string;
}

/**
 * Resolves settings once, in this order: flags, the process environment (`env`, with the
 * standard AWS variables), `.env`, defaults. As with dotenv everywhere, `.env` only fills
 * what the environment leaves unset (ARCHITECTURE.md, "Settings").
 */
export function resolveSettings(argv: readonly string[], env: NodeJS.ProcessEnv, dotenvPath = '.env', options: ResolveOptions = {}): Settings {
  const { values } = parseFlags(argv);
  const dotenv = readDotenv(dotenvPath);
  const shell = definedOnly(env);
  const merged: NodeJS.ProcessEnv = { ...dotenv, ...shell };
  const text = (name: string): string | undefined => {
    const value = values[name];
    if (typeof value === 'string') return value;
    const variable = OPTIONS[name].env;
    return variable ? merged[variable] || undefined : undefined;
  };
  /** Where a value came from, for messages: `--table`, or `ECOMLAKE_TABLE (in .env)`. */
  const origin = (name: string): string => {
    const variable = OPTIONS[name].env;
    if (typeof values[name] === 'string' || !variable) return `--${name}`;
    return `${variable} (${shell[variable] ? 'in the environment' : `in ${path.resolve(dotenvPath)}`})`;
  };
  const checked = (name: string, fallback: string, problem: (value: string) => string | undefined): string => {
    const value = text(name) ?? fallback;
    const why = problem(value);
    if (why) throw new UsageError(`${origin(name)} ${JSON.stringify(value)}: ${why}.`);
    return value;
  };
  /** A path typed as a flag, from where the user typed it; one from the environment or .env, from this process's folder. */
  const place = (name: string): string | undefined => {
    const value = text(name);
    if (value === undefined || options.cwd === undefined || value.startsWith('s3://')) return value;
    return path.resolve(typeof values[name] === 'string' ? options.cwd : process.cwd(), value);
  };
  const flag = (name: string, fallback: boolean): boolean => {
    const value = values[name];
    return typeof value === 'boolean' ? value : fallback;
  };
  const choice = <T extends string>(name: string, fallback: T): T => {
    const value = text(name) ?? fallback;
    const choices = OPTIONS[name].choices ?? [];
    if (!choices.includes(value)) throw new UsageError(`--${name} must be one of ${choices.join(', ')}; got "${value}".`);
    return value as T;
  };
  const day = (name: string): string | undefined => {
    const value = text(name);
    const why = value === undefined ? undefined : dayProblem(value);
    if (why) throw new UsageError(`--${name} must be a date YYYY-MM-DD; got "${value}" (${why}).`);
    return value;
  };

  const analyticsOnly = flag('analytics-only', false);
  const settings: Settings = {
    input: place('input'),
    rows: positiveInteger('rows', text('rows'), 50_000),
    seed: positiveInteger('seed', text('seed'), 42),
    encoding: choice('encoding', 'utf-8'),
    dateFormat: choice('date-format', 'iso'),
    useCache: flag('use-cache', true),
    forceDownload: flag('force-download', false),
    saveCleaned: flag('save-cleaned', true),
    format: choice('format', 'parquet'),
    load: flag('load', true) && !analyticsOnly,
    analytics: flag('analytics', true),
    analyticsOnly,
    verifyAnalytics: flag('verify-analytics', false),
    countryIndex: flag('country-index', false),
    rebuildAggregates: flag('rebuild-aggregates', false),
    netTrend: flag('net-trend', false),
    country: text('country') ?? 'United Kingdom',
    customer: text('customer'),
    date: day('date'),
    from: day('from'),
    to: day('to'),
    concurrency: text('concurrency') === undefined ? undefined : positiveInteger('concurrency', text('concurrency'), 1),
    out: place('out') ?? 'out',
    table: checked('table', 'ecomlake-orders', tableNameProblem),
    bucket: checked('bucket', 'ecomlake-lake', bucketNameProblem),
    target: choice('target', 'auto'),
    region: merged.AWS_REGION || merged.AWS_DEFAULT_REGION || undefined,
    s3Endpoint: merged.AWS_ENDPOINT_URL_S3 || merged.AWS_ENDPOINT_URL || undefined,
    dynamoDbEndpoint: merged.AWS_ENDPOINT_URL_DYNAMODB || merged.AWS_ENDPOINT_URL || undefined,
    waitMs: duration('wait', text('wait')),
    leaseTtlMs: duration('lease-ttl', text('lease-ttl')) || 60_000,
    reload: reloadList(text('reload')),
    partitionBy: choice('partition-by', 'file'),
    help: flag('help', false),
  };
  if (settings.from && settings.to && settings.from > settings.to) {
    throw new UsageError(`--from (${settings.from}) is after --to (${settings.to}).`);
  }
  if (analyticsOnly && values.analytics === false) {
    throw new UsageError('--analytics-only and --no-analytics contradict each other.');
  }
  return settings;
}

/** The `--help` text, generated from OPTIONS. */
export function helpText(): string {
  const rows = Object.entries(OPTIONS).map(([name, spec]) => {
    const flag = spec.type === 'string' ? `--${name} <value>` : `--${name}`;
    const env = spec.env ? ` [${spec.env}]` : '';
    return `  ${flag.padEnd(26)} ${spec.help}${env}`;
  });
  return [
    'Usage: npx nx run pipeline:run -- [options]',
    '',
    'Runs upload → extract → clean → save cleaned → ensure table → load → queries → charts → report.',
    'Without AWS endpoints or credentials it runs on the embedded stack (no AWS account needed).',
    '',
    'Options:',
    ...rows,
    '',
    'Settings resolve in this order: flags, then the environment (including AWS_REGION, AWS_PROFILE,',
    'AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_DYNAMODB), then .env (which never overrides a variable',
    'already set), then defaults. Credentials come from the default AWS credential chain.',
    'Relative paths given as flags resolve from the folder you ran the command in (also through Nx).',
  ].join('\n');
}

function parseFlags(argv: readonly string[]) {
  const options = Object.fromEntries(Object.entries(OPTIONS).map(([name, spec]) => [name, { type: spec.type }]));
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false, allowNegative: true });
  } catch (error) {
    // node's messages span lines and suggest `--` tricks; keep the first sentence, on one line.
    const first = (error as Error).message.split('\n')[0].replace(/\.? To specify a positional argument.*$/, '');
    throw new UsageError(`${first.replace(/\.?$/, '.')} See --help.`);
  }
}

/** Variables set to something: an empty export does not hide `.env`'s value. */
function definedOnly(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
}

/**
 * Sets `.env`'s variables in `env` where `env` leaves them unset or empty (the shell wins, as
 * in resolveSettings): the SDK's credential chain reads process.env. Throws UsageError
 * naming the file and line of a line that is not KEY=value.
 */
export function applyDotenv(env: NodeJS.ProcessEnv, file = '.env'): void {
  for (const [name, value] of Object.entries(readDotenv(file))) if (!env[name]) env[name] = value;
}

/** `.env`'s variables, read strictly: a line that is not KEY=value stops the run, naming the file and line. */
function readDotenv(file: string): Record<string, string> {
  try {
    return readDotenvFile(file);
  } catch (error) {
    if (error instanceof DotenvSyntaxError) throw new UsageError(`${path.resolve(error.file)}:${error.line}: ${error.reason}.`);
    throw error;
  }
}

/** `90` (seconds), `500ms`, `30s`, `5m`, `1h` → ms. */
export function duration(name: string, value: string | undefined): number {
  if (value === undefined) return 0;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (!match) throw new UsageError(`--${name} must be a duration such as 90s, 5m or 1h; got "${value}".`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Math.round(Number(match[1]) * unit);
}

function reloadList(value: string | undefined): Settings['reload'] {
  if (value === undefined) return undefined;
  if (value.trim() === 'all') return 'all';
  const ids = value.split(',').map((id) => id.trim()).filter((id) => id !== '');
  if (ids.length === 0) throw new UsageError(`--reload takes all, or partition ids separated by commas; got "${value}".`);
  return ids;
}

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 1) {
    throw new UsageError(`--${name} must be a whole number of at least 1; got "${value}".`);
  }
  return parsed;
}
