import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import { escapeControl } from '@ecomlake/cleaning';
import { InputPathError, isCsvPath, walkInputFiles, type SkippedEntry } from '@ecomlake/csv';
import { readSyntheticDataset, writeSyntheticDataset } from '@ecomlake/local-stack';
import { UsageError, type Settings } from './settings';

/**
 * Where the raw data comes from: a local file or folder to upload, or a lake prefix already
 * in S3. A local input has its own lake prefix, `raw/<name>-<id>/`, where `id` is a hash of
 * its real path: two inputs never share a prefix, even with the same folder name.
 */
export type RawInput =
  | {
      kind: 'local';
      path: string;
      name: string;
      rawKey: string;
      synthetic: boolean;
      /** Entries under a local folder that cannot be read (broken links, loops, no permission): not uploaded. */
      skipped: readonly SkippedEntry[];
    }
  | { kind: 's3'; uri: string };

const CSV_FILE = /\.csv(\.gz)?$/i;

/** Bytes per input line, roughly (the real dataset 83, the synthetic 87): input and object sizes to lines and items. */
export const BYTES_PER_LINE = 85;

/**
 * About how many lines a run reads, known before anything starts (to size the embedded stack,
 * `jitForLines`): the synthetic rows, or a local input's CSV bytes over `BYTES_PER_LINE`.
 * Undefined when it is not known without reading: an S3 input, gzipped files, an input that
 * cannot be walked (its own check names the mistake).
 */
export async function expectedLines(settings: Settings): Promise<number | undefined> {
  if (!settings.input) return settings.rows;
  if (settings.input.startsWith('s3://')) return undefined;
  const walk = await walkInputFiles(path.resolve(settings.input)).catch(() => undefined);
  if (!walk || walk.files.some((file) => /\.gz$/i.test(file.path))) return undefined;
  return Math.round(walk.files.reduce((sum, file) => sum + file.size, 0) / BYTES_PER_LINE);
}

/** Resolves `--input` (or generates the synthetic default) and checks it before anything runs. */
export async function resolveInput(settings: Settings, dataDir = '.data'): Promise<RawInput> {
  if (!settings.input) {
    const dir = path.join(dataDir, 'synthetic', `rows-${settings.rows}-seed-${settings.seed}`);
    // Same rows and seed give the same bytes, so a complete folder is reused as is; one cut
    // short (no completion marker, or files that do not match it) is written again.
    if (!(await readSyntheticDataset(dir, { rows: settings.rows, seed: settings.seed }))) {
      await writeSyntheticDataset(dir, { rows: settings.rows, seed: settings.seed });
    }
    return { kind: 'local', path: dir, name: 'synthetic', rawKey: rawKeyFor(dir, 'synthetic'), synthetic: true, skipped: [] };
  }
  if (settings.input.startsWith('s3://')) return { kind: 's3', uri: settings.input };
  const input = path.resolve(settings.input);
  const flag = `--input ${escapeControl(settings.input)}`;
  // The walk the upload does (and the cleaning command): the files checked here are the files sent.
  const walk = await walkInputFiles(input).catch((error: unknown) => {
    throw error instanceof InputPathError ? new UsageError(`${flag}: ${error.detail}.`) : error;
  });
  if (walk.root === 'folder' && walk.files.length === 0) {
    const unreadable = walk.skipped.length > 0 ? `; ${walk.skipped.length} could not be read (${describeSkipped(walk.skipped)})` : '';
    throw new UsageError(`${flag}: the folder has no .csv or .csv.gz files. Sub-folders were searched too${unreadable}.`);
  }
  if (walk.root === 'file' && !isCsvPath(input)) throw new UsageError(`${flag}: expected a .csv or .csv.gz file.`);
  const name = path.basename(input).replace(CSV_FILE, '');
  return { kind: 'local', path: input, name, rawKey: rawKeyFor(input, name), synthetic: false, skipped: walk.skipped };
}

/**
 * Checks a local `--input` before anything starts (the stack, the upload): missing, not a
 * .csv/.csv.gz file, or a folder without any, is a UsageError naming the absolute path
 * tried. The synthetic default and s3:// inputs are checked where they are read.
 */
export async function checkInput(settings: Settings): Promise<void> {
  if (settings.input && !settings.input.startsWith('s3://')) await resolveInput(settings);
}

/** Skipped entries for a one-line message: `a.csv: broken link, b: link loop` (the first three). */
export function describeSkipped(skipped: readonly SkippedEntry[]): string {
  const shown = skipped.slice(0, 3).map((s) => `${escapeControl(s.relative)}: ${s.reason}`);
  return skipped.length > 3 ? `${shown.join(', ')}, …` : shown.join(', ');
}

/** `raw/<name>-<8 hex of the real path's SHA-256>/`, the name reduced to safe key characters. */
export function rawKeyFor(localPath: string, name: string): string {
  const id = createHash('sha256').update(realpathSync(localPath)).digest('hex').slice(0, 8);
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'input';
  return `raw/${safe}-${id}/`;
}
