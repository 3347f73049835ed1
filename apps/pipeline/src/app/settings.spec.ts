import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { helpText, OPTIONS, resolveSettings, UsageError } from './settings';

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

  test('help lists every option', () => {
    const help = helpText();
    for (const name of Object.keys(OPTIONS)) expect(help).toContain(`--${name}`);
  });
});
