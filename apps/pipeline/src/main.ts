// `nx run pipeline:run`: resolves settings, opens the clients (embedded stack or AWS),
// runs the stages and prints what happened. Every failure ends as one message and a
// non-zero exit; a stack trace only with ECOMLAKE_DEBUG=1.
import { config as loadDotenv } from 'dotenv';
import { helpText, resolveSettings, UsageError } from './app/settings';
import { StageFailedError } from './app/stages';
import { runPipeline } from './app/pipeline';

async function main(argv: readonly string[]): Promise<number> {
  // .env wins over the shell (ARCHITECTURE.md, "Settings"); the SDK's credential chain reads process.env.
  loadDotenv({ override: true, quiet: true });
  const settings = resolveSettings(argv, process.env);
  if (settings.help) {
    console.log(helpText());
    return 0;
  }
  await runPipeline(settings);
  return 0;
}

function explain(error: unknown): { message: string; code: number } {
  if (error instanceof UsageError) return { message: error.message, code: 2 };
  if (error instanceof StageFailedError) {
    const done = error.records.filter((r) => r.status === 'done').map((r) => r.name);
    return {
      message: `${error.message}\nCompleted stages: ${done.length > 0 ? done.join(', ') : 'none'}.`,
      code: 1,
    };
  }
  return { message: error instanceof Error ? error.message : String(error), code: 1 };
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const { message, code } = explain(error);
    console.error(`pipeline: ${message}`);
    if (process.env.ECOMLAKE_DEBUG === '1') console.error(error);
    process.exitCode = code;
  },
);
