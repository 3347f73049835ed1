// The out folder holds our files and nothing else is touched. A run records every file it
// writes (size and SHA-256) in the folder's manifest, .ecomlake-outputs.json, before writing
// it; the next run deletes only those files, and only while they are unchanged. It never
// follows a symbolic link, never deletes a name it did not write, and refuses a folder that
// holds other files where it would write. Every file goes in whole or not at all (a temporary
// file beside it, renamed over it), so neither a reader nor a failure meets a half-written output.
import { createHash, randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkOutDir, OutDirError } from './out-dir-check';

export { checkOutDir, OutDirError } from './out-dir-check';

/** The names a run writes into the out folder. */
export const OUT_NAMES = {
  summary: 'run-summary.json',
  quality: 'quality-report.json',
  report: 'report.html',
  charts: 'charts',
  /** What our runs wrote here: the only files a later run may delete. */
  manifest: '.ecomlake-outputs.json',
} as const;

/** One file a run wrote, as it wrote it. */
interface WrittenFile {
  size: number;
  sha256: string;
  /** The temporary file it was written through, removed by the next run if a kill left it. */
  temp?: string;
}

/** The shape of .ecomlake-outputs.json. Paths are relative to the folder, with `/`. */
interface Manifest {
  tool: 'ecomlake pipeline';
  version: 1;
  runId: string;
  files: Record<string, WrittenFile>;
}

/** Folders claimed by this process, by absolute path: writes inside them are recorded. */
const claimed = new Map<string, Manifest>();

/** The lock file lockFolder (@ecomlake/util) keeps in the folder while a run holds it. */
export const OUT_LOCK_FILE = '.ecomlake.lock';

/** Names in the folder that are neither ours to delete nor in our way: the manifest, the run's lock, checkOutDir's probe (and their temporary files). */
const isBookkeeping = (name: string): boolean =>
  name === OUT_NAMES.manifest || name.startsWith(`${OUT_NAMES.manifest}.`) || name.startsWith(OUT_LOCK_FILE) || name.startsWith('.ecomlake-probe-');

/**
 * Writes `data` to `file` whole or not at all: into `.name.<pid>.<random>.tmp` in the same
 * folder, then renamed over `file`. Creates missing folders; if the write fails, the
 * temporary file is removed, `file` keeps what it had, and the error is thrown. Inside a
 * folder claimed with claimOutDir, the file is recorded in its manifest first.
 */
export function writeFileAtomic(file: string, data: string | NodeJS.ArrayBufferView): void {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  record(file, data, temp);
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
 * Claims `dir` for run `runId` and writes `summary` as run-summary.json: first checks the
 * folder (checkOutDir), then removes what earlier runs recorded in the manifest and left
 * unchanged, then refuses (OutDirError) if anything is left where a run writes
 * (run-summary.json, quality-report.json, report.html, charts/), or if the folder holds
 * anything at all and has no manifest. Other files of a folder we own stay. Returns the
 * removed paths.
 */
export function claimOutDir<S extends { runId: string }>(dir: string, summary: S, flag = '--out'): string[] {
  const root = checkOutDir(dir, flag);
  const previous = readManifest(root);
  const ours = new Set(previous ? deletable(root, previous) : []);
  const left = entriesIn(root).filter((name) => !isBookkeeping(name) && !ours.has(name));
  // Refused before anything is deleted: a refused folder is left exactly as it was.
  if (!previous && left.length > 0) {
    throw new OutDirError(
      `${flag} ${root} already holds files this pipeline did not write (${describe(root, left)}). Choose an empty or new folder, or remove those files.`,
    );
  }
  const written: readonly string[] = [OUT_NAMES.summary, OUT_NAMES.quality, OUT_NAMES.report];
  const inTheWay = [...left.filter((name) => written.includes(name)), ...chartsInTheWay(root, ours)];
  if (inTheWay.length > 0) {
    throw new OutDirError(
      `${flag} ${root} holds files where a run writes that this pipeline did not write, or that changed since it wrote them (${inTheWay.join(', ')}). ` +
        'They are left as they are: choose an empty or new folder, or move those files away.',
    );
  }
  // The manifest's own temporary files, left by a kill in the middle of saving it.
  for (const name of entriesIn(root)) if (/^\.ecomlake-outputs\.json\.\d+\.[0-9a-f]+\.tmp$/.test(name) && regularFile(root, name)) ours.add(name);
  const removed = [...ours].map((relative) => {
    rmSync(path.join(root, relative), { force: true });
    return path.join(root, relative);
  });
  const manifest: Manifest = { tool: 'ecomlake pipeline', version: 1, runId: summary.runId, files: {} };
  claimed.set(root, manifest);
  saveManifest(root, manifest);
  writeJsonAtomic(path.join(root, OUT_NAMES.summary), summary);
  return removed;
}

/**
 * Removes `file` if this process wrote it into a claimed folder and it is unchanged since;
 * anything else stays. Returns true if it was removed.
 */
export function removeOutput(file: string): boolean {
  const found = claimFor(file);
  if (!found) return false;
  const [root, manifest, relative] = found;
  const entry = manifest.files[relative];
  if (!entry || !unchanged(root, relative, entry)) return false;
  rmSync(path.join(root, relative), { force: true });
  delete manifest.files[relative];
  saveManifest(root, manifest);
  return true;
}

/** Forgets a claimed folder (its writes are no longer recorded). */
export function releaseOutDir(dir: string): void {
  claimed.delete(path.resolve(dir));
}

function record(file: string, data: string | NodeJS.ArrayBufferView, temp: string): void {
  const found = claimFor(file);
  if (!found) return;
  const [root, manifest, relative] = found;
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  manifest.files[relative] = { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), temp: path.basename(temp) };
  // Recorded before the file exists: a run killed in between leaves an entry whose file is
  // missing (nothing to delete), never a file of ours that the next run would not know.
  saveManifest(root, manifest);
}

