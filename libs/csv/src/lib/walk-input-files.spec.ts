import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InputPathError, walkInputFiles } from './walk-input-files';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.chmodSync(dir, 0o700);
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** A temporary folder with these files (`/` makes sub-folders); removed after the tests. */
function folder(files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'walk-'));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const runningAsRoot = process.getuid?.() === 0;

describe('walkInputFiles', () => {
  it('takes .csv and .csv.gz files from the folder and its sub-folders, sorted by relative path', async () => {
    const dir = folder({ 'b.csv': 'bb', 'A.CSV': 'a', 'notes.txt': 'x', 'by-day/2010-12-02.csv.gz': 'gz', 'by-day/deep/2010-12-01.csv': '1', 'x.csv/inner.csv': 'in' });
    const walk = await walkInputFiles(dir);
    expect(walk).toEqual({
      root: 'folder',
      files: [
        { path: path.join(dir, 'A.CSV'), relative: 'A.CSV', size: 1 },
        { path: path.join(dir, 'b.csv'), relative: 'b.csv', size: 2 },
        { path: path.join(dir, 'by-day/2010-12-02.csv.gz'), relative: 'by-day/2010-12-02.csv.gz', size: 2 },
        { path: path.join(dir, 'by-day/deep/2010-12-01.csv'), relative: 'by-day/deep/2010-12-01.csv', size: 1 },
        // A folder named like a file is a folder: walked, never opened as a file.
        { path: path.join(dir, 'x.csv/inner.csv'), relative: 'x.csv/inner.csv', size: 2 },
      ],
      skipped: [],
    });
  });

  it('takes a file given as the root as it is, whatever its name', async () => {
    const dir = folder({ 'notes.txt': 'abc' });
    expect(await walkInputFiles(path.join(dir, 'notes.txt'))).toEqual({
      root: 'file',
      files: [{ path: path.join(dir, 'notes.txt'), relative: 'notes.txt', size: 3 }],
      skipped: [],
    });
  });

  it('takes every file with a filter that accepts all', async () => {
    const dir = folder({ 'a.csv': '', 'sub/b.json': '' });
    expect((await walkInputFiles(dir, { filter: () => true })).files.map((f) => f.relative)).toEqual(['a.csv', 'sub/b.json']);
  });

  it('follows links, skips and reports a broken link, a link loop, a second link to a folder and a pipe', async () => {
    const dir = folder({ 'a.csv': 'a', 'sub/b.csv': 'b' });
    fs.symlinkSync(path.join(dir, 'sub'), path.join(dir, 'linked'));
    fs.symlinkSync(path.join(dir, 'nowhere.csv'), path.join(dir, 'gone.csv'));
    fs.symlinkSync(dir, path.join(dir, 'sub', 'up'));
    fs.symlinkSync(path.join(dir, 'self.csv'), path.join(dir, 'self.csv'));
    fs.symlinkSync(path.join(dir, 'a.csv'), path.join(dir, 'z-same.csv'));
    execFileSync('mkfifo', [path.join(dir, 'pipe.csv')]);
    const walk = await walkInputFiles(dir);
    // The real folder keeps its path; the link to it is the duplicate.
    expect(walk.files.map((f) => f.relative)).toEqual(['a.csv', 'sub/b.csv']);
    expect(walk.skipped).toEqual([
      { path: path.join(dir, 'gone.csv'), relative: 'gone.csv', reason: 'broken link' },
      { path: path.join(dir, 'linked'), relative: 'linked', reason: 'duplicate', sameAs: 'sub' },
      { path: path.join(dir, 'pipe.csv'), relative: 'pipe.csv', reason: 'not a regular file' },
      { path: path.join(dir, 'self.csv'), relative: 'self.csv', reason: 'link loop' },
      { path: path.join(dir, 'sub/up'), relative: 'sub/up', reason: 'link loop' },
      { path: path.join(dir, 'z-same.csv'), relative: 'z-same.csv', reason: 'duplicate', sameAs: 'a.csv' },
    ]);
  });

  it('walks a linked folder that is not otherwise in the tree, under the name of the link', async () => {
    const outside = folder({ 'c.csv': 'c' });
    const dir = folder({ 'a.csv': 'a' });
    fs.symlinkSync(outside, path.join(dir, 'more'));
    fs.symlinkSync(dir, path.join(outside, 'back'));
    const walk = await walkInputFiles(dir);
    expect(walk.files.map((f) => [f.relative, f.path])).toEqual([
      ['a.csv', path.join(dir, 'a.csv')],
      ['more/c.csv', path.join(dir, 'more/c.csv')],
    ]);
    expect(walk.skipped).toEqual([{ path: path.join(dir, 'more/back'), relative: 'more/back', reason: 'link loop' }]);
  });

  // As root, chmod does not stop reads (CI runs as root): the case can only be shown as another user.
  (runningAsRoot ? it.skip : it)('skips and reports a folder and a file it has no permission to read', async () => {
    const dir = folder({ 'a.csv': 'a', 'locked/b.csv': 'b', 'secret.csv': 's' });
    fs.chmodSync(path.join(dir, 'locked'), 0o000);
    fs.chmodSync(path.join(dir, 'secret.csv'), 0o000);
    made.push(path.join(dir, 'locked'));
    const walk = await walkInputFiles(dir);
    expect(walk.files.map((f) => f.relative)).toEqual(['a.csv']);
    expect(walk.skipped).toEqual([
      { path: path.join(dir, 'locked'), relative: 'locked', reason: 'permission denied' },
      { path: path.join(dir, 'secret.csv'), relative: 'secret.csv', reason: 'permission denied' },
    ]);
    await expect(walkInputFiles(path.join(dir, 'locked'))).rejects.toThrow(`${path.join(dir, 'locked')}: permission denied (this user cannot read it).`);
  });

  it('names what is wrong with a root it cannot read', async () => {
    const dir = folder();
    fs.symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'dangling'));
    fs.symlinkSync(path.join(dir, 'loop'), path.join(dir, 'loop'));
    execFileSync('mkfifo', [path.join(dir, 'fifo')]);
    const cases: [string, string, string][] = [
      ['missing', 'not found', 'no such file or folder'],
      ['dangling', 'broken link', 'a symbolic link whose target does not exist'],
      ['loop', 'link loop', 'a symbolic link loop (the links point at each other)'],
      ['fifo', 'not a file or folder', 'not a regular file or folder (a device, socket or pipe)'],
    ];
    for (const [name, problem, says] of cases) {
      const root = path.join(dir, name);
      const error = await walkInputFiles(root).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputPathError);
      expect(error).toMatchObject({ path: root, problem, detail: says, message: `${root}: ${says}.` });
    }
  });
});
