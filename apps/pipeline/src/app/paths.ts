// Where the user typed the command. `nx run` starts its commands in the workspace root, so
// process.cwd() is not the user's folder there; relative paths must resolve from the latter.
import { readlinkSync } from 'node:fs';

/**
 * The folder the user ran the command in. Run directly, it is `cwd`. Run as an Nx task
 * (`NX_TASK_TARGET_PROJECT` set; Nx starts tasks in the workspace root), it is `INIT_CWD`,
 * which npm/npx set to the folder they were started in (checked with `npx nx run` from a
 * sub-folder: Nx passes it through, and sets no variable of its own for it), else the
 * working folder of the Nx process itself (`NX_INVOCATION_ROOT_PID`, Linux /proc). Outside
 * Nx, INIT_CWD is ignored: it may be left over from an npm script that started this one
 * somewhere else.
 */
export function invocationDir(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  if (!env.NX_TASK_TARGET_PROJECT) return cwd;
  if (env.INIT_CWD) return env.INIT_CWD;
  const nx = Number(env.NX_INVOCATION_ROOT_PID);
  if (Number.isInteger(nx) && nx > 0) {
    try {
      return readlinkSync(`/proc/${nx}/cwd`);
    } catch {
      // Not Linux, or Nx is gone: the workspace root is the best left.
    }
  }
  return cwd;
}
