import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';

/** A file found under a root, with its path relative to the root in `/` form. */
export interface LocalFile {
  readonly path: string;
  /** Relative to the walked folder, `/`-separated; the bare file name for a single file. */
  readonly relative: string;
  readonly size: number;
}

/** The regular files under a folder (symbolic links followed), sorted by relative path; or the one file. */
export async function walkFiles(root: string): Promise<LocalFile[]> {
  const info = await stat(root);
  if (info.isFile()) return [{ path: root, relative: basename(root), size: info.size }];
  const files: LocalFile[] = [];
  const visit = async (dir: string): Promise<void> => {
    for (const name of await readdir(dir)) {
      const path = join(dir, name);
      const entry = await stat(path);
      if (entry.isDirectory()) await visit(path);
      else if (entry.isFile()) files.push({ path, relative: relative(root, path).split(sep).join('/'), size: entry.size });
    }
  };
  await visit(root);
  return files.sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
}
