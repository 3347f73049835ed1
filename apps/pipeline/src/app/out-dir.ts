// The out folder holds one run's outputs at a time. Every file goes in whole or not at all
// (a temporary file beside it, renamed over it), so neither a reader nor a failure meets a
// half-written output.
import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** The names a run writes into the out folder. */
export const OUT_NAMES = {
  summary: 'run-summary.json',
  quality: 'quality-report.json',
  report: 'report.html',
  charts: 'charts',
} as const;

/** A temporary file of `writeFileAtomic`: `.name.<pid>.<random>.tmp`. */
const TEMP_FILE = /^\..+\.\d+\.[0-9a-f]+\.tmp$/;

/**
 * Writes `data` to `file` whole or not at all: into `.name.<pid>.<random>.tmp` in the same
 * folder, then renamed over `file`. Creates missing folders; if the write fails, the
 * temporary file is removed, `file` keeps what it had, and the error is thrown.
 */
export function writeFileAtomic(file: string, data: string | NodeJS.ArrayBufferView): void {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    // flush: the bytes reach the disk before the rename publishes them, so a crash cannot leave an empty target.
    writeFileSync(temp, data, { flag: 'wx', flush: true });
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** `value` as indented JSON with a final newline, written with `writeFileAtomic`. */
export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Claims `dir` for a new run: writes `summary` as run-summary.json first (so the folder
 * names its new owner at once), then removes the previous run's outputs: the files its
 * summary listed in `outputs`, quality-report.json, report.html, every file in charts/,
 * and temporary files a killed write left. Anything else in `dir` stays. Returns the
 * removed paths.
 */
export function claimOutDir(dir: string, summary: object): string[] {
  const listed = previousOutputs(dir);
  writeJsonAtomic(path.join(dir, OUT_NAMES.summary), summary);
  const charts = path.join(dir, OUT_NAMES.charts);
  const candidates = new Set([
    ...listed.map((name) => path.join(dir, name)),
    path.join(dir, OUT_NAMES.quality),
    path.join(dir, OUT_NAMES.report),
    ...filesIn(charts).map((name) => path.join(charts, name)),
    ...filesIn(dir).filter((name) => TEMP_FILE.test(name)).map((name) => path.join(dir, name)),
  ]);
  candidates.delete(path.join(dir, OUT_NAMES.summary));
  const removed: string[] = [];
  for (const file of candidates) {
    if (!isFile(file)) continue;
    rmSync(file, { force: true });
    removed.push(file);
  }
  return removed;
}

/** The `outputs` of the previous run-summary.json, kept only when inside `dir`. */
function previousOutputs(dir: string): string[] {
  let text: string;
  try {
    text = readFileSync(path.join(dir, OUT_NAMES.summary), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  let outputs: unknown;
  try {
    outputs = (JSON.parse(text) as { outputs?: unknown }).outputs;
  } catch {
    // A damaged summary (hand-edited, or older than atomic writes) must not block the next run; the known names still go.
    return [];
  }
  if (!Array.isArray(outputs)) return [];
  return outputs.filter((name): name is string => typeof name === 'string' && isInside(dir, name));
}

function isInside(dir: string, name: string): boolean {
  const relative = path.relative(dir, path.resolve(dir, name));
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

function filesIn(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function isFile(file: string): boolean {
  return lstatSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}
