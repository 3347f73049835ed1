// Mistakes are found before any work: each of these runs ends with one message naming the
// flag, variable, file or folder, exit 2, and no embedded stack ever started (its folder,
// .data/local-stack, is created when it starts; the "ecomlake pipeline →" line follows it).
// None of these tests starts a stack, so they take seconds.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { lockFolder } from '@ecomlake/util';
import { runCli, STACK_LINE, WORKSPACE, type CliResult } from './run-cli';

const work = () => mkdtempSync(path.join(tmpdir(), 'pipeline-before-'));

/** Exit 2, exactly one line on stderr (`pipeline: …`), no stack trace, and no stack started (in `cwd`, when it is a fresh folder). */
function refusedBeforeWork(r: CliResult, cwd?: string): string {
  expect(r.stderr).not.toMatch(STACK_LINE);
  expect({ status: r.status, lines: r.stderr.trim().split('\n').length }).toEqual({ status: 2, lines: 1 });
  expect(r.stdout).not.toContain('ecomlake pipeline →');
  if (cwd) expect(existsSync(path.join(cwd, '.data', 'local-stack'))).toBe(false);
  return r.stderr.trim();
}

describe('flags and .env are checked before the stack starts', () => {
  test.each([
    [['--table', 'my orders'], 'pipeline: --table "my orders": a table name has only letters, digits, _ . and - (not " ").'],
    [['--bucket', 'My_Bucket'], 'pipeline: --bucket "My_Bucket": a bucket name has only lowercase letters, digits, dots and hyphens (not "M", "_", "B").'],
    [['--bucket', 'xn--lake'], 'pipeline: --bucket "xn--lake": bucket names starting with "xn--" are reserved by S3.'],
    [['--date', '2011-02-30'], 'pipeline: --date must be a date YYYY-MM-DD; got "2011-02-30" (2011-02-30 is not a day of the calendar).'],
    [['--from', '2011-06-01', '--to', '2011-05-31'], 'pipeline: --from (2011-06-01) is after --to (2011-05-31).'],
  ])('%j', (args, says) => {
    const cwd = work();
    expect(refusedBeforeWork(runCli(args, { cwd }), cwd)).toBe(says);
  });

  test('an unterminated quote in .env names the file and line, instead of becoming a table named "orders', () => {
    const cwd = work();
    writeFileSync(path.join(cwd, '.env'), '# my settings\nECOMLAKE_TABLE="orders\n');
    expect(refusedBeforeWork(runCli([], { cwd }), cwd)).toBe(`pipeline: ${cwd}/.env:2: the value opens a " quote that does not close on this line.`);
  });

  test('a .env that is not a .env at all (binary) is an error, not ignored', () => {
    const cwd = work();
    writeFileSync(path.join(cwd, '.env'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    expect(refusedBeforeWork(runCli([], { cwd }), cwd)).toBe(`pipeline: ${cwd}/.env:1: expected KEY=value, a # comment or a blank line.`);
  });

  test('the shell wins over .env, as .env.example says', () => {
    const cwd = work();
    writeFileSync(path.join(cwd, '.env'), 'ECOMLAKE_TABLE=x\n');
    // The table name the shell sets is the one checked (and refused): .env's would pass.
    const r = runCli([], { cwd, env: { ECOMLAKE_TABLE: 'from shell' } });
    expect(refusedBeforeWork(r, cwd)).toBe('pipeline: ECOMLAKE_TABLE (in the environment) "from shell": a table name has only letters, digits, _ . and - (not " ").');
    expect(readFileSync(path.join(WORKSPACE, '.env.example'), 'utf8')).toMatch(/the shell environment wins over \.env/i);
  });

  test('an input folder without CSV files is reported before the stack starts, with the absolute path tried', () => {
    const cwd = work();
    mkdirSync(path.join(cwd, 'my-days'));
    writeFileSync(path.join(cwd, 'my-days', 'notes.txt'), 'x');
    expect(refusedBeforeWork(runCli(['--input', 'my-days'], { cwd }), cwd)).toBe(
      `pipeline: --input ${cwd}/my-days: the folder has no .csv or .csv.gz files. Sub-folders were searched too.`,
    );
  });
});

describe('an --out that cannot be ours is refused before the stack starts, exit 2, naming --out and why', () => {
  test.each([
    ['a file', (cwd: string) => (writeFileSync(path.join(cwd, 'f'), 'x'), 'f'), (cwd: string) => `--out ${cwd}/f: it is a file, not a folder.`],
    ['below a file', (cwd: string) => (writeFileSync(path.join(cwd, 'f'), 'x'), 'f/out'), (cwd: string) => `--out ${cwd}/f/out: ${cwd}/f is a file, not a folder.`],
    // Root ignores permission bits, so "not creatable" is a path under /proc, which takes no new folders.
    ['not creatable', () => '/proc/1/out', () => '--out /proc/1/out: it cannot be created or written (ENOENT).'],
  ])('%s', (_name, make, says) => {
    const cwd = work();
    expect(refusedBeforeWork(runCli(['--out', make(cwd)], { cwd }), cwd)).toBe(`pipeline: ${says(cwd)}`);
  });

  // Root ignores permission bits, so read-only is a read-only bind mount, in a mount namespace
  // of the run's own (unshare -m): it disappears with the run, and the machine sees no mount.
  const canMount = spawnSync('unshare', ['-m', 'sh', '-c', 'mount --bind -o ro /tmp /tmp'], { encoding: 'utf8' }).status === 0;
  (canMount ? test : test.skip)('a read-only folder, and a new folder below a read-only mount', () => {
    const cwd = work();
    const readOnly = path.join(cwd, 'mounted');
    mkdirSync(readOnly);
    const wrap = ['unshare', '-m', 'sh', '-c', 'mount --bind -o ro "$0" "$0" && exec "$@"', readOnly];
    const inside = refusedBeforeWork(runCli(['--out', 'mounted'], { cwd, wrap }), cwd);
    expect(inside).toBe(`pipeline: --out ${readOnly}: the file system there is read-only.`);
    const below = refusedBeforeWork(runCli(['--out', 'mounted/new/out'], { cwd, wrap }), cwd);
    expect(below).toBe(`pipeline: --out ${readOnly}/new/out: the file system there is read-only.`);
    expect(readdirSync(readOnly)).toEqual([]);
  });

  test('--out . in the repository, and any folder of it that git does not ignore', () => {
    // Run from the workspace root, where other runs keep .data: only the output tells that no stack started.
    const dot = refusedBeforeWork(runCli(['--out', '.'], { cwd: WORKSPACE }));
    expect(dot).toBe(
      `pipeline: --out ${WORKSPACE}: it is inside the ecomlake repository (${WORKSPACE}) and not git-ignored, so the outputs would show up as changes to commit. Use the default out/ (git-ignored) or a folder outside the repository.`,
    );
    const source = refusedBeforeWork(runCli(['--out', 'apps/pipeline/my-out'], { cwd: WORKSPACE }));
    expect(source).toContain('not git-ignored');
    expect(existsSync(path.join(WORKSPACE, 'apps/pipeline/my-out'))).toBe(false);
  });

  test('a folder holding the user’s files (charts/q3-revenue.xlsx, report.html, a copied run-summary.json) is refused and left as it was', () => {
    const cwd = work();
    const out = path.join(cwd, 'mine');
    const files: Record<string, string> = {
      'charts/q3-revenue.xlsx': 'spreadsheet',
      'report.html': '<p>my own report</p>',
      'thesis.docx': 'four years',
      'run-summary.json': JSON.stringify({ runId: 'copied', status: 'succeeded', outputs: ['thesis.docx', 'report.html', 'charts/q3-revenue.xlsx'] }),
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(out, name)), { recursive: true });
      writeFileSync(path.join(out, name), text);
    }
    expect(refusedBeforeWork(runCli(['--out', 'mine'], { cwd }), cwd)).toBe(
      `pipeline: --out ${out} already holds files this pipeline did not write (charts/, report.html, run-summary.json, thesis.docx). Choose an empty or new folder, or remove those files.`,
    );
    for (const [name, text] of Object.entries(files)) expect(readFileSync(path.join(out, name), 'utf8')).toBe(text);
    expect(readdirSync(out).sort()).toEqual(['charts', 'report.html', 'run-summary.json', 'thesis.docx']);
  });

  test('a folder another run holds is refused naming that run', async () => {
    const cwd = work();
    const out = path.join(cwd, 'result');
    // This test process is the other run: a live holder.
    const lock = await lockFolder(out, 'pipeline run into result (the test)');
    try {
      const message = refusedBeforeWork(runCli(['--out', 'result'], { cwd }), cwd);
      expect(message).toContain(`pipeline: --out ${out} is in use by process ${process.pid} on `);
      expect(message).toContain('(pipeline run into result (the test))');
      expect(message).toContain('Or pass --wait 10m to wait for it.');
    } finally {
      lock.release();
    }
  });
});
