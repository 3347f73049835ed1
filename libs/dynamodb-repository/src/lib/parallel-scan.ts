import type { DynamoDBClient, ScanCommandInput } from '@aws-sdk/client-dynamodb';
import type { DynamoRecord } from './marshal';
import { mergeIterators } from './merge';
import { scanPages, type Page, type PageOptions, type ResumeToken } from './paginate';

/**
 * Where each segment of a parallel scan stands: a key to continue after, `null` when the
 * segment is finished, `undefined` when it has not started.
 */
export type ParallelScanPosition = (ResumeToken | null | undefined)[];

export interface ParallelScanOptions extends Omit<PageOptions, 'startKey' | 'limit'> {
  /** Parts the scan is cut into (`TotalSegments`). Default 4. */
  segments?: number;
  /**
   * Segments read at once; the next starts when one finishes. Default: all of them.
   * Many small segments read a few at a time suit DynamoDB Local, whose cost per page grows
   * with the page's position in a segment (a scan costs ~quadratic in its length).
   */
  concurrency?: number;
  /** Continue from a page's `position` (same `segments`). Default: from the start. */
  resume?: ParallelScanPosition;
}

export interface ParallelScanPage extends Page {
  segment: number;
  /**
   * Position after this page and every page yielded before it: pass as `resume` to
   * continue without reading those again.
   */
  position: ParallelScanPosition;
}

/**
 * A parallel Scan: `segments` sequential scans of disjoint parts of the table or index,
 * `concurrency` of them at a time, merged into one stream of pages with backpressure (a
 * segment fetches its next page only once its previous one was taken).
 */
export async function* parallelScan(
  client: DynamoDBClient,
  input: ScanCommandInput,
  options: ParallelScanOptions = {},
): AsyncGenerator<ParallelScanPage> {
  const { segments = 4, resume } = options;
  if (!Number.isInteger(segments) || segments < 1) throw new RangeError(`segments must be a positive integer, got ${segments}`);
  if (resume && resume.length !== segments) throw new RangeError(`resume has ${resume.length} positions for ${segments} segments`);
  const position: ParallelScanPosition = resume ? [...resume] : Array.from({ length: segments }, () => undefined);
  const live = position.flatMap((at, segment) => (at === null ? [] : [segment]));
  const sources = live.map(
    (segment) => () =>
      scanPages(client, { ...input, Segment: segment, TotalSegments: segments }, { ...options, startKey: position[segment] ?? undefined }),
  );
  for await (const { source, value } of mergeIterators(sources, options.concurrency ?? segments)) {
    const segment = live[source];
    position[segment] = value.resumeToken ?? null;
    yield { ...value, segment, position: [...position] };
  }
}

/** The items of a parallel scan, one by one. */
export async function* parallelScanItems(
  client: DynamoDBClient,
  input: ScanCommandInput,
  options: ParallelScanOptions = {},
): AsyncGenerator<DynamoRecord> {
  for await (const page of parallelScan(client, input, options)) yield* page.items;
}
