import type { TableRun } from '@ecomlake/dynamodb-repository';
import { EcomlakeError } from '@ecomlake/util';

/**
 * The events Step Functions sends, exactly as its docs describe them
 * (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html,
 * ".../input-output-itembatcher.html", ".../input-output-resultwriter.html").
 */

/**
 * One item of the `arn:aws:states:::s3:listObjectsV2` ItemReader: the child workflow's input.
 * `Etag` keeps S3's quotes; `LastModified` is epoch seconds in AWS's example (a string is accepted too).
 */
export interface ListedObjectItem {
  readonly Key: string;
  readonly Etag: string;
  readonly Size: number;
  readonly LastModified: number | string;
  readonly StorageClass: string;
}

/**
 * What a worker does with its objects: `plan` reads and cleans them and returns their invoices
 * (the run's first pass, nothing written); `load` writes their lake parts and loads them.
 */
export type WorkerMode = 'plan' | 'load';

/** What every worker of a Map is told besides its objects (the ItemSelector, or a batch's BatchInput). */
export interface WorkerContext {
  readonly mode: WorkerMode;
  /** The run's lease token (`Lease.token`): the worker works under it (`joinLease`). */
  readonly lease: number;
  /** The table run the check step began (`beginTableRun`): given to each partition's load. Only in `load` mode. */
  readonly run?: TableRun;
}

/** A child workflow's input without an ItemBatcher: the ItemSelector's `{ mode, lease, run?, object }`. */
export interface ItemEvent extends WorkerContext {
  readonly object: ListedObjectItem;
}

/** A child workflow's input when the Map has an ItemBatcher: the listed items, the context in BatchInput. */
export interface ItemBatchEvent {
  readonly Items: readonly ListedObjectItem[];
  readonly BatchInput: WorkerContext;
}

export type WorkerEvent = ItemEvent | ItemBatchEvent;

/** The Distributed Map's output with a ResultWriter: where its manifest is. */
export interface ResultWriterOutput {
  readonly MapRunArn: string;
  readonly ResultWriterDetails: { readonly Bucket: string; readonly Key: string };
}

/** `manifest.json`, written by the ResultWriter beside the result files it lists. */
export interface ResultManifest {
  readonly DestinationBucket: string;
  readonly MapRunArn: string;
  readonly ResultFiles: {
    readonly FAILED: readonly { readonly Key: string; readonly Size: number }[];
    readonly PENDING: readonly { readonly Key: string; readonly Size: number }[];
    readonly SUCCEEDED: readonly { readonly Key: string; readonly Size: number }[];
  };
}

/** One entry of a `SUCCEEDED_<n>.json` / `FAILED_<n>.json` file: a child execution, its output as a JSON string. */
export interface ChildExecutionResult {
  readonly ExecutionArn?: string;
  readonly Name?: string;
  readonly Status?: string;
  readonly Input?: string;
  readonly Output?: string;
  readonly Error?: string;
  readonly Cause?: string;
}

/** The run's steps the Reduce function takes (the worker takes the per-object ones). */
export type RunStep = 'begin' | 'check' | 'reduce' | 'release';

/** Take the table's lease for this execution (`step: 'begin'`). */
export interface BeginEvent {
  readonly step: 'begin';
  /** The execution's name: the run id. */
  readonly execution: string;
  /** `$$.Execution.Id`: the lease's owner, named to a second execution. */
  readonly executionArn: string;
  /** Wait this long for a lease another execution holds. Default 0: fail at once with LeaseHeldError. */
  readonly waitSeconds?: number;
}

/** After the plan Map: check its partitions are disjoint, then begin the table run (`step: 'check'`). */
export interface CheckEvent {
  readonly step: 'check';
  readonly execution: string;
  readonly lease: number;
  /** The plan Map's output. */
  readonly resultWriter: ResultWriterOutput;
}

/** The reduce task's input, built by the state machine from the load Map's output. */
export interface ReduceEvent {
  readonly step: 'reduce';
  /** The execution's name: the run's outputs go under `runs/<execution>/`. */
  readonly execution: string;
  /** The raw prefix this run listed. */
  readonly prefix: string;
  readonly lease: number;
  /** The table run the check step began: committed after the prune. */
  readonly run: TableRun;
  readonly resultWriter: ResultWriterOutput;
}

/** Free the table's lease if this execution still holds it (`step: 'release'`), after the run or after a failure. */
export interface ReleaseEvent {
  readonly step: 'release';
  readonly execution: string;
  readonly executionArn: string;
}

export type RunEvent = BeginEvent | CheckEvent | ReduceEvent | ReleaseEvent;

export interface AnalyticsEvent {
  readonly execution: string;
}

