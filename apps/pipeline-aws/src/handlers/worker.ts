// The Distributed Map's child: one listed raw object (or an ItemBatcher batch of them) → the
// partition unit → small JSON results for the ResultWriter.
import { partitionId, runPartition } from '@ecomlake/partition-unit';
import { formatS3Uri } from '@ecomlake/s3-extract';
import { mapConcurrent } from '@ecomlake/util';
import { handlerClients, handlerSettings } from './environment';
import { listedObjects } from './events';
import { workerOutput, type WorkerOutput } from './worker-output';

/** Objects of a batch in flight at once: one reads while another cleans, and memory holds two partitions at most. */
const BATCH_IN_FLIGHT = 2;

export async function handler(event: unknown): Promise<WorkerOutput> {
  const settings = handlerSettings();
  const { s3, dynamodb } = handlerClients();
  // A key ending in "/" is a folder marker (the S3 console makes them), not a raw file.
  const items = listedObjects(event).filter((item) => !item.Key.endsWith('/'));
  const lakeUri = formatS3Uri({ bucket: settings.bucket, key: settings.cleanPrefix });
  const results = await mapConcurrent(items, BATCH_IN_FLIGHT, (item) =>
    runPartition(
      { object: { bucket: settings.bucket, key: item.Key, etag: item.Etag, size: item.Size }, id: partitionId(item.Key, settings.rawPrefix) },
      { s3, lakeUri, load: { client: dynamodb, table: settings.table } },
    ),
  );
  return workerOutput(results, { s3, bucket: settings.bucket, prefix: `${settings.runsPrefix}partition-results/` });
}
