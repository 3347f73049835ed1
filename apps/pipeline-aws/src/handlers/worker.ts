// The Distributed Map's child: one listed raw object (or an ItemBatcher batch of them) → the
// partition unit → small JSON results for the ResultWriter. Objects a run does not take
// (folder markers, other names, archived objects) come back as `skipped`, never as a failure.
import { classifyRunObject, partitionId, runPartition, type SkippedRunObject } from '@ecomlake/partition-unit';
import { formatS3Uri } from '@ecomlake/s3-extract';
import { mapConcurrent } from '@ecomlake/util';
import { handlerClients, handlerSettings } from './environment';
import { listedObjects, type ListedObjectItem } from './events';
import { instrumented, recordPartition, recordSkipped, type LambdaContext } from './telemetry';
import { workerOutput, type WorkerOutput } from './worker-output';

/** Objects of a batch in flight at once: one reads while another cleans, and memory holds two partitions at most. */
const BATCH_IN_FLIGHT = 2;

export function handler(event: unknown, context?: LambdaContext): Promise<WorkerOutput> {
  return instrumented('Worker', context, async (t) => {
    const settings = handlerSettings();
    const { s3, dynamodb } = handlerClients();
    const taken: ListedObjectItem[] = [];
    const skipped: SkippedRunObject[] = [];
    for (const item of listedObjects(event)) {
      const decision = classifyRunObject({ key: item.Key, size: item.Size, storageClass: item.StorageClass });
      if (decision.take) taken.push(item);
      else skipped.push({ key: item.Key, size: item.Size, reason: decision.reason, detail: decision.detail });
    }
    recordSkipped(t, skipped);
    const lakeUri = formatS3Uri({ bucket: settings.bucket, key: settings.cleanPrefix });
    const results = await mapConcurrent(taken, BATCH_IN_FLIGHT, async (item) => {
      const result = await runPartition(
        { object: { bucket: settings.bucket, key: item.Key, etag: item.Etag, size: item.Size }, id: partitionId(item.Key, settings.rawPrefix) },
        { s3, lakeUri, load: { client: dynamodb, table: settings.table } },
      );
      recordPartition(t, result);
      return result;
    });
    return workerOutput(results, { s3, bucket: settings.bucket, prefix: `${settings.runsPrefix}partition-results/`, skipped });
  });
}
