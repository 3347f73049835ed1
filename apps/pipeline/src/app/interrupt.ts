// Ctrl-C reported as Ctrl-C, also through `nx run`. What Nx 23 does on Ctrl-C (read in
// nx/dist/src/tasks-runner/task-orchestrator.js and executors/run-commands/running-tasks.js,
// and seen with a process listing): the task runs in a session of its own (setsid), so the
// terminal's SIGINT reaches npx, sh and nx but not the task; nx then silences its own
// stdout/stderr (which carry the task's output) and kills the task's process tree with
// SIGTERM, leaves first: DynamoDB Local's JVM, then the stack's supervisor, then this
// process. So the run used to fail on a dead DynamoDB before it heard of any signal, and its
// message went to a silenced stream. Here a failure that follows from the stack being stopped
// waits briefly for the signal that is on its way, Nx's SIGTERM is reported as the Ctrl-C it
// relays, and the last message goes to Nx's own stderr.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';

/** The Nx process that runs this one as a task. */
export interface NxInvocation {
  pid: number;
}

/** The Nx process running this one (`nx run`), or undefined when run directly. */
export function nxInvocation(env: NodeJS.ProcessEnv = process.env): NxInvocation | undefined {
  const pid = Number(env.NX_INVOCATION_ROOT_PID);
  if (!env.NX_TASK_TARGET_PROJECT || !Number.isInteger(pid) || pid <= 0) return undefined;
  return { pid };
}

/**
 * The signal the user sent. Under Nx, this process never sees the terminal's SIGINT: Nx
 * stops its task with SIGTERM when it gets SIGINT (Ctrl-C), and also when it gets SIGTERM or
 * SIGHUP, and nothing the task can read tells these apart (checked: npm and sh, which the
 * same Ctrl-C reaches, stay alive until the task ends). Ctrl-C is what a person does, so a
 * SIGTERM under Nx is reported as Ctrl-C; run directly, every signal is reported as itself.
 */
export function userSignal(signal: NodeJS.Signals, nx: NxInvocation | undefined): NodeJS.Signals {
  return signal === 'SIGTERM' && nx ? 'SIGINT' : signal;
}

/**
 * Calls `onStop` when Nx starts stopping this task. Nx signals a task's processes leaves
 * first and waits (5 s by default) for each round to exit before signalling their parents:
 * the embedded stack's JVM died first, its supervisor could then hang on connections this
 * process still held, and this process heard nothing before Nx's SIGKILL. So a leaf of our
 * own, a process that only waits, is signalled in the first round with the JVM; its death by
 * a signal is this process's cue. It ends with this process (its IPC channel closes). Returns
 * a function that stops watching.
 */
export function watchNxStop(onStop: (signal: NodeJS.Signals) => void): () => void {
  const leaf = spawn(process.execPath, ['-e', "process.on('disconnect', () => process.exit(0)); setInterval(() => undefined, 1 << 30);"], {
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  const onExit = (_code: number | null, signal: NodeJS.Signals | null) => {
    if (signal) onStop(signal);
  };
  leaf.once('exit', onExit);
  leaf.once('error', () => undefined); // no leaf, no early cue: Nx's own SIGTERM still comes, later
  // Neither the process nor its channel keeps this one alive.
  leaf.unref();
  leaf.channel?.unref();
  return () => {
    leaf.off('exit', onExit);
    leaf.disconnect?.();
  };
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
 * under Nx it goes to Nx's own stderr, opened through Linux /proc (a terminal, a file or a
 * pipe; not a socket, ENXIO: then ours, which Nx may drop), else to ours.
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
