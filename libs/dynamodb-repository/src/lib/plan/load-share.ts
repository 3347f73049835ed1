import { MAX_BATCH_SIZE } from '../batches';

export interface LoadShareOptions {
  /** Requests the table should have in flight in all (the loader's `concurrency`, e.g. 6 on DynamoDB Local, 16 on AWS). */
  concurrency: number;
  /** Items a typical partition loads (e.g. the input's rows over its objects). */
  itemsPerPartition: number;
  /** Partitions in flight however big they are. Default 4. */
  minPartitions?: number;
  /** Partitions in flight at most: memory holds each one in flight. Default 16. */
  maxPartitions?: number;
  /**
   * Round trips a partition waits on besides its item writes, sending none meanwhile: the
   * identity check, the begin and the done of its bookkeeping, its S3 read and lake writes.
   * Default 6.
   */
  waits?: number;
}

/** How a run splits its requests among partitions: how many load at once, and each one's `concurrency`. */
export interface LoadShare {
  partitionsInFlight: number;
  concurrency: number;
}

/**
 * More partitions in flight when they are small. Each partition keeps its share of requests
 * (`concurrency / minPartitions`) busy only while it writes items; a small one spends most of
 * its time on its bookkeeping chain (`waits`), so the run loads as many more partitions at once
 * as keeps `concurrency` requests busy on average, between `minPartitions` and `maxPartitions`.
 * Big partitions (the real dataset's ~1,700 items a day) stay at `minPartitions`.
 */
export function loadShare(options: LoadShareOptions): LoadShare {
  const { concurrency, itemsPerPartition, minPartitions = 4, maxPartitions = 16, waits = 6 } = options;
  if (!(concurrency >= 1) || !(minPartitions >= 1) || maxPartitions < minPartitions) throw new RangeError(`loadShare: concurrency and minPartitions must be ≥ 1 and maxPartitions ≥ minPartitions`);
  const share = Math.max(1, Math.ceil(concurrency / minPartitions));
  const rounds = Math.max(1, Math.ceil(Math.ceil(Math.max(0, itemsPerPartition) / MAX_BATCH_SIZE) / share));
  // Fraction of a partition's life spent writing items: its share is busy only then.
  const busy = rounds / (rounds + waits);
  const wanted = Math.ceil(concurrency / share / busy);
  return { partitionsInFlight: Math.min(maxPartitions, Math.max(minPartitions, wanted)), concurrency: share };
}
