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

/** A child workflow's input when the Map has an ItemBatcher. */
export interface ItemBatchEvent {
  readonly Items: readonly ListedObjectItem[];
  readonly BatchInput?: Readonly<Record<string, unknown>>;
}

export type WorkerEvent = ListedObjectItem | ItemBatchEvent;

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

/** The reduce task's input, built by the state machine from the Map's output. */
export interface ReduceEvent {
  /** The execution's name: the run's outputs go under `runs/<execution>/`. */
  readonly execution: string;
  /** The raw prefix this run listed. */
  readonly prefix: string;
  readonly resultWriter: ResultWriterOutput;
}

export interface AnalyticsEvent {
  readonly execution: string;
}

/** An event that is not the shape this handler takes: a wiring mistake, named. */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
}

/** The listed objects of a worker event, one for a single item, all of a batch, validated. */
export function listedObjects(event: unknown): ListedObjectItem[] {
  const items = isRecord(event) && Array.isArray(event.Items) ? (event.Items as unknown[]) : [event];
  return items.map((raw, i) => {
    // AWS's example spells it `Etag`; S3's own API `ETag`: an ItemSelector copying fields by name may give either.
    const item = isRecord(raw) && typeof raw.Etag !== 'string' && typeof raw.ETag === 'string' ? { ...raw, Etag: raw.ETag } : raw;
    if (!isRecord(item) || typeof item.Key !== 'string' || typeof item.Etag !== 'string' || typeof item.Size !== 'number') {
      throw new InvalidEventError(
        `worker event item ${i}: expected a listObjectsV2 item {Key, Etag, Size, LastModified, StorageClass} (or a batch {Items: [...]}), got ${JSON.stringify(item).slice(0, 200)}`,
      );
    }
    return item as unknown as ListedObjectItem;
  });
}

export function reduceEvent(event: unknown): ReduceEvent {
  const details = isRecord(event) && isRecord(event.resultWriter) ? event.resultWriter.ResultWriterDetails : undefined;
  if (!isRecord(event) || typeof event.execution !== 'string' || typeof event.prefix !== 'string' || !isRecord(details) || typeof details.Bucket !== 'string' || typeof details.Key !== 'string') {
    throw new InvalidEventError(
      `reduce event: expected {execution, prefix, resultWriter: {MapRunArn, ResultWriterDetails: {Bucket, Key}}}, got ${JSON.stringify(event).slice(0, 300)}`,
    );
  }
  return event as unknown as ReduceEvent;
}

export function analyticsEvent(event: unknown): AnalyticsEvent {
  if (!isRecord(event) || typeof event.execution !== 'string') throw new InvalidEventError(`analytics event: expected {execution}, got ${JSON.stringify(event).slice(0, 200)}`);
  return { execution: event.execution };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
