import * as fs from 'node:fs';
import * as path from 'node:path';
import { csv, line } from '../../test-fixtures/retail-csv';
import { tempDir } from '../../test-fixtures/temp-dir';
import { runCli } from './run-cli';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('the clean command', () => {
  const dir = tempDir({
    '2010-12-01.csv': csv(line(), line(), line({ price: 'free' })),
    'mdy.csv': csv(line({ date: '12/1/2010 8:26' })),
    'latin1.csv': Buffer.from(csv(line({ description: 'VOUCHER £40' })), 'latin1'),
  });

  it('cleans a file, writes the outputs and prints the report table', async () => {
    const out = path.join(dir, 'out');
    const r = await run('--input', path.join(dir, '2010-12-01.csv'), '--out', out, '--concurrency', '1');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/^rule\s+action/);
    expect(r.out).toContain('reconciled: yes  (3 rows in = 1 clean + 1 excluded + 1 quarantined)');
    expect(fs.readdirSync(out).sort()).toEqual(['cancellations.csv', 'excluded.csv', 'items.csv', 'quality-report.json', 'quarantined.csv']);
  });

  it('reads the date format and encoding it is given', async () => {
    const mdy = await run('--input', path.join(dir, 'mdy.csv'), '--date-format', 'mdy', '--out', path.join(dir, 'o1'), '--concurrency', '1');
    expect(mdy.out).toMatch(/clean lines\s+keep\s+1/);
    await run('--input', path.join(dir, 'latin1.csv'), '--encoding', 'latin1', '--out', path.join(dir, 'o2'), '--concurrency', '1');
    expect(fs.readFileSync(path.join(dir, 'o2', 'items.csv'), 'utf8')).toContain('VOUCHER £40');
  });

  it('answers a bad flag or a missing input with one message naming it, exit code 2 or 1, no stack trace', async () => {
    const cases: [string[], number, RegExp][] = [
      [[], 2, /^error: Missing --input <file \| dir>\./],
      [['--input', dir, '--encoding', 'utf-16'], 2, /^error: --encoding must be one of utf-8, latin1, not "utf-16"\.$/],
      [['--input', dir, '--date-format', 'dmy'], 2, /^error: --date-format must be one of iso, mdy, mdyy, not "dmy"\.$/],
      [['--input', dir, '--concurrency', 'two'], 2, /^error: --concurrency must be a whole number/],
      [['--input', dir, '--colour'], 2, /^error: Unknown option '--colour'/],
      [['--input', path.join(dir, 'missing.csv')], 1, /^error: Input not found: .*missing\.csv\. Pass a CSV file/],
    ];
    for (const [argv, code, message] of cases) {
      const r = await run(...argv);
      expect(r.code).toBe(code);
      expect(r.err).toMatch(message);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });

  it('prints usage for --help', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('--date-format <name>');
  });
});
