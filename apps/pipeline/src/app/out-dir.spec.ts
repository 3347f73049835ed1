import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { WORKSPACE } from '../e2e/run-cli';
import { claimOutDir, writeFileAtomic, writeJsonAtomic } from './out-dir';

const work = () => mkdtempSync(path.join(tmpdir(), 'pipeline-out-dir-'));

/** Every file under `dir`, relative to it, sorted. */
const filesUnder = (dir: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();

describe('writeFileAtomic', () => {
  test('writes the file, creating its folders, and leaves nothing else', () => {
    const dir = work();
    writeFileAtomic(path.join(dir, 'charts', 'sales-trend.svg'), '<svg/>');
    expect(readFileSync(path.join(dir, 'charts', 'sales-trend.svg'), 'utf8')).toBe('<svg/>');
    expect(filesUnder(dir)).toEqual(['charts/sales-trend.svg']);
  });

  test('replaces an existing file with bytes', () => {
    const dir = work();
    writeFileSync(path.join(dir, 'map.png'), 'old');
    writeFileAtomic(path.join(dir, 'map.png'), Buffer.from([1, 2, 3]));
    expect([...readFileSync(path.join(dir, 'map.png'))]).toEqual([1, 2, 3]);
    expect(filesUnder(dir)).toEqual(['map.png']);
  });

  test('writes JSON indented, with a final newline', () => {
    const dir = work();
    writeJsonAtomic(path.join(dir, 'run-summary.json'), { runId: 'r1', status: 'running' });
    expect(readFileSync(path.join(dir, 'run-summary.json'), 'utf8')).toBe('{\n  "runId": "r1",\n  "status": "running"\n}\n');
  });

  test('a write that fails midway leaves the old file whole and no temporary file', () => {
    // A process whose file size limit is 1 MiB writes 4 MiB: the write stops after 1 MiB with EFBIG.
    const dir = work();
    const target = path.join(dir, 'report.html');
    writeFileSync(target, 'old report\n');
    const script = path.join(work(), 'write.ts');
    writeFileSync(
      script,
      `import { writeFileAtomic } from ${JSON.stringify(path.join(__dirname, 'out-dir'))};\n` +
        `try { writeFileAtomic(${JSON.stringify(target)}, Buffer.alloc(4 << 20, 120)); console.log('written'); }\n` +
        `catch (error) { console.log((error as NodeJS.ErrnoException).code); }\n`,
    );
    const tsx = path.join(WORKSPACE, 'node_modules/tsx/dist/cli.mjs');
    const run = spawnSync('bash', ['-c', 'ulimit -f 1024 && exec "$0" "$@"', process.execPath, tsx, script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('EFBIG');
    expect(readFileSync(target, 'utf8')).toBe('old report\n');
    expect(filesUnder(dir)).toEqual(['report.html']);
  });

  test('a rename that fails throws and leaves no temporary file', () => {
    const dir = work();
    mkdirSync(path.join(dir, 'charts'));
    writeFileSync(path.join(dir, 'charts', 'a.png'), 'kept');
    expect(() => writeFileAtomic(path.join(dir, 'charts'), 'not a folder')).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(filesUnder(dir)).toEqual(['charts/a.png']);
  });
});

describe('claimOutDir', () => {
  test('writes the new summary and removes the previous run’s outputs, listed or known, keeping other files', () => {
    const out = work();
    const previous = { runId: 'old', outputs: ['run-summary.json', 'quality-report.json', 'extra/listed.txt', 'charts/a.png'] };
    writeFileSync(path.join(out, 'run-summary.json'), JSON.stringify(previous));
    for (const file of ['quality-report.json', 'report.html', 'extra/listed.txt', 'extra/unlisted.txt', 'charts/a.png', 'charts/b.svg', 'notes.txt', '.report.html.4242.0a1b2c3d.tmp']) {
      mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
      writeFileSync(path.join(out, file), 'old');
    }

    const removed = claimOutDir(out, { runId: 'new', status: 'running' });

    expect(JSON.parse(readFileSync(path.join(out, 'run-summary.json'), 'utf8'))).toEqual({ runId: 'new', status: 'running' });
    expect(filesUnder(out)).toEqual(['extra/unlisted.txt', 'notes.txt', 'run-summary.json']);
    expect(removed.map((file) => path.relative(out, file)).sort()).toEqual(
      ['.report.html.4242.0a1b2c3d.tmp', 'charts/a.png', 'charts/b.svg', 'extra/listed.txt', 'quality-report.json', 'report.html'].sort(),
    );
  });

  test('ignores listed paths outside the folder', () => {
    const parent = work();
    const out = path.join(parent, 'out');
    mkdirSync(out);
    writeFileSync(path.join(parent, 'outside.txt'), 'mine');
    writeFileSync(path.join(out, 'run-summary.json'), JSON.stringify({ outputs: ['../outside.txt', path.join(parent, 'outside.txt'), '.'] }));
    claimOutDir(out, { runId: 'new' });
    expect(readFileSync(path.join(parent, 'outside.txt'), 'utf8')).toBe('mine');
  });

  test('a damaged previous summary still lets the known names go', () => {
    const out = work();
    writeFileSync(path.join(out, 'run-summary.json'), '{"runId": "old", "outp');
    writeFileSync(path.join(out, 'quality-report.json'), 'old');
    writeFileSync(path.join(out, 'report.html'), 'old');
    claimOutDir(out, { runId: 'new' });
    expect(filesUnder(out)).toEqual(['run-summary.json']);
  });

  test('creates a missing folder', () => {
    const out = path.join(work(), 'a', 'b');
    expect(claimOutDir(out, { runId: 'new' })).toEqual([]);
    expect(filesUnder(out)).toEqual(['run-summary.json']);
  });
});
