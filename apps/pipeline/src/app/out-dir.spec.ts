import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { WORKSPACE } from '../e2e/run-cli';
import { checkOutDir, claimOutDir, OutDirError, releaseOutDir, removeOutput, writeFileAtomic, writeJsonAtomic } from './out-dir';

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
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  /** A folder as a run left it: its files written through a claim, then released. */
  const ranBefore = (out: string, files: Record<string, string>) => {
    claimOutDir(out, { runId: 'old', status: 'running' });
    for (const [name, text] of Object.entries(files)) writeFileAtomic(path.join(out, name), text);
    releaseOutDir(out);
  };
  const refusal = (run: () => unknown): Error => {
    try {
      run();
    } catch (error) {
      return error as Error;
    }
    throw new Error('not refused');
  };

  test('removes what the previous run wrote and left unchanged, keeps the user’s other files, and writes the new summary', () => {
    const out = work();
    ranBefore(out, { 'quality-report.json': 'q', 'report.html': 'r', 'charts/a.png': 'a', 'charts/b.svg': 'b' });
    writeFileSync(path.join(out, 'notes.txt'), 'mine');

    const removed = claimOutDir(out, { runId: 'new', status: 'running' });

    expect(JSON.parse(readFileSync(path.join(out, 'run-summary.json'), 'utf8'))).toEqual({ runId: 'new', status: 'running' });
    expect(filesUnder(out)).toEqual(['.ecomlake-outputs.json', 'notes.txt', 'run-summary.json']);
    expect(removed.map((file) => path.relative(out, file)).sort()).toEqual(['charts/a.png', 'charts/b.svg', 'quality-report.json', 'report.html', 'run-summary.json']);
    // The manifest records exactly what was written, with size and SHA-256.
    const manifest = JSON.parse(readFileSync(path.join(out, '.ecomlake-outputs.json'), 'utf8'));
    expect(manifest.files['run-summary.json']).toMatchObject({ size: Buffer.byteLength(readFileSync(path.join(out, 'run-summary.json'))) });
    releaseOutDir(out);
  });

  test('a user’s folder (charts/q3-revenue.xlsx, report.html) is refused and left exactly as it was', () => {
    const out = work();
    for (const [file, text] of Object.entries({ 'charts/q3-revenue.xlsx': 'xlsx', 'report.html': 'my report', 'thesis.docx': 'docx' })) {
      mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
      writeFileSync(path.join(out, file), text);
    }
    // A run-summary.json copied from elsewhere (or edited) names a file: it is not a record of ours.
    writeFileSync(path.join(out, 'run-summary.json'), JSON.stringify({ runId: 'x', outputs: ['thesis.docx', 'report.html', 'charts/q3-revenue.xlsx'] }));
    const before = filesUnder(out);

    const error = refusal(() => claimOutDir(out, { runId: 'new' }));
    expect(error).toBeInstanceOf(OutDirError);
    expect(error.message).toBe(
      `--out ${out} already holds files this pipeline did not write (charts/, report.html, run-summary.json, thesis.docx). Choose an empty or new folder, or remove those files.`,
    );
    expect(filesUnder(out)).toEqual(before);
    expect(readFileSync(path.join(out, 'thesis.docx'), 'utf8')).toBe('docx');
  });

  test('a file we wrote and the user changed since, or put where we write, is neither deleted nor overwritten', () => {
    const out = work();
    ranBefore(out, { 'report.html': 'ours', 'charts/a.png': 'a' });
    writeFileSync(path.join(out, 'report.html'), 'edited by the user');
    writeFileSync(path.join(out, 'charts', 'q3-revenue.xlsx'), 'xlsx');

    const error = refusal(() => claimOutDir(out, { runId: 'new' }));
    expect(error.message).toMatch(/holds files where a run writes that this pipeline did not write, or that changed since it wrote them \(report\.html, charts\/q3-revenue\.xlsx\)/);
    // Refused before anything was deleted.
    expect(filesUnder(out)).toEqual(['.ecomlake-outputs.json', 'charts/a.png', 'charts/q3-revenue.xlsx', 'report.html', 'run-summary.json']);
    expect(readFileSync(path.join(out, 'report.html'), 'utf8')).toBe('edited by the user');
  });

  test('never follows a symbolic link: a charts link to another folder is refused, its target untouched', () => {
    const out = work();
    const elsewhere = work();
    ranBefore(out, { 'charts/a.png': 'a' });
    // The user replaces charts/ with a link to a folder of theirs holding a file of the same name and bytes.
    rmSync(path.join(out, 'charts'), { recursive: true });
    writeFileSync(path.join(elsewhere, 'a.png'), 'a');
    symlinkSync(elsewhere, path.join(out, 'charts'));

    expect(refusal(() => claimOutDir(out, { runId: 'new' })).message).toContain('charts (a symbolic link, never followed)');
    expect(readFileSync(path.join(elsewhere, 'a.png'), 'utf8')).toBe('a');
  });

  test('a manifest listing names outside the folder, or another tool’s manifest, deletes nothing', () => {
    const parent = work();
    const out = path.join(parent, 'out');
    mkdirSync(out);
    writeFileSync(path.join(parent, 'outside.txt'), 'mine');
    const entry = { size: 4, sha256: sha256('mine') };
    writeFileSync(path.join(out, '.ecomlake-outputs.json'), JSON.stringify({ tool: 'ecomlake pipeline', version: 1, runId: 'x', files: { '../outside.txt': entry, [path.join(parent, 'outside.txt')]: entry } }));
    claimOutDir(out, { runId: 'new' });
    releaseOutDir(out);
    expect(readFileSync(path.join(parent, 'outside.txt'), 'utf8')).toBe('mine');
  });

  test('a write a kill cut short leaves a temporary file the next run removes', () => {
    const out = work();
    ranBefore(out, { 'report.html': 'r' });
    const manifest = JSON.parse(readFileSync(path.join(out, '.ecomlake-outputs.json'), 'utf8'));
    const temp = manifest.files['report.html'].temp as string;
    writeFileSync(path.join(out, temp), 'half a repo');
    claimOutDir(out, { runId: 'new' });
    releaseOutDir(out);
    expect(filesUnder(out)).toEqual(['.ecomlake-outputs.json', 'run-summary.json']);
  });

  test('removeOutput removes only a file this run wrote and nobody changed', () => {
    const out = work();
    claimOutDir(out, { runId: 'new' });
    writeFileAtomic(path.join(out, 'report.html'), 'r');
    writeFileSync(path.join(out, 'mine.html'), 'm');
    expect(removeOutput(path.join(out, 'mine.html'))).toBe(false);
    expect(removeOutput(path.join(out, 'report.html'))).toBe(true);
    releaseOutDir(out);
    expect(filesUnder(out)).toEqual(['.ecomlake-outputs.json', 'mine.html', 'run-summary.json']);
  });

  test('creates a missing folder', () => {
    const out = path.join(work(), 'a', 'b');
    expect(claimOutDir(out, { runId: 'new' })).toEqual([]);
    releaseOutDir(out);
    expect(filesUnder(out)).toEqual(['.ecomlake-outputs.json', 'run-summary.json']);
  });
});

