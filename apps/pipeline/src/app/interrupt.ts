// Ctrl-C reported as Ctrl-C, also through `nx run`. What Nx 23 does on Ctrl-C (read in
// nx/dist/src/tasks-runner/task-orchestrator.js and executors/run-commands/running-tasks.js,
// and seen with a process listing): the task runs in a session of its own (setsid), so the
// terminal's SIGINT reaches npx, sh and nx but not the task; nx then silences its own
// stdout/stderr (which carry the task's output) and kills the task's process tree with
// SIGTERM, leaves first: DynamoDB Local's JVM, then the stack's supervisor, then this
// process. So the run used to fail on a dead DynamoDB before it heard of any signal, and its
// message went to a silenced stream. Here a failure that follows from the stack being stopped
// waits briefly for the signal that is on its way, Nx's SIGTERM is told apart from a plain
// `kill`, and the last message goes to Nx's own stderr.
import { readFileSync, writeFileSync } from 'node:fs';

/** The Nx process that runs this one as a task, as it was at start-up. */
export interface NxInvocation {
  pid: number;
  /** Its parent and grandparent then: `sh -c nx` and npm under npx, which the terminal's Ctrl-C ends at once. */
  ancestors: number[];
}

/** The Nx process running this one (`nx run`), or undefined when run directly or not on Linux. */
export function nxInvocation(env: NodeJS.ProcessEnv = process.env): NxInvocation | undefined {
  const pid = Number(env.NX_INVOCATION_ROOT_PID);
  if (!env.NX_TASK_TARGET_PROJECT || !Number.isInteger(pid) || pid <= 0) return undefined;
  const parent = parentOf(pid);
  if (parent === undefined) return undefined;
  const grandparent = parentOf(parent);
  return { pid, ancestors: grandparent && grandparent > 1 ? [parent, grandparent] : [parent] };
}

/**
 * The signal the user sent. Nx turns Ctrl-C (SIGINT to its terminal's foreground group: npm,
 * sh and nx) into SIGTERM for its task; the group's SIGINT also ends npx's npm and sh at once,
 * so Nx's parents are gone. A SIGTERM while they all live is a `kill` of Nx (or of this
 * process), and stays SIGTERM. (Nx started straight from an interactive shell, whose shell
 * ignores SIGINT, cannot be told apart: its Ctrl-C is reported as SIGTERM.)
 */
export function userSignal(signal: NodeJS.Signals, nx: NxInvocation | undefined): NodeJS.Signals {
  if (signal !== 'SIGTERM' || !nx) return signal;
  const [parent] = nx.ancestors;
  const intact = parentOf(nx.pid) === parent && nx.ancestors.every((pid) => parentOf(pid) !== undefined);
  return intact ? signal : 'SIGINT';
}

/**
 * True when `error` is what a run sees when the embedded stack is stopped under it: the
 * stack's own failure (a server killed by a signal or gone), or its endpoints refusing
 * connections. Such a failure is followed by this process's own signal when a Ctrl-C or an
 * Nx stop is under way.
 */
export function stackStoppedUnder(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (['LocalStackError', 'EndpointUnreachableError', 'S3EndpointUnreachableError'].includes(e.name)) return true;
    if (/killed by SIG[A-Z]+|exited with code \d+|Cannot reach|ECONNREFUSED|ECONNRESET|socket hang up/.test(e.message)) return true;
  }
  return false;
}

/** Resolves true as soon as `signal` aborts, or false after `ms`. */
export function abortedWithin(signal: AbortSignal, ms: number): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(false);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(true);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Writes `text` where the user sees it: after a Ctrl-C, Nx drops what its task prints, so
 * under Nx it goes to Nx's own stderr (Linux /proc), else to ours.
 */
export function writeToUser(text: string, nx: NxInvocation | undefined): void {
  if (nx) {
    try {
      writeFileSync(`/proc/${nx.pid}/fd/2`, text, { flag: 'a' });
      return;
    } catch {
      // Nx is gone or its stderr cannot be opened: ours is all that is left.
    }
  }
  process.stderr.write(text);
}

/** Field 4 of /proc/<pid>/stat (after the command in parentheses, which may hold spaces); undefined once the process has ended (a zombie too). */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const [state, parent] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return state === 'Z' || state === 'X' ? undefined : Number(parent);
  } catch {
    return undefined;
  }
}
