import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { applyDotenv, helpText, OPTIONS, resolveSettings, UsageError } from './settings';

const noDotenv = path.join(tmpdir(), 'no-such-dir', '.env');

describe('resolveSettings', () => {
  test('defaults run the synthetic data on the embedded stack', () => {
    const s = resolveSettings([], {}, noDotenv);
    expect(s).toMatchObject({
      input: undefined,
      rows: 50_000,
      format: 'parquet',
      load: true,
      analytics: true,
      country: 'United Kingdom',
      out: 'out',
      table: 'ecomlake-orders',
      bucket: 'ecomlake-lake',
      target: 'auto',
    });
  });

  test('flags win over the environment, the environment over .env, .env over defaults', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'settings-'));
    const dotenv = path.join(dir, '.env');
    writeFileSync(dotenv, 'ECOMLAKE_TABLE=from-dotenv\nECOMLAKE_BUCKET=bucket-dotenv\nAWS_REGION=eu-west-2\nECOMLAKE_OUT=dotenv-out\n');
    const env = { ECOMLAKE_TABLE: 'from-env', ECOMLAKE_OUT: 'env-out', AWS_REGION: 'us-east-1', ECOMLAKE_ROWS: '' };
    const s = resolveSettings(['--table', 'from-flag'], env, dotenv);
    expect(s.table).toBe('from-flag');
    expect(s.region).toBe('us-east-1');
    expect(s.out).toBe('env-out');
    expect(s.bucket).toBe('bucket-dotenv');
    expect(s.rows).toBe(50_000);
  });

  test('negated and combined switches', () => {
    expect(resolveSettings(['--no-load', '--no-save-cleaned'], {}, noDotenv)).toMatchObject({ load: false, saveCleaned: false });
    expect(resolveSettings(['--analytics-only'], {}, noDotenv)).toMatchObject({ load: false, analytics: true });
  });

  test.each([
    [['--bogus'], /--bogus/],
    [['--format', 'xlsx'], /--format must be one of csv, parquet; got "xlsx"/],
    [['--rows=-5'], /--rows must be a whole number/],
    [['--rows'], /--rows/],
    [['--concurrency', 'many'], /--concurrency must be a whole number/],
    [['--date', '2011-13-45'], /--date must be a date YYYY-MM-DD/],
    [['--date', '2011-02-30'], '--date must be a date YYYY-MM-DD; got "2011-02-30" (2011-02-30 is not a day of the calendar).'],
    [['--to', '2011-04-31'], /--to must be a date YYYY-MM-DD; got "2011-04-31"/],
    [['--table', 'my orders'], '--table "my orders": a table name has only letters, digits, _ . and - (not " ").'],
    [['--table', 'ab'], '--table "ab": a table name has 3 to 255 characters (this one has 2).'],
    [['--bucket', 'My_Bucket'], '--bucket "My_Bucket": a bucket name has only lowercase letters, digits, dots and hyphens (not "M", "_", "B").'],
    [['--bucket', '10.0.0.1'], /--bucket "10.0.0.1": a bucket name is not an IP address/],
    [['--from', '2011-05-01', '--to', '2011-04-01'], /--from \(2011-05-01\) is after --to/],
    [['--analytics-only', '--no-analytics'], /contradict/],
    [['positional'], /positional/],
    [['--wait', 'soon'], /--wait must be a duration/],
    [['--reload', ','], /--reload takes all, or partition ids/],
    [['--partition-by', 'week'], /--partition-by must be one of file, day/],
  ])('rejects %j naming the flag', (argv, message) => {
    expect(() => resolveSettings(argv, {}, noDotenv)).toThrow(UsageError);
    expect(() => resolveSettings(argv, {}, noDotenv)).toThrow(message);
  });

  test('a run waits for the table, reloads and regroups only when asked', () => {
    expect(resolveSettings([], {}, noDotenv)).toMatchObject({ waitMs: 0, reload: undefined, partitionBy: 'file' });
    expect(resolveSettings(['--wait', '90', '--reload', 'all', '--partition-by', 'day'], {}, noDotenv)).toMatchObject({ waitMs: 90_000, reload: 'all', partitionBy: 'day' });
    expect(resolveSettings(['--wait', '5m', '--reload', 'a.csv, b.csv'], {}, noDotenv)).toMatchObject({ waitMs: 300_000, reload: ['a.csv', 'b.csv'] });
    expect(resolveSettings(['--wait', '250ms'], {}, noDotenv).waitMs).toBe(250);
  });

  test('a table or bucket from .env or the environment is checked too, naming the variable and where it was set', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'settings-'));
    const dotenv = path.join(dir, '.env');
    writeFileSync(dotenv, 'ECOMLAKE_BUCKET=Lake_1\n');
    expect(() => resolveSettings([], {}, dotenv)).toThrow(`ECOMLAKE_BUCKET (in ${dotenv}) "Lake_1": a bucket name has only lowercase letters`);
    expect(() => resolveSettings([], { ECOMLAKE_TABLE: 'a b' }, noDotenv)).toThrow('ECOMLAKE_TABLE (in the environment) "a b": a table name');
  });

  test('a .env line that cannot be parsed stops the run, naming the file and the line', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'settings-'));
    const dotenv = path.join(dir, '.env');
    writeFileSync(dotenv, '# mine\nAWS_REGION=eu-west-2\nECOMLAKE_TABLE="orders\n');
    expect(() => resolveSettings([], {}, dotenv)).toThrow(UsageError);
    expect(() => resolveSettings([], {}, dotenv)).toThrow(`${dotenv}:3: the value opens a " quote that does not close on this line.`);
    writeFileSync(dotenv, '\u0089PNG\r\n\u001a\n');
    expect(() => resolveSettings([], {}, dotenv)).toThrow(`${dotenv}:1: expected KEY=value, a # comment or a blank line.`);
  });

  test('applyDotenv fills only what the shell leaves unset', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'settings-'));
    const dotenv = path.join(dir, '.env');
    writeFileSync(dotenv, 'AWS_REGION=eu-west-2\nAWS_PROFILE=from-dotenv\nECOMLAKE_ROWS=10\n');
    const env: NodeJS.ProcessEnv = { AWS_REGION: 'us-east-1', ECOMLAKE_ROWS: '' };
    applyDotenv(env, dotenv);
    expect(env).toEqual({ AWS_REGION: 'us-east-1', AWS_PROFILE: 'from-dotenv', ECOMLAKE_ROWS: '10' });
  });

  test('relative --input and --out resolve from the folder the command was typed in; s3:// and variables do not', () => {
    const s = resolveSettings(['--input', 'my-days', '--out', '../my-out'], {}, noDotenv, { cwd: '/home/me/project/sub' });
    expect(s).toMatchObject({ input: '/home/me/project/sub/my-days', out: '/home/me/project/my-out' });
    expect(resolveSettings(['--input', 's3://raw/by-day/'], {}, noDotenv, { cwd: '/home/me' }).input).toBe('s3://raw/by-day/');
    expect(resolveSettings([], { ECOMLAKE_OUT: 'env-out' }, noDotenv, { cwd: '/home/me' }).out).toBe(path.resolve('env-out'));
    expect(resolveSettings(['--out', '/abs/out'], {}, noDotenv, { cwd: '/home/me' }).out).toBe('/abs/out');
  });

  test('help lists every option', () => {
    const help = helpText();
    for (const name of Object.keys(OPTIONS)) expect(help).toContain(`--${name}`);
  });
});
