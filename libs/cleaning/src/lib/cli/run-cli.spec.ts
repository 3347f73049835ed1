import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
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

  it('cleans nested folders and .csv.gz files, and lists what it skipped (a folder named x.csv is a folder), exit 0', async () => {
    const root = tempDir({ 'a.csv': csv(line()), 'b.csv.gz': gzipSync(csv(line({ invoice: '536366' }))) });
    fs.mkdirSync(path.join(root, 'x.csv'));
    fs.writeFileSync(path.join(root, 'x.csv', 'c.csv'), csv(line({ invoice: '536367' })));
    fs.symlinkSync(path.join(root, 'gone.csv'), path.join(root, 'dangling.csv'));
    fs.symlinkSync(path.join(root, 'loop.csv'), path.join(root, 'loop.csv'));
    fs.symlinkSync(root, path.join(root, 'x.csv', 'up'));
    fs.symlinkSync(path.join(root, 'esc\u001b]0;pwned\u0007.csv'), path.join(root, 'esc\u001b]0;pwned\u0007.csv'));
    const r = await run('--input', root, '--out', path.join(root, 'out'), '--concurrency', '1');
    expect(r.code).toBe(0);
    expect(r.out).toContain('reconciled: yes  (3 rows in = 3 clean + 0 excluded + 0 quarantined)');
    expect(r.out).toContain('cleaned 3 file(s)');
    expect(r.err.split('\n')).toEqual([
      `skipped ${path.join(root, 'dangling.csv')}: broken link`,
      `skipped ${path.join(root, 'esc\\u001b]0;pwned\\u0007.csv')}: link loop`,
      `skipped ${path.join(root, 'loop.csv')}: link loop`,
      `skipped ${path.join(root, 'x.csv', 'up')}: link loop`,
    ]);
  });

  it('names a root it cannot read as what it is, and a UTF-16 file as UTF-16, without a stack trace', async () => {
    const links = tempDir();
    fs.symlinkSync(path.join(links, 'loop'), path.join(links, 'loop'));
    const loop = await run('--input', path.join(links, 'loop'));
    expect(loop).toMatchObject({ code: 1, err: `error: ${path.join(links, 'loop')}: a symbolic link loop (the links point at each other).` });
    const root = tempDir({ 'a.csv': csv(line()), 'b.csv': Buffer.from('\uFEFF' + csv(line({ invoice: '536366' })), 'utf16le') });
    // Two files on two threads: the UTF-16 error may come from the worker.
    for (const concurrency of ['1', '2']) {
      const utf16 = await run('--input', root, '--out', path.join(root, 'out'), '--concurrency', concurrency);
      expect(utf16.code).toBe(1);
      expect(utf16.err.startsWith(`error: ${path.join(root, 'b.csv')}: the file is UTF-16LE text (it starts with a UTF-16 byte order mark)`)).toBe(true);
      expect(utf16.err).not.toMatch(/\n\s+at /);
    }
  });

  // As root (CI), chmod does not stop reads, so this is shown only as another user.
  (process.getuid?.() === 0 ? it.skip : it)('says permission denied, not "not found", for a folder it cannot read', async () => {
    const root = tempDir({ 'a.csv': csv(line()) });
    fs.chmodSync(root, 0o000);
    try {
      const r = await run('--input', root);
      expect(r).toMatchObject({ code: 1, err: `error: ${root}: permission denied (this user cannot read it).` });
    } finally {
      fs.chmodSync(root, 0o700);
    }
  });

  it('prints usage for --help', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('--date-format <name>');
  });
});
