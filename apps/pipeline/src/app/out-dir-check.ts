// An --out the run cannot use is a usage error found before any work: named, with its reason,
// instead of ENOTDIR/EROFS text after the stack has started.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { UsageError } from './settings';

/** The out folder cannot be used: a file, read-only, not creatable, inside the repository, or holding other files. */
export class OutDirError extends UsageError {}

/** The repository this app runs from (apps/pipeline/src/app → the workspace root). */
const REPOSITORY = path.resolve(__dirname, '../../../..');

const REASONS: Record<string, string> = {
  EROFS: 'the file system there is read-only',
  EACCES: 'permission denied (this user cannot write there)',
  EPERM: 'permission denied (this user cannot write there)',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'a symbolic link loop is on the way',
};

/**
 * Checks that `dir` can be the out folder and creates it: not a file and not below one,
 * writable (a probe file is created and removed, which read-only mounts refuse even to root),
 * and, inside this repository, git-ignored (so outputs never show up as changes to commit;
 * `--out .` there is refused). Returns the absolute path; throws OutDirError naming `flag`,
 * the path and the reason.
 */
export function checkOutDir(dir: string, flag = '--out'): string {
  const root = path.resolve(dir);
  const fail = (reason: string): never => {
    throw new OutDirError(`${flag} ${root}: ${reason}.`);
  };
  // The nearest part of the path that exists must be a folder (a link to one will do).
  let existing = root;
  while (!exists(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  const stat = statOrLink(existing);
  if (stat === 'dangling') fail(existing === root ? 'it is a symbolic link whose target does not exist' : `${existing} is a symbolic link whose target does not exist`);
  else if (!stat.isDirectory()) fail(existing === root ? 'it is a file, not a folder' : `${existing} is a file, not a folder`);
  const ignoredProblem = repositoryProblem(path.join(realpathSync(existing), path.relative(existing, root)));
  if (ignoredProblem) fail(ignoredProblem);
  try {
    // One level at a time: Node's recursive mkdir loops forever where a parent exists but takes no children (/proc/1/out).
    for (let dir = existing; dir !== root; ) {
      dir = path.join(dir, path.relative(dir, root).split(path.sep)[0]);
      if (!exists(dir)) mkdirSync(dir);
    }
    const probe = path.join(root, `.ecomlake-probe-${process.pid}-${Date.now()}`);
    writeFileSync(probe, '', { flag: 'wx' });
    rmSync(probe, { force: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    fail(REASONS[code] ?? `it cannot be created or written (${code || (error as Error).message})`);
  }
  return root;
}

/** True if something (a link too) is at `file`; a path through a file (ENOTDIR) is nothing. */
function exists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

function statOrLink(file: string): { isDirectory(): boolean } | 'dangling' {
  try {
    return statSync(file);
  } catch {
    return 'dangling';
  }
}

/** Why `real` (a real path) must not be the out folder because of this repository, or undefined. */
function repositoryProblem(real: string): string | undefined {
  const relative = path.relative(REPOSITORY, real);
  if (relative.startsWith('..') || path.isAbsolute(relative) || !existsSync(path.join(REPOSITORY, '.git'))) return undefined;
  // git decides what is ignored (.gitignore at any level, info/exclude); without git, nothing is.
  const check = spawnSync('git', ['-C', REPOSITORY, 'check-ignore', '-q', '--no-index', `${relative || '.'}/`], { encoding: 'utf8' });
  if (check.status === 0) return undefined;
  return (
    `it is inside the ecomlake repository (${REPOSITORY}) and not git-ignored, so the outputs would show up as changes to commit. ` +
    `Use the default out/ (git-ignored) or a folder outside the repository`
  );
}