describe('checkOutDir', () => {
  test.each([
    ['a file', (dir: string) => (writeFileSync(path.join(dir, 'f'), 'x'), path.join(dir, 'f')), (dir: string) => `--out ${dir}/f: it is a file, not a folder.`],
    ['below a file', (dir: string) => (writeFileSync(path.join(dir, 'f'), 'x'), path.join(dir, 'f', 'out')), (dir: string) => `--out ${dir}/f/out: ${dir}/f is a file, not a folder.`],
    ['a link to nowhere', (dir: string) => (symlinkSync(path.join(dir, 'gone'), path.join(dir, 'l')), path.join(dir, 'l')), (dir: string) => `--out ${dir}/l: it is a symbolic link whose target does not exist.`],
    // /proc takes no new folders, even from root, whose permission bits are not checked.
    ['not creatable', () => '/proc/1/out', () => '--out /proc/1/out: it cannot be created or written (ENOENT).'],
  ])('%s: one message naming --out, the path and the reason', (_name, make, says) => {
    const dir = work();
    const error = (() => {
      try {
        checkOutDir(make(dir));
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(OutDirError);
    expect(error?.message).toBe(says(dir));
  });

  test('inside the repository only where git ignores it: --out . and a source folder are refused, out/ is fine', () => {
    expect(() => checkOutDir(WORKSPACE)).toThrow(`--out ${WORKSPACE}: it is inside the ecomlake repository (${WORKSPACE}) and not git-ignored`);
    expect(() => checkOutDir(path.join(WORKSPACE, 'apps/pipeline/my-out'))).toThrow(/not git-ignored/);
    expect(existsSync(path.join(WORKSPACE, 'apps/pipeline/my-out'))).toBe(false);
    const ignored = path.join(WORKSPACE, 'tmp', `out-dir-spec-${process.pid}`);
    try {
      expect(checkOutDir(ignored)).toBe(ignored);
    } finally {
      rmSync(ignored, { recursive: true, force: true });
    }
  });
});
