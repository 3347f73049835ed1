import type { SkippedEntry } from '@ecomlake/csv';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { walkFiles } from './walk-files';

describe('walkFiles (the upload walk)', () => {
  let dir = '';
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'walk-files-'));
    fs.mkdirSync(path.join(dir, 'by-day', 'x.csv'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'by-day', '2010-12-01.csv'), 'a\n1\n');
    fs.writeFileSync(path.join(dir, 'by-day', 'x.csv', 'notes.txt'), 'n');
    fs.symlinkSync(path.join(dir, 'gone.csv'), path.join(dir, 'dangling.csv'));
    fs.symlinkSync(dir, path.join(dir, 'by-day', 'up'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('takes every regular file, and skips and reports a broken link and a link loop instead of failing', async () => {
    const skipped: SkippedEntry[] = [];
    const files = await walkFiles(dir, { onSkipped: (s) => skipped.push(s) });
    expect(files).toEqual([
      { path: path.join(dir, 'by-day', '2010-12-01.csv'), relative: 'by-day/2010-12-01.csv', size: 4 },
      { path: path.join(dir, 'by-day', 'x.csv', 'notes.txt'), relative: 'by-day/x.csv/notes.txt', size: 1 },
    ]);
    expect(skipped.map((s) => [s.relative, s.reason])).toEqual([
      ['by-day/up', 'link loop'],
      ['dangling.csv', 'broken link'],
    ]);
  });
});
