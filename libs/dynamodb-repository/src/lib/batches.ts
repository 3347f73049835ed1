import type { WriteEntry } from './batch-write';

/** DynamoDB's limit of requests in one BatchWriteItem. */
export const MAX_BATCH_SIZE = 25;

export interface Tagged<T> {
  entry: WriteEntry<T>;
  partition: string;
}

/**
 * Groups entries into requests of at most `size` with distinct keys (DynamoDB rejects a
 * whole request that names a key twice). A repeated key replaces the earlier entry in the
 * open batch, as a second Put would; `onSuperseded` is told, so nothing vanishes unseen.
 */
export async function* distinctKeyBatches<T>(
  entries: AsyncIterable<Tagged<T>>,
  size: number,
  onSuperseded: (replaced: Tagged<T>) => void,
): AsyncGenerator<Tagged<T>[]> {
  let batch: Tagged<T>[] = [];
  let index = new Map<string, number>();
  for await (const tagged of entries) {
    const at = index.get(tagged.entry.key);
    if (at !== undefined) {
      onSuperseded(batch[at]);
      batch[at] = tagged;
      continue;
    }
    index.set(tagged.entry.key, batch.length);
    batch.push(tagged);
    if (batch.length === size) {
      yield batch;
      batch = [];
      index = new Map();
    }
  }
  if (batch.length > 0) yield batch;
}
