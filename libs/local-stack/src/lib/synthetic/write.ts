import { lstat, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InvalidSyntheticOptionsError } from './errors';
import { generateRetailDays, syntheticDefaults, type SyntheticRetailOptions } from './generate';

/** What was written. */
export interface SyntheticDatasetSummary {
  /** Paths of the written files (`<dir>/YYYY-MM-DD.csv`), in day order. */
  readonly files: string[];
  /** Data lines written, headers excluded (equals `options.rows`). */
  readonly rows: number;
  /** Bytes written (UTF-8), headers included. */
  readonly bytes: number;
}

/** Written last, inside the folder: its presence means every file before it is whole. */
const MARKER = '.synthetic-dataset.json';
const DAY_FILE = /^\d{4}-\d{2}-\d{2}\.csv$/;

interface Marker {
  options: Required<SyntheticRetailOptions>;
  rows: number;
  files: { name: string; bytes: number }[];
}

/**
 * Writes one `YYYY-MM-DD.csv` per trading day, and a completion marker, into a temporary
 * folder beside `dir`, then renames it to `dir`: `dir` holds a whole dataset or none, and
 * a crash leaves at most a `<dir>.partial-*` folder. An existing `dir` (a dataset, or one
 * left half-written by an older version) is replaced as a whole; one holding anything but
 * day files is refused. One day in memory at a time.
 */
export async function writeSyntheticDataset(
  dir: string,
  options: SyntheticRetailOptions = {},
): Promise<SyntheticDatasetSummary> {
  const target = resolve(dir);
  await refuseForeignFolder(target);
  await mkdir(dirname(target), { recursive: true });
  const temp = await mkdtemp(`${target}.partial-`);
  const marker: Marker = { options: syntheticDefaults(options), rows: 0, files: [] };
  try {
    for (const { day, csv, rows } of generateRetailDays(options)) {
      const data = Buffer.from(csv, 'utf8');
      await writeFile(join(temp, `${day}.csv`), data);
      marker.files.push({ name: `${day}.csv`, bytes: data.length });
      marker.rows += rows;
    }
    await writeFile(join(temp, MARKER), `${JSON.stringify(marker, null, 2)}\n`);
    await swapInto(temp, target, options);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  return summaryOf(dir, marker);
}

/**
 * The summary of the dataset in `dir` if it is complete and was written with these options
 * (every file of its marker present with its size), else undefined: missing, interrupted,
 * written by an older version without a marker, or with other options. Rewrite it then.
 */
export async function readSyntheticDataset(
  dir: string,
  options: SyntheticRetailOptions = {},
): Promise<SyntheticDatasetSummary | undefined> {
  const marker = await readMarker(dir);
  if (!marker || JSON.stringify(marker.options) !== JSON.stringify(syntheticDefaults(options))) return undefined;
  for (const file of marker.files) {
    const size = await stat(join(dir, file.name)).then((s) => s.size, () => -1);
    if (size !== file.bytes) return undefined;
  }
  return summaryOf(dir, marker);
}

async function readMarker(dir: string): Promise<Marker | undefined> {
  try {
    const marker = JSON.parse(await readFile(join(dir, MARKER), 'utf8')) as Partial<Marker>;
    return marker.options && Array.isArray(marker.files) && typeof marker.rows === 'number' ? (marker as Marker) : undefined;
  } catch {
    return undefined; // no marker, or one cut short: not a complete dataset
  }
}

function summaryOf(dir: string, marker: Marker): SyntheticDatasetSummary {
  return {
    files: marker.files.map((f) => join(dir, f.name)),
    rows: marker.rows,
    bytes: marker.files.reduce((sum, f) => sum + f.bytes, 0),
  };
}

/** Replaces `dir` by `temp` with renames only. A writer that lost a race to an identical dataset keeps it. */
async function swapInto(temp: string, dir: string, options: SyntheticRetailOptions): Promise<void> {
  const old = `${temp}.old`;
  const hadDir = await rename(dir, old).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );
  try {
    await rename(temp, dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || !(await readSyntheticDataset(dir, options))) throw error;
  } finally {
    if (hadDir) await rm(old, { recursive: true, force: true });
  }
}

/** Replacing `dir` deletes it: only ever a folder of day files (and our marker). */
async function refuseForeignFolder(dir: string): Promise<void> {
  const stats = await lstat(dir).catch(() => undefined);
  if (!stats) return;
  const foreign = stats.isDirectory()
    ? (await readdir(dir)).find((name) => name !== MARKER && !DAY_FILE.test(name))
    : basename(dir);
  if (foreign !== undefined) {
    throw new InvalidSyntheticOptionsError(
      'dir',
      dir,
      `it holds ${stats.isDirectory() ? `"${foreign}", which is not a synthetic day file` : 'a file, not a folder'}; ` +
        'the dataset replaces the whole folder, so pass a new or empty folder.',
    );
  }
}
