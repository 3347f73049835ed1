import type { OrderItem } from '@ecomlake/model';
import { writeBatch } from '../batch-write';
import { distinctKeyBatches, MAX_BATCH_SIZE, type Tagged } from '../batches';
import { addCountries, listOnce } from '../catalog';
import type { LoadPartition, LoadProgress, Source } from '../load-items';
import { encodeItem, itemKey } from '../marshal';
import { withMeter } from '../meter-scope';
import { PARTITION_ATTRIBUTE } from '../partition-records';
import { readAhead } from '../read-ahead';
import type { LoadRun } from './load-run';
import { isWritable, type Prepared } from './prepare';

/**
 * Every item of every partition, tagged with its partition, in partition order; partitions are
 * prepared `ahead` at a time before their items are needed, so their bookkeeping round trips
 * overlap the writes of the ones before.
 */
export async function* itemEntries(
  run: LoadRun,
  partitions: Source<LoadPartition>,
  ahead: number,
  prepare: (partition: LoadPartition) => Promise<Prepared>,
): AsyncGenerator<Tagged<OrderItem>> {
  const { result, tracker } = run;
  for await (const { partition, tag, items } of readAhead(partitions, ahead, prepare)) {
    if (!items) {
      result.partitionsSkipped.push(partition.id);
      continue;
    }
    run.opened.push(partition.id);
    tracker.open(partition.id);
    for await (const item of items) {
      tracker.add(partition.id);
      if (!isWritable(item)) {
        result.failed.push({ item, reason: `the InvoiceNo "${item.invoiceNo}" is reserved: keys starting with # hold the table's own records` });
        await tracker.settle(partition.id, true);
        continue;
      }
      const record = encodeItem(item);
      if (run.replace) record[PARTITION_ATTRIBUTE] = { S: tag };
      yield { partition: partition.id, entry: { key: itemKey(item), record, source: item } };
    }
    await tracker.close(partition.id);
  }
}

/**
 * Sends the batches, at most the AIMD limit in flight, listing new countries in the catalog
 * before a batch holding one. Returns when every request sent has finished; an input error
 * stops reading (requests already sent still finish) and is rethrown after.
 */
export async function sendBatches(run: LoadRun, entries: AsyncIterable<Tagged<OrderItem>>): Promise<{ inputError?: { error: unknown } }> {
  const { options, result, tracker, aimd, signal } = run;
  const running = new Set<Promise<void>>();
  const listed = options.listed?.countries ?? new Set<string>();
  const superseded = (replaced: Tagged<OrderItem>) => {
    result.superseded += 1;
    tracker.settle(replaced.partition, false).catch((error: unknown) => run.stop(error));
  };
  try {
    for await (const batch of distinctKeyBatches(entries, options.batchSize ?? MAX_BATCH_SIZE, superseded)) {
      while (running.size >= aimd.limit) await Promise.race(running);
      if (signal.aborted) break;
      if (options.catalog ?? true) {
        try {
          await listCountries(run, batch, listed);
        } catch (error) {
          run.stop(error);
          break;
        }
      }
      const task: Promise<void> = writeTagged(run, batch).finally(() => running.delete(task));
      running.add(task);
    }
  } catch (error) {
    await Promise.all(running);
    return { inputError: { error } };
  }
  await Promise.all(running);
  return {};
}

/** One batch: written, its items settled in their partitions. Never rejects: a fatal error stops the load instead. */
async function writeTagged(run: LoadRun, batch: Tagged<OrderItem>[]): Promise<void> {
  const { result, tracker } = run;
  try {
    const outcome = await withMeter(run.meter, () => writeBatch(batch.map((tagged) => tagged.entry), run.batches));
    result.written += outcome.written.length;
    result.retried += outcome.retried;
    for (const { entry, reason } of outcome.failed) result.failed.push({ item: entry.source, reason });
    const failedKeys = new Set(outcome.failed.map(({ entry }) => entry.key));
    for (const tagged of batch) await tracker.settle(tagged.partition, failedKeys.has(tagged.entry.key));
    run.options.onProgress?.(progress(run));
  } catch (error) {
    run.stop(error);
  }
}

/** Countries known to be in the catalog; a batch with a new one waits until it is listed (once per shared set: `listOnce`). */
async function listCountries(run: LoadRun, batch: Tagged<OrderItem>[], listed: Set<string>): Promise<void> {
  const returnConsumedCapacity = run.batches.returnConsumedCapacity === 'NONE' ? 'NONE' : 'TOTAL';
  await listOnce(
    listed,
    batch.map((tagged) => tagged.entry.source.country),
    (fresh) => withMeter(run.catalogMeter, () => addCountries(run.client, run.table, fresh, { ...run.bookkeeping.options, returnConsumedCapacity })),
  );
}

function progress(run: LoadRun): LoadProgress {
  const { result } = run;
  const elapsedMs = Date.now() - run.started;
  return {
    written: result.written, retried: result.retried, failed: result.failed.length, superseded: result.superseded,
    requests: run.meter.requests, itemsPerSecond: result.written / Math.max(elapsedMs / 1000, 1e-3),
    concurrency: run.aimd.limit, elapsedMs, partitionsDone: result.partitionsDone.length,
  };
}
