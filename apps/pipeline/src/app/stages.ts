import { constants } from 'node:os';
import { EcomlakeError } from '@ecomlake/util';

/** One step of the run. `run` returns the figures it reports (shown and kept in run-summary.json). */
export interface Stage<C> {
  name: string;
  /** A reason to skip the stage (e.g. `--no-load`), or undefined to run it. */
  skip?: (context: C) => string | undefined;
  run: (context: C) => Promise<Record<string, unknown> | void>;
}

export interface StageRecord {
  name: string;
  /** interrupted: stopped by a signal (SIGINT, SIGTERM) while it ran or before it could start. */
  status: 'done' | 'skipped' | 'failed' | 'interrupted';
  seconds: number;
  figures?: Record<string, unknown>;
  reason?: string;
}

/** The run was stopped by a signal; the reason of the AbortSignal that runStages watches. */
export class RunInterruptedError extends EcomlakeError<'pipeline.interrupted'> {
  override readonly name = 'RunInterruptedError';
  constructor(readonly signal: NodeJS.Signals) {
    super('pipeline.interrupted', `interrupted by ${signal}${signal === 'SIGINT' ? ' (Ctrl-C)' : ''}`);
  }

  /** The shell's exit status for death by this signal: 130 for SIGINT, 143 for SIGTERM. */
  get exitCode(): number {
    return 128 + (constants.signals[this.signal] ?? 0);
  }
}

/** A stage failed or was interrupted: names it, keeps the stages that completed, and the cause's message. */
export class StageFailedError extends EcomlakeError<'pipeline.stageFailed'> {
  override readonly name = 'StageFailedError';
  constructor(
    readonly stage: string,
    readonly records: StageRecord[],
    override readonly cause: unknown,
  ) {
    super(
      'pipeline.stageFailed',
      cause instanceof RunInterruptedError
        ? `${cause.message} during stage "${stage}"`
        : `stage "${stage}" failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

export interface RunStagesOptions {
  /**
   * Stops the run when aborted: the running stage is abandoned at once (recorded
   * "interrupted") and the rejection carries the signal's reason. Default: never aborted.
   */
  signal?: AbortSignal;
}

/** Runs stages in order, timing each; the first failure or an abort stops the run. */
export async function runStages<C>(
  stages: readonly Stage<C>[],
  context: C,
  onStage: (record: StageRecord) => void = () => undefined,
  options: RunStagesOptions = {},
): Promise<StageRecord[]> {
  const { signal } = options;
  const records: StageRecord[] = [];
  for (const stage of stages) {
    if (signal?.aborted) {
      records.push({ name: stage.name, status: 'interrupted', seconds: 0 });
      throw new StageFailedError(stage.name, records, signal.reason);
    }
    const reason = stage.skip?.(context);
    if (reason) {
      const record: StageRecord = { name: stage.name, status: 'skipped', seconds: 0, reason };
      records.push(record);
      onStage(record);
      continue;
    }
    const started = performance.now();
    try {
      const figures = (await untilAborted(stage.run(context), signal)) ?? undefined;
      const record: StageRecord = { name: stage.name, status: 'done', seconds: elapsed(started), figures };
      records.push(record);
      onStage(record);
    } catch (cause) {
      const interrupted = signal?.aborted && cause === signal.reason;
      records.push({ name: stage.name, status: interrupted ? 'interrupted' : 'failed', seconds: elapsed(started) });
      throw new StageFailedError(stage.name, records, cause);
    }
  }
  return records;
}

/**
 * Settles with `work`, or rejects with the abort reason as soon as `signal` aborts: a stage
 * that does not watch the signal itself cannot hold the run (its work is abandoned).
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started) / 1000;
}

/** What a stage of a chain gives the stages after it (its value), and the figures it reports. */
export interface StageResult<T> {
  value: T;
  figures?: Record<string, unknown>;
}

/** What the stages of a chain have given so far: the completed stages' values, and what a stage that then failed had kept. */
export interface ChainValues<V> {
  readonly done: Readonly<Partial<V>>;
  readonly kept: { readonly [K in keyof V]?: Partial<V[K]> };
}

/**
 * A stage of a chain: it reads the run's fixed inputs (`env`) and the values of the stages
 * before it that completed (`done`; a skipped stage has none), and returns its own value.
 * `keep` records what it has so far, for the run's failure summary should a later step of it fail.
 */
export interface ChainStage<E, V, K extends keyof V & string = keyof V & string> {
  name: K;
  skip?: (env: E, done: Readonly<Partial<V>>) => string | undefined;
  run: (env: E, done: Readonly<Partial<V>>, keep: (partial: Partial<V[K]>) => void) => Promise<StageResult<V[K]>>;
}

/** The stages of a chain whose values are `V` (one stage per key, named by it). */
export type ChainStages<E, V> = readonly { [K in keyof V & string]: ChainStage<E, V, K> }[keyof V & string][];

export interface RunChainOptions<V> extends RunStagesOptions {
  /** Called as each stage completes or is skipped. Default: nothing. */
  onStage?: (record: StageRecord) => void;
  /** Called with what the run has each time it grows (a stage completed, or kept a partial value): what a failure reports and cleans up after. Default: nothing. */
  onValues?: (values: ChainValues<V>) => void;
}

/**
 * Runs a chain of stages with runStages (same order, skips, timing, failure and abort):
 * each stage's value is handed to the stages after it; none is assigned after it is given.
 */
export async function runChain<E, V>(stages: ChainStages<E, V>, env: E, options: RunChainOptions<V> = {}): Promise<{ records: StageRecord[]; done: Readonly<Partial<V>> }> {
  // Each is replaced by a new object as the run grows: a value, once given, is never assigned.
  let done: Partial<V> = {};
  let kept: ChainValues<V>['kept'] = {};
  const link = <K extends keyof V & string>(stage: ChainStage<E, V, K>): Stage<E> => ({
    name: stage.name,
    skip: (e) => stage.skip?.(e, done),
    async run(e) {
      const keep = (partial: Partial<V[K]>): void => {
        kept = { ...kept, [stage.name]: partial };
        options.onValues?.({ done, kept });
      };
      const { value, figures } = await stage.run(e, done, keep);
      done = { ...done, [stage.name]: value };
      options.onValues?.({ done, kept });
      return figures;
    },
  });
  const records = await runStages(stages.map(link), env, options.onStage, { signal: options.signal });
  return { records, done };
}
