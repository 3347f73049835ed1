/** One step of the run. `run` returns the figures it reports (shown and kept in run-summary.json). */
export interface Stage<C> {
  name: string;
  /** A reason to skip the stage (e.g. `--no-load`), or undefined to run it. */
  skip?: (context: C) => string | undefined;
  run: (context: C) => Promise<Record<string, unknown> | void>;
}

export interface StageRecord {
  name: string;
  status: 'done' | 'skipped' | 'failed';
  seconds: number;
  figures?: Record<string, unknown>;
  reason?: string;
}

/** A stage failed: names it, keeps the stages that completed, and the cause's message. */
export class StageFailedError extends Error {
  override readonly name = 'StageFailedError';
  constructor(
    readonly stage: string,
    readonly records: StageRecord[],
    override readonly cause: unknown,
  ) {
    super(`stage "${stage}" failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** Runs stages in order, timing each; the first failure stops the run. */
export async function runStages<C>(
  stages: readonly Stage<C>[],
  context: C,
  onStage: (record: StageRecord) => void = () => undefined,
): Promise<StageRecord[]> {
  const records: StageRecord[] = [];
  for (const stage of stages) {
    const reason = stage.skip?.(context);
    if (reason) {
      const record: StageRecord = { name: stage.name, status: 'skipped', seconds: 0, reason };
      records.push(record);
      onStage(record);
      continue;
    }
    const started = performance.now();
    try {
      const figures = (await stage.run(context)) ?? undefined;
      const record: StageRecord = { name: stage.name, status: 'done', seconds: elapsed(started), figures };
      records.push(record);
      onStage(record);
    } catch (cause) {
      records.push({ name: stage.name, status: 'failed', seconds: elapsed(started) });
      throw new StageFailedError(stage.name, records, cause);
    }
  }
  return records;
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started) / 1000;
}