/** An event that is not the shape this handler takes: a wiring mistake, named. */
export class InvalidEventError extends EcomlakeError<'pipeline-aws.invalidEvent'> {
  override readonly name = 'InvalidEventError';
  constructor(message: string, options?: ErrorOptions) {
    super('pipeline-aws.invalidEvent', message, options);
  }
}

/** A worker event's context and listed objects (one for a single item, all of a batch), validated. */
export function workerEvent(event: unknown): { context: WorkerContext; objects: ListedObjectItem[] } {
  const batch = isRecord(event) && Array.isArray(event.Items);
  const context = batch ? (event as Record<string, unknown>).BatchInput : event;
  if (!isRecord(context) || (context.mode !== 'plan' && context.mode !== 'load') || !isToken(context.lease) || (context.mode === 'load' && !isTableRun(context.run))) {
    throw new InvalidEventError(
      `worker event: expected {mode: "plan"|"load", lease: <token>, run: <table run, in load mode>, object: <listed item>} (or a batch {Items: [...], BatchInput: {mode, lease, run}}), got ${JSON.stringify(event).slice(0, 300)}`,
    );
  }
  const items = batch ? ((event as Record<string, unknown>).Items as unknown[]) : [context.object];
  const run = context.mode === 'load' ? { run: context.run as TableRun } : {};
  return { context: { mode: context.mode, lease: context.lease, ...run }, objects: listedObjects(items) };
}

function listedObjects(items: readonly unknown[]): ListedObjectItem[] {
  return items.map((raw, i) => {
    // AWS's example spells it `Etag`; S3's own API `ETag`: an ItemSelector copying fields by name may give either.
    const item = isRecord(raw) && typeof raw.Etag !== 'string' && typeof raw.ETag === 'string' ? { ...raw, Etag: raw.ETag } : raw;
    if (!isRecord(item) || typeof item.Key !== 'string' || typeof item.Etag !== 'string' || typeof item.Size !== 'number') {
      throw new InvalidEventError(
        `worker event item ${i}: expected a listObjectsV2 item {Key, Etag, Size, LastModified, StorageClass}, got ${JSON.stringify(item).slice(0, 200)}`,
      );
    }
    return item as unknown as ListedObjectItem;
  });
}

const RUN_EVENT_SHAPES: Record<RunStep, string> = {
  begin: '{step: "begin", execution, executionArn, waitSeconds?}',
  check: '{step: "check", execution, lease, resultWriter: {MapRunArn, ResultWriterDetails: {Bucket, Key}}}',
  reduce: '{step: "reduce", execution, prefix, lease, run, resultWriter: {MapRunArn, ResultWriterDetails: {Bucket, Key}}}',
  release: '{step: "release", execution, executionArn}',
};

/** An event of the Reduce function, by its `step`, validated. */
export function runEvent(event: unknown): RunEvent {
  const step = isRecord(event) && typeof event.step === 'string' && event.step in RUN_EVENT_SHAPES ? (event.step as RunStep) : undefined;
  const valid = (e: Record<string, unknown>): boolean => {
    if (typeof e.execution !== 'string') return false;
    switch (step) {
      case 'begin':
        return typeof e.executionArn === 'string' && (e.waitSeconds === undefined || (typeof e.waitSeconds === 'number' && e.waitSeconds >= 0));
      case 'release':
        return typeof e.executionArn === 'string';
      case 'check':
        return isToken(e.lease) && isResultWriter(e.resultWriter);
      case 'reduce':
        return typeof e.prefix === 'string' && isToken(e.lease) && isTableRun(e.run) && isResultWriter(e.resultWriter);
      default:
        return false;
    }
  };
  if (!isRecord(event) || !step || !valid(event)) {
    const expected = step ? RUN_EVENT_SHAPES[step] : Object.values(RUN_EVENT_SHAPES).join(' or ');
    throw new InvalidEventError(`reduce function event: expected ${expected}, got ${JSON.stringify(event).slice(0, 300)}`);
  }
  return event as unknown as RunEvent;
}

function isResultWriter(value: unknown): boolean {
  const details = isRecord(value) ? value.ResultWriterDetails : undefined;
  return isRecord(details) && typeof details.Bucket === 'string' && typeof details.Key === 'string';
}

function isToken(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

function isTableRun(value: unknown): value is TableRun {
  return isRecord(value) && typeof value.table === 'string' && typeof value.runId === 'string' && typeof value.checked === 'boolean' && Array.isArray(value.invalidated);
}

export function analyticsEvent(event: unknown): AnalyticsEvent {
  if (!isRecord(event) || typeof event.execution !== 'string') throw new InvalidEventError(`analytics event: expected {execution}, got ${JSON.stringify(event).slice(0, 200)}`);
  return { execution: event.execution };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
