import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * Links `files` (paths under `root`, as `listCsvFiles(root)` gives them) into `dir` at the same
 * relative paths: a subset of an input that the app reads like the input itself, without
 * copying it (the real dataset is never copied). Subfolders are kept, so two files of the same
 * name in different folders stay two files, in the same order.
 */
export function linkInputSubset(root: string, files: readonly string[], dir: string): void {
  // Every path checked before the first link: a mistake leaves no half-made subset.
  const relatives = files.map((file) => {
    const relative = path.relative(root, file);
    if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) throw new RangeError(`${file} is not under ${root}`);
    return relative;
  });
  files.forEach((file, i) => {
    const link = path.join(dir, relatives[i]);
    mkdirSync(path.dirname(link), { recursive: true });
    symlinkSync(path.resolve(file), link);
  });
}

/**
 * Non-blank lines after the header of a CSV file (gunzipped when its name ends in .gz): a
 * quick count to choose files by size. It counts lines, not records (a quoted field may hold
 * a newline): the runs' own row counts are checked against the cleaning library's.
 */
export function dataLines(file: string): number {
  const bytes = readFileSync(file);
  const text = (/\.gz$/i.test(file) ? gunzipSync(bytes) : bytes).toString('utf8');
  return Math.max(0, text.split('\n').filter((line) => line.trim() !== '').length - 1);
}
