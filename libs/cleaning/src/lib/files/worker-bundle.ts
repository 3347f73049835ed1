import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface WorkerBundleOptions {
  /**
   * Folder of the bundles and their manifests: it must be ours alone (owned by this user, writable
   * by no one else), since the worker runs what it finds there. Default
   * `<os.tmpdir()>/ecomlake-cleaning-worker-<uid>`.
   */
  cacheDir?: string;
  /** tsconfig with the `@ecomlake/*` paths. Default the nearest `tsconfig.base.json` above the entry. */
  tsconfig?: string;
}

/** The part of esbuild's API used here. */
interface Esbuild {
  buildSync(options: Record<string, unknown>): { outputFiles: { contents: Uint8Array }[]; metafile: { inputs: Record<string, unknown> } };
}

/** What was bundled last for an entry: each input's mtime and size, and the bundle made of them. */
interface Manifest {
  entry: string;
  bundle: string;
  inputs: Record<string, readonly [number, number]>;
}

/**
 * A TypeScript worker entry as one plain JavaScript file, for running the cleaning from
 * its sources (tsx, jest). A worker that registers tsx and compiles the sources itself
 * costs 120-230 ms of CPU before its first row, which on two cores is what the second
 * thread would have won; a bundle starts in about 25 ms. The bundle is built with esbuild
 * (tsx's own compiler) once, and again only when an input's mtime or size changes.
 */
export function workerBundle(entry: string, options: WorkerBundleOptions = {}): string {
  const cacheDir = ownFolder(options.cacheDir ?? path.join(os.tmpdir(), `ecomlake-cleaning-worker-${process.getuid?.() ?? 'user'}`));
  const tsconfig = options.tsconfig ?? findUp(path.dirname(entry), 'tsconfig.base.json');
  // One bundle per entry, tsconfig (its paths) and Node line (esbuild's target).
  const manifestFile = path.join(cacheDir, `${hash(`${entry}\n${tsconfig ?? ''}\n${process.versions.node.split('.')[0]}`)}.json`);
  const cached = readManifest(manifestFile);
  if (cached && cached.entry === entry && isFresh(cached)) {
    // Used now: its manifest's time says so, and another checkout's rebuild, which removes
    // bundles unused for a day, leaves it alone (the bundle itself is not touched).
    const now = new Date();
    fs.utimesSync(manifestFile, now, now);
    return cached.bundle;
  }
  return build(entry, cacheDir, manifestFile, tsconfig);
}

function build(entry: string, cacheDir: string, manifestFile: string, tsconfig: string | undefined): string {
  // esbuild comes with tsx, which running from sources needs anyway; the built package never gets here.
  const tsxDir = path.dirname(require.resolve('tsx/package.json', { paths: [__dirname] }));
  const esbuild = require(require.resolve('esbuild', { paths: [tsxDir] })) as Esbuild;
  const result = esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    tsconfig,
    keepNames: true, // errors are matched by class name across threads
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  fs.mkdirSync(cacheDir, { recursive: true });
  const bundle = path.join(cacheDir, `${path.basename(entry, path.extname(entry))}-${hash(code)}.cjs`);
  // Written whole, then renamed: another process may be reading or writing the same files.
  writeWhole(bundle, code);
  const inputs: Manifest['inputs'] = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    const file = path.resolve(input);
    const stat = fs.statSync(file);
    inputs[file] = [stat.mtimeMs, stat.size];
  }
  writeWhole(manifestFile, JSON.stringify({ entry, bundle, inputs } satisfies Manifest));
  removeStale(cacheDir, bundle);
  return bundle;
}

/** Bundles older than a day, from earlier sources: one is left per edit. (Newer ones may still be starting in another process.) */
const STALE_MS = 24 * 60 * 60 * 1000;

function removeStale(cacheDir: string, keep: string): void {
  const names = fs.readdirSync(cacheDir);
  const old = (file: string): boolean => {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    return stat !== undefined && Date.now() - stat.mtimeMs > STALE_MS;
  };
  // A bundle whose manifest was used within the day may be running in another checkout's worker.
  const used = new Set(names.filter((name) => name.endsWith('.json') && !old(path.join(cacheDir, name))).map((name) => readManifest(path.join(cacheDir, name))?.bundle));
  for (const name of names) {
    const file = path.join(cacheDir, name);
    if (!name.endsWith('.cjs') || file === keep || used.has(file)) continue;
    if (old(file)) fs.rmSync(file, { force: true });
  }
}

/**
 * `dir`, created private if missing, once it is sure to be ours: a folder (not a link) owned by
 * this user that no one else may write. A shared temp folder lets anyone create a name first;
 * running a bundle planted there would run their code.
 */
function ownFolder(dir: string): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = fs.lstatSync(dir);
  const uid = process.getuid?.();
  const foreign = !stat.isDirectory() || (uid !== undefined && stat.uid !== uid) || (stat.mode & 0o022) !== 0;
  if (foreign) throw new Error(`The worker bundle folder ${dir} is not this user's alone (a link, another owner, or writable by others): remove it or give cacheDir another folder.`);
  return dir;
}

function readManifest(file: string): Manifest | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  } catch {
    return undefined; // none yet, or unreadable: build again
  }
}

function isFresh(manifest: Manifest): boolean {
  if (!fs.existsSync(manifest.bundle)) return false;
  for (const [file, [mtimeMs, size]] of Object.entries(manifest.inputs)) {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat || stat.mtimeMs !== mtimeMs || stat.size !== size) return false;
  }
  return true;
}

function writeWhole(file: string, data: string | Uint8Array): void {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  fs.writeFileSync(temp, data);
  fs.renameSync(temp, file);
}

function hash(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex').slice(0, 16);
}

function findUp(dir: string, name: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    const candidate = path.join(d, name);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(d) === d) return undefined;
  }
}
