// `nx run pipeline:run`: resolves settings, opens the clients (embedded stack or AWS),
// runs the stages and prints what happened. Every failure ends as one message and a
// non-zero exit; a stack trace only with ECOMLAKE_DEBUG=1. SIGINT/SIGTERM stop the run:
// the stack and clients are closed, then the process exits 130/143.
import { config as loadDotenv } from 'dotenv';
import { helpText, resolveSettings, UsageError } from './app/settings';
import { RunInterruptedError, StageFailedError } from './app/stages';
import { runPipeline } from './app/pipeline';
import { endProgressLine } from './app/progress';

/** Aborted by the first SIGINT or SIGTERM; a second one, a second or more later, ends the process at once. */
const interrupt = new AbortController();
let interruptedAt = 0;

function onSignal(signal: NodeJS.Signals): void {
  if (!interrupt.signal.aborted) {
    interruptedAt = performance.now();
    interrupt.abort(new RunInterruptedError(signal));
    return;
  }
  // tsx (`nx run pipeline:run`) sends a Ctrl-C again when this process was busy for 30 ms: an
  // echo that soon is not the user asking twice. The stack's supervisor stops its servers when we go.
  if (performance.now() - interruptedAt >= 1000) process.exit(new RunInterruptedError(signal).exitCode);
}

async function main(argv: readonly string[]): Promise<number> {
  // .env fills only what the shell leaves unset (ARCHITECTURE.md, "Settings"; dotenv's own
  // convention); the SDK's credential chain reads process.env, so .env values must land there.
  loadDotenv({ override: false, quiet: true });
  const settings = resolveSettings(argv, process.env);
  if (settings.help) {
    console.log(helpText());
    return 0;
  }
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  await runPipeline(settings, { signal: interrupt.signal });
  return 0;
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
    console.error(`pipeline: ${message}`);
    if (process.env.ECOMLAKE_DEBUG === '1') console.error(error);
    process.exitCode = code;
    // An abandoned stage must not keep an interrupted run alive; clients and stack are closed by now.
    if (interrupt.signal.aborted) process.exit(code);
  },
);