function claimFor(file: string): [string, Manifest, string] | undefined {
  const absolute = path.resolve(file);
  for (const [root, manifest] of claimed) {
    const relative = path.relative(root, absolute);
    if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) && path.basename(relative) !== OUT_NAMES.manifest) {
      return [root, manifest, relative.split(path.sep).join('/')];
    }
  }
  return undefined;
}

function saveManifest(root: string, manifest: Manifest): void {
  const file = path.join(root, OUT_NAMES.manifest);
  const temp = path.join(root, `${OUT_NAMES.manifest}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, `${JSON.stringify(manifest, null, 2)}\n`, { flag: 'wx', flush: true });
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** The folder's manifest, or undefined when it has none (or one that is not ours: a link, or not our shape). */
function readManifest(root: string): Manifest | undefined {
  const file = path.join(root, OUT_NAMES.manifest);
  if (!lstatSync(file, { throwIfNoEntry: false })?.isFile()) return undefined;
  try {
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as Partial<Manifest>;
    if (manifest.tool !== 'ecomlake pipeline' || typeof manifest.files !== 'object' || manifest.files === null) return undefined;
    return manifest as Manifest;
  } catch {
    return undefined;
  }
}

/** The manifest's files that are unchanged, and the temporary files of writes a kill cut short: relative paths. */
function deletable(root: string, manifest: Manifest): string[] {
  const found: string[] = [];
  for (const [relative, entry] of Object.entries(manifest.files)) {
    if (!safeRelative(root, relative)) continue;
    if (unchanged(root, relative, entry)) found.push(relative);
    const temp = typeof entry.temp === 'string' ? path.posix.join(path.posix.dirname(relative), path.posix.basename(entry.temp)) : undefined;
    if (temp && safeRelative(root, temp) && regularFile(root, temp)) found.push(temp);
  }
  return found;
}

/**
 * True for a relative path inside `root` whose folders are real folders, not links: a
 * recorded `charts/a.png` under a `charts` that is now a link elsewhere is not ours to touch.
 */
function safeRelative(root: string, relative: string): boolean {
  if (relative === '' || path.posix.isAbsolute(relative) || relative.split('/').some((part) => part === '..' || part === '' || part === '.')) return false;
  let dir = root;
  for (const part of relative.split('/').slice(0, -1)) {
    dir = path.join(dir, part);
    const stat = lstatSync(dir, { throwIfNoEntry: false });
    if (!stat?.isDirectory()) return false;
  }
  return true;
}

function regularFile(root: string, relative: string): boolean {
  return lstatSync(path.join(root, relative), { throwIfNoEntry: false })?.isFile() ?? false;
}

/** The file is a regular file (not a link) with exactly the size and SHA-256 we wrote. */
function unchanged(root: string, relative: string, entry: WrittenFile): boolean {
  const file = path.join(root, relative);
  const stat = lstatSync(file, { throwIfNoEntry: false });
  if (!stat?.isFile() || stat.size !== entry.size) return false;
  return createHash('sha256').update(readFileSync(file)).digest('hex') === entry.sha256;
}

/** What charts/ holds that is not ours to delete (or charts itself when it is not a real folder), as `charts/name`. */
function chartsInTheWay(root: string, ours: ReadonlySet<string>): string[] {
  const charts = path.join(root, OUT_NAMES.charts);
  const stat = lstatSync(charts, { throwIfNoEntry: false });
  if (!stat) return [];
  if (!stat.isDirectory()) return [`${OUT_NAMES.charts} (${stat.isSymbolicLink() ? 'a symbolic link, never followed' : 'not a folder'})`];
  return readdirSync(charts)
    .map((name) => `${OUT_NAMES.charts}/${name}`)
    .filter((relative) => !ours.has(relative));
}

function entriesIn(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** `a.txt, charts/, …` (the first five). */
function describe(root: string, names: readonly string[]): string {
  const shown = [...names].sort().slice(0, 5).map((name) => (lstatSync(path.join(root, name)).isDirectory() ? `${name}/` : name));
  return names.length > 5 ? `${shown.join(', ')}, … ${names.length} entries` : shown.join(', ');
}
