// `nx run pipeline:run`: resolves settings, checks everything the user can get wrong, takes
// the out folder, opens the clients (embedded stack or AWS), runs the stages and prints what
// happened. Every failure ends as one message and a non-zero exit; a stack trace only with
// ECOMLAKE_DEBUG=1. SIGINT/SIGTERM stop the run: the stack and clients are closed, then the
// process exits 130/143.
import { FolderLockedError, lockFolder, unsupportedNodeNote, type FolderLock } from '@ecomlake/util';
import { applyDotenv, helpText, resolveSettings, UsageError, type Settings } from './app/settings';
import { RunInterruptedError, StageFailedError } from './app/stages';
import { runPipeline } from './app/pipeline';
import { endProgressLine } from './app/progress';
import { checkInput } from './app/input';
import { checkOutDir, releaseOutDir } from './app/out-dir';
import { markInterrupted } from './app/run-summary';
import { chooseTarget } from './app/clients';
import { invocationDir } from './app/paths';
import { abortedWithin, nxInvocation, stackStoppedUnder, userSignal, watchNxStop, writeToUser } from './app/interrupt';

/** Aborted by the first SIGINT or SIGTERM; a second one, a second or more later, ends the process at once. */
const interrupt = new AbortController();
let interruptedAt = 0;
/** The Nx process running this one, if any: it relays Ctrl-C as SIGTERM and drops our output after it. */
const nx = nxInvocation();

/** How long a failure caused by the stack being stopped waits for the signal behind it (Nx signals the stack first, this process last). */
const SIGNAL_GRACE_MS = 3000;

function onSignal(received: NodeJS.Signals): void {
  if (!interrupt.signal.aborted) {
    interruptedAt = performance.now();
    interrupt.abort(new RunInterruptedError(userSignal(received, nx)));
    return;
  }
  // A second signal within a second is the same stop arriving twice (a double key press, or
  // a service manager's repeat), not the user asking again. Under Nx, a SIGTERM after our
  // leaf's is Nx's own, for the same stop. The stack's supervisor stops its servers when we go.
  if (nx && received === 'SIGTERM') return;
  if (performance.now() - interruptedAt >= 1000) process.exit(new RunInterruptedError(received).exitCode);
}

async function main(argv: readonly string[]): Promise<number> {
  // Settings see the shell's variables as the shell set them; .env fills only what the shell
  // leaves unset (ARCHITECTURE.md, "Settings"), and must land in process.env for the SDK's
  // credential chain. Both read .env strictly: a bad line stops the run naming file and line.
  const settings = resolveSettings(argv, { ...process.env }, '.env', { cwd: invocationDir() });
  applyDotenv(process.env);
  if (settings.help) {
    console.log(helpText());
    return 0;
  }
  // Said once, never a refusal: the run may work, and run-summary.json records the version.
  const nodeNote = unsupportedNodeNote();
  if (nodeNote) console.error(`pipeline: ${nodeNote}`);
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  // Under Nx, Ctrl-C reaches this process last, after the embedded stack: hear it first.
  if (nx) watchNxStop(onSignal);
  // Everything the user can get wrong is found before the stack starts.
  await checkInput(settings);
  checkOutDir(settings.out);
  const lock = await lockOut(settings);
  try {
    await runPipeline(settings, { signal: interrupt.signal, dataDir: process.env.ECOMLAKE_DATA_DIR || '.data' });
  } catch (error) {
    throw await asInterruption(error, settings);
  } finally {
    releaseOutDir(settings.out);
    lock.release();
  }
  return 0;
}

/** One run writes into an out folder at a time; another is refused naming it, or waited for (--wait). */
async function lockOut(settings: Settings): Promise<FolderLock> {
  try {
    return await lockFolder(settings.out, `pipeline run into ${settings.out}`, {
      waitMs: settings.waitMs,
      signal: interrupt.signal,
      onWait: (holder) => console.error(`pipeline: --out ${settings.out} is in use by process ${holder.pid} (${holder.purpose}); waiting up to ${Math.round(settings.waitMs / 1000)} s (--wait).`),
    });
  } catch (error) {
    if (error instanceof FolderLockedError) {
      throw new UsageError(`--out ${error.message}${settings.waitMs > 0 ? ` (waited ${Math.round(settings.waitMs / 1000)} s)` : ' Or pass --wait 10m to wait for it.'}`);
    }
    throw error;
  }
}

/**
 * The run's failure as the user caused it: when the embedded stack was stopped under the run
 * (Ctrl-C reaches the stack's servers too, and Nx stops them before this process), the
 * signal on its way is the news, and run-summary.json is rewritten to say so.
 */
async function asInterruption(error: unknown, settings: Settings): Promise<unknown> {
  if (isInterruption(error)) return error;
  if (!interrupt.signal.aborted && chooseTarget(settings, process.env) === 'local' && stackStoppedUnder(error)) await abortedWithin(interrupt.signal, SIGNAL_GRACE_MS);
  if (!interrupt.signal.aborted) return error;
  const reason = interrupt.signal.reason as RunInterruptedError;
  markInterrupted(settings.out, reason);
  if (!(error instanceof StageFailedError)) return reason;
  const records = error.records.map((r) => (r.name === error.stage ? { ...r, status: 'interrupted' as const } : r));
  return new StageFailedError(error.stage, records, reason);
}

function isInterruption(error: unknown): boolean {
  return error instanceof RunInterruptedError || (error instanceof StageFailedError && error.cause instanceof RunInterruptedError);
}

function explain(error: unknown): { message: string; code: number } {
  if (error instanceof UsageError) return { message: error.message, code: 2 };
  if (error instanceof StageFailedError) {
    const done = error.records.filter((r) => r.status === 'done').map((r) => r.name);
    return {
      message: `${error.message}\nCompleted stages: ${done.length > 0 ? done.join(', ') : 'none'}.`,
      code: error.cause instanceof RunInterruptedError ? error.cause.exitCode : 1,
    };
  }
  if (error instanceof RunInterruptedError) return { message: `${error.message} before any stage ran\nCompleted stages: none.`, code: error.exitCode };
  return { message: error instanceof Error ? error.message : String(error), code: 1 };
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    endProgressLine();
    const { message, code } = explain(error);
    if (isInterruption(error)) writeToUser(`pipeline: ${message}\n`, nx);
    else console.error(`pipeline: ${message}`);
    if (process.env.ECOMLAKE_DEBUG === '1') console.error(error);
    process.exitCode = code;
    // An abandoned stage must not keep an interrupted run alive; clients and stack are closed by now.
    if (interrupt.signal.aborted) process.exit(code);
  },
);
