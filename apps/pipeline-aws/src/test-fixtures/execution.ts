// One execution of the state machine, played in-process on the embedded stack: each task's
// input is built from the synthesized definition (its Parameters, ItemSelector, BatchInput),
// each Map lists the raw prefix as the ItemReader does and writes its children's outcomes as
// the ResultWriter does, and a failure goes where the definition's Catch sends it (release the
// lease, then fail with the original error). The handlers are passed in: sources or bundles.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { beginTableRun, type TableRun } from '@ecomlake/dynamodb-repository';
import { listedItems, writeMapRunResults, type ChildOutcome } from './step-functions';
import { evaluatePayload, mapItemSelector } from './state-input';
import type { AslDefinition } from './template';

export type Invoke = (event: unknown) => Promise<unknown>;

export interface ExecutionOptions {
  readonly definition: AslDefinition;
  readonly s3: S3Client;
  readonly bucket: string;
  /** The execution's name (its run id). */
  readonly name: string;
  /** The execution input. Default `{}`. */
  readonly input?: Record<string, unknown>;
  readonly worker: Invoke;
  readonly reduce: Invoke;
  /** Default: the Analytics state is passed over (the handler tests run it on their own). */
  readonly analytics?: Invoke;
  /** Stop the execution with a failure right after this state (as if the next one failed). Default: none. */
  readonly failAfter?: string;
}

/** What the execution did: its final state data, or the error it failed with (after the release). */
export interface ExecutionOutcome {
  readonly state: Record<string, unknown>;
  readonly error?: { readonly Error: string; readonly Cause: string };
  /** The states that ran, in order. */
  readonly states: readonly string[];
}

/** A Map whose children did not all succeed fails as Step Functions fails it. */
class MapFailed extends Error {
  override readonly name = 'States.ExceedToleratedFailureThreshold';
}

export function executionArn(name: string): string {
  return `arn:aws:states:us-east-1:123456789012:execution:EcomlakePipeline-partitions:${name}`;
}

export async function runExecution(options: ExecutionOptions): Promise<ExecutionOutcome> {
  const { definition, name } = options;
  const input = options.input ?? {};
  const context = { Execution: { Name: name, Id: executionArn(name), Input: input } };
  const defaults = (definition.States.Defaults as { Result: Record<string, unknown> }).Result;
  const state: Record<string, unknown> = { run: { ...defaults, ...input } };
  const states: string[] = [];
  const task = async (stateName: string, invoke: Invoke): Promise<void> => {
    states.push(stateName);
    const resultPath = String(definition.States[stateName].ResultPath).replace(/^\$\./, '');
    state[resultPath] = await invoke(evaluatePayload(definition, stateName, state, context));
  };
  const map = async (stateName: string): Promise<void> => {
    states.push(stateName);
    const prefix = String((state.run as { prefix: string }).prefix);
    const items = await listedItems(options.s3, options.bucket, prefix);
    const outcomes: ChildOutcome[] = [];
    // Two children at a time (the machine has 2 cores), in listing order.
    for (let i = 0; i < items.length; i += 2) {
      const inputs = items.slice(i, i + 2).map((item, k) => mapItemSelector(definition, stateName, state, item, i + k));
      const settled = await Promise.allSettled(inputs.map((child) => options.worker(child)));
      settled.forEach((s, k) =>
        outcomes.push(s.status === 'fulfilled' ? { input: inputs[k], output: s.value } : { input: inputs[k], error: (s.reason as Error).name, cause: (s.reason as Error).message }),
      );
    }
    const writer = definition.States[stateName].ResultWriter as { Parameters: { 'Prefix.$': string } };
    const folder = /^States\.Format\('([^']*)', \$\$\.Execution\.Name\)$/.exec(writer.Parameters['Prefix.$'])?.[1].replace('{}', name);
    if (!folder) throw new Error(`unexpected ResultWriter prefix ${writer.Parameters['Prefix.$']}`);
    state[String(definition.States[stateName].ResultPath).replace(/^\$\./, '')] = await writeMapRunResults(options.s3, options.bucket, folder, outcomes);
    const failed = outcomes.find((o) => 'error' in o);
    if (failed && 'error' in failed) throw new MapFailed(`Map ${stateName}: a child failed: ${failed.error}: ${failed.cause}`);
  };
  try {
    for (let next: string | undefined = String(definition.States.Settings.Next); next !== undefined; ) {
      const s: Record<string, unknown> = definition.States[next];
      if (s.Type === 'Map') await map(next);
      else if (next === 'Analytics') {
        if (options.analytics) await task(next, options.analytics);
      } else await task(next, options.reduce);
      if (options.failAfter === next) throw Object.assign(new Error(`the state after ${next} failed (test)`), { name: 'TestFailure' });
      next = s.End === true ? undefined : String(s.Next);
    }
    return { state, states };
  } catch (error) {
    // Every task's Catch: States.ALL → $.error → Release after failure → Run failed.
    state.error = { Error: (error as Error).name, Cause: (error as Error).message };
    await task('Release after failure', options.reduce);
    return { state, states, error: state.error as { Error: string; Cause: string } };
  }
}

/** A lease and a table run held for `name`, as the begin and check steps would leave them, for tests that call one handler on its own. */
export interface HeldRun {
  readonly token: number;
  readonly run: TableRun;
  /** The release step. */
  release(): Promise<unknown>;
}

export async function holdRun(reduce: Invoke, dynamodb: DynamoDBClient, table: string, name: string): Promise<HeldRun> {
  const owner = { execution: name, executionArn: executionArn(name) };
  const { token } = (await reduce({ step: 'begin', ...owner })) as { token: number };
  const run = await beginTableRun(dynamodb, table, name);
  return { token, run, release: () => reduce({ step: 'release', ...owner }) };
}
