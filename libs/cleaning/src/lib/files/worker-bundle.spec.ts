import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { tempDir } from '../../test-fixtures/temp-dir';
import { workerBundle } from './worker-bundle';
import type { WorkerMessage } from './worker-protocol';

describe('workerBundle', () => {
  it('makes the TypeScript partition worker one JavaScript file that a worker runs without tsx or any flag', async () => {
    const bundle = workerBundle(path.join(__dirname, 'partition-worker.ts'), { cacheDir: tempDir() });
    expect(path.extname(bundle)).toBe('.cjs');
    const worker = new Worker(bundle, { execArgv: [], workerData: { files: [], order: [], counter: new SharedArrayBuffer(4), options: {} } });
    const first = await new Promise<WorkerMessage>((resolve, reject) => worker.once('message', resolve).once('error', reject));
    await worker.terminate();
    expect(first).toEqual({ kind: 'done' });
  });

  it('builds again only when one of its sources changed', () => {
    const src = tempDir({ 'entry.ts': "import { base } from './dep';\nexport const value: number = base + 1;\n", 'dep.ts': 'export const base: number = 1;\n' });
    const options = { cacheDir: tempDir() };
    const entry = path.join(src, 'entry.ts');
    const first = workerBundle(entry, options);
    const built = fs.statSync(first).mtimeMs;
    expect(workerBundle(entry, options)).toBe(first);
    expect(fs.statSync(first).mtimeMs).toBe(built); // not written again
    expect((require(first) as { value: number }).value).toBe(2);

    fs.writeFileSync(path.join(src, 'dep.ts'), 'export const base: number = 41;\n');
    const second = workerBundle(entry, options);
    expect(second).not.toBe(first);
    expect((require(second) as { value: number }).value).toBe(42);
  });

  it('removes bundles older than a day when it builds, and keeps newer ones', () => {
    const src = tempDir({ 'entry.ts': 'export const value: number = 1;\n' });
    const cacheDir = tempDir({ 'entry-old.cjs': '', 'entry-recent.cjs': '', 'notes.txt': '' });
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    for (const name of ['entry-old.cjs', 'notes.txt']) fs.utimesSync(path.join(cacheDir, name), twoDaysAgo, twoDaysAgo);
    const bundle = workerBundle(path.join(src, 'entry.ts'), { cacheDir });
    const left = fs.readdirSync(cacheDir);
    expect(left.filter((name) => name.endsWith('.cjs')).sort()).toEqual([path.basename(bundle), 'entry-recent.cjs'].sort());
    expect(left).toContain('notes.txt'); // not a bundle: not ours to remove
  });

  it('keeps a bundle built long ago but used since: another checkout rebuilding in the same folder does not pull it from under a worker', () => {
    const cacheDir = tempDir();
    const used = path.join(tempDir({ 'entry.ts': 'export const value: number = 1;\n' }), 'entry.ts');
    const bundle = workerBundle(used, { cacheDir });
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    fs.utimesSync(bundle, twoDaysAgo, twoDaysAgo);
    expect(workerBundle(used, { cacheDir })).toBe(bundle); // a cache hit marks its manifest used
    workerBundle(path.join(tempDir({ 'other.ts': 'export const value: number = 2;\n' }), 'other.ts'), { cacheDir });
    expect(fs.existsSync(bundle)).toBe(true);
  });

  it("refuses a bundle folder that is not this user's alone (others may write it, or it is a link), running nothing from it", () => {
    const entry = path.join(tempDir({ 'entry.ts': 'export const value: number = 1;\n' }), 'entry.ts');
    const open = tempDir();
    fs.chmodSync(open, 0o777);
    expect(() => workerBundle(entry, { cacheDir: open })).toThrow(`The worker bundle folder ${open} is not this user's alone`);
    expect(fs.readdirSync(open)).toEqual([]);
    const link = path.join(tempDir(), 'link');
    fs.symlinkSync(tempDir(), link);
    expect(() => workerBundle(entry, { cacheDir: link })).toThrow(`The worker bundle folder ${link} is not this user's alone`);
    // A folder of its own is created private.
    const fresh = path.join(tempDir(), 'bundles');
    workerBundle(entry, { cacheDir: fresh });
    expect(fs.statSync(fresh).mode & 0o777).toBe(0o700);
  });
});
