import { EcomlakeError } from '@ecomlake/util';
import { constants, type Dirent, type Stats } from 'node:fs';
import { access, lstat, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** A file the walk takes. */
export interface InputFile {
  /** The path to open: the root joined with `relative` (links are followed when it is opened). */
  readonly path: string;
  /** Relative to the walked folder, `/`-separated; the bare file name when the root is a file. */
  readonly relative: string;
  readonly size: number;
}

/** Why an entry was left out. */
export type SkipReason = 'broken link' | 'link loop' | 'permission denied' | 'not a regular file' | 'duplicate';

/** An entry under the root that the walk could not or would not read. */
export interface SkippedEntry {
  readonly path: string;
  readonly relative: string;
  readonly reason: SkipReason;
  /** For `duplicate`: the relative path under which the same file or folder was taken. */
  readonly sameAs?: string;
}

export interface WalkOptions {
  /**
   * Which files to take, by `/`-separated path relative to the root; folders are always
   * entered. Not applied when the root itself is a file. Default: names ending `.csv` or
   * `.csv.gz`, any case ({@link isCsvPath}).
   */
  readonly filter?: (relative: string) => boolean;
}

export interface WalkResult {
  /** Whether the root is a file or a folder. */
  readonly root: 'file' | 'folder';
  /** The files taken, sorted by relative path. */
  readonly files: readonly InputFile[];
  /** What could not be read, sorted by relative path: report these, they may hold data nobody will see. */
  readonly skipped: readonly SkippedEntry[];
}

/** What is wrong with the root path itself. */
export type InputProblem = 'not found' | 'broken link' | 'link loop' | 'permission denied' | 'not a file or folder';

const PROBLEMS: Readonly<Record<InputProblem, string>> = {
  'not found': 'no such file or folder',
  'broken link': 'a symbolic link whose target does not exist',
  'link loop': 'a symbolic link loop (the links point at each other)',
  'permission denied': 'permission denied (this user cannot read it)',
  'not a file or folder': 'not a regular file or folder (a device, socket or pipe)',
};

/** The root of a walk cannot be read; the message names the path and what is wrong with it. */
export class InputPathError extends EcomlakeError<'csv.inputPath'> {
  override readonly name = 'InputPathError';
  /** What is wrong, in words (`no such file or folder`), to put after a flag or path. */
  readonly detail: string;
  constructor(
    readonly path: string,
    readonly problem: InputProblem,
  ) {
    super('csv.inputPath', `${path}: ${PROBLEMS[problem]}.`);
    this.detail = PROBLEMS[problem];
  }
}

const CSV_PATH = /\.csv(\.gz)?$/i;

/** True for `.csv` and `.csv.gz` names, any case: the default filter. */
export function isCsvPath(relative: string): boolean {
  return CSV_PATH.test(relative);
}

/**
 * The input files under a folder (sub-folders included), or the one file. Symbolic links
 * are followed; a link back to a folder being walked is a loop, and a file or folder
 * reached a second time (two links to it) is taken once, so no data is read twice. What
 * cannot be read (a broken link, a loop, no permission, a pipe named `x.csv`) is skipped
 * and listed in `skipped` instead of failing the walk. A root that cannot be read throws
 * {@link InputPathError}.
 *
 * @example
 * const { files, skipped } = await walkInputFiles('data/by-day');
 * for (const s of skipped) console.warn(`skipped ${s.path}: ${s.reason}`);
 */
export async function walkInputFiles(root: string, options: WalkOptions = {}): Promise<WalkResult> {
  const filter = options.filter ?? isCsvPath;
  const info = await statRoot(root);
  if (info.isFile()) {
    if (!(await readable(root))) throw new InputPathError(root, 'permission denied');
    return { root: 'file', files: [{ path: root, relative: basename(root), size: info.size }], skipped: [] };
  }
  if (!info.isDirectory()) throw new InputPathError(root, 'not a file or folder');
  const files: InputFile[] = [];
  const skipped: SkippedEntry[] = [];
  const seen = new Map<string, string>(); // dev:ino → relative path taken
  const skip = (path: string, relative: string, reason: SkipReason, sameAs?: string): void => {
    skipped.push(sameAs === undefined ? { path, relative, reason } : { path, relative, reason, sameAs });
  };

  // Links are followed after the real tree is walked, so a file reached both ways keeps its real path.
  const links: { path: string; relative: string; ancestors: ReadonlySet<string> }[] = [];

  const take = async (path: string, relative: string, ancestors: ReadonlySet<string>): Promise<void> => {
    let entry: Stats;
    try {
      entry = await stat(path);
    } catch (error) {
      return skip(path, relative, skipReasonOf(error));
    }
    const id = `${entry.dev}:${entry.ino}`;
    if (entry.isDirectory()) {
      if (ancestors.has(id)) return skip(path, relative, 'link loop');
      if (seen.has(id)) return skip(path, relative, 'duplicate', seen.get(id));
      seen.set(id, relative);
      return visit(path, relative, new Set(ancestors).add(id));
    }
    if (!filter(relative)) return;
    if (!entry.isFile()) return skip(path, relative, 'not a regular file');
    if (seen.has(id)) return skip(path, relative, 'duplicate', seen.get(id));
    if (!(await readable(path))) return skip(path, relative, 'permission denied');
    seen.set(id, relative);
    files.push({ path, relative, size: entry.size });
  };

  const visit = async (dir: string, rel: string, ancestors: ReadonlySet<string>): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (error) {
      if (rel === '') throw new InputPathError(root, problemOf(error));
      return skip(dir, rel, skipReasonOf(error));
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const relative = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isSymbolicLink()) links.push({ path, relative, ancestors });
      else await take(path, relative, ancestors);
    }
  };

  const rootId = `${info.dev}:${info.ino}`;
  seen.set(rootId, '');
  await visit(root, '', new Set([rootId]));
  for (let i = 0; i < links.length; i++) await take(links[i].path, links[i].relative, links[i].ancestors);
  const order = (a: { relative: string }, b: { relative: string }): number => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0);
  skipped.sort(order);
  files.sort(order);
  return { root: 'folder', files, skipped };
}

async function statRoot(root: string): Promise<Stats> {
  try {
    return await stat(root);
  } catch (error) {
    const problem = problemOf(error);
    // stat says ENOENT both for a missing path and for a link to one.
    if (problem === 'not found' && (await lstat(root).then((s) => s.isSymbolicLink()).catch(() => false))) {
      throw new InputPathError(root, 'broken link');
    }
    throw new InputPathError(root, problem);
  }
}

async function readable(path: string): Promise<boolean> {
  return access(path, constants.R_OK).then(
    () => true,
    () => false,
  );
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function problemOf(error: unknown): InputProblem {
  switch (codeOf(error)) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'not found';
    case 'ELOOP':
      return 'link loop';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      throw error;
  }
}

/** An entry listed by its folder but not readable: a missing target means a broken link. */
function skipReasonOf(error: unknown): SkipReason {
  const problem = problemOf(error);
  return problem === 'link loop' || problem === 'permission denied' ? problem : 'broken link';
}
