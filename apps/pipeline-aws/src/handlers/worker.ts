// A Distributed Map's child: one listed raw object (or an ItemBatcher batch of them) → the
// partition unit → small JSON results for the ResultWriter. Two Maps run it: `plan` (the run's
// first pass: read and clean, return each partition's invoices, write nothing) and `load`
// (write the lake parts under the table's lake prefix and load the table, as part of the
// table run the check step began). Both work under the execution's lease: a worker whose
// lease was lost fails with LeaseLostError before writing anything. Objects a run does not
// take (folder markers, other names, archived objects) come back as `skipped`, never as a failure.
import { lakePrefix, partitionId, selectRunObjects, planPartition, runPartition } from '@ecomlake/partition-unit';
import { formatS3Uri } from '@ecomlake/s3-extract';
import { mapConcurrent } from '@ecomlake/util';
import { handlerClients, handlerSettings } from './environment';
import { workerEvent, type ListedObjectItem } from './events';
import { underLease } from './run-lease';
import { instrumented, recordPartition, recordSkipped, type LambdaContext } from './telemetry';
import { planOutput, workerOutput, type PlanOutput, type WorkerOutput } from './worker-output';

/** Objects of a batch in flight at once: one reads while another cleans, and memory holds two partitions at most. */
const BATCH_IN_FLIGHT = 2;

export function handler(event: { readonly mode: 'plan' } | { readonly BatchInput: { readonly mode: 'plan' } }, context?: LambdaContext): Promise<PlanOutput>;
export function handler(event: unknown, context?: LambdaContext): Promise<WorkerOutput>;
export function handler(event: unknown, context?: LambdaContext): Promise<WorkerOutput | PlanOutput> {
  return instrumented('Worker', context, async (t) => {
    const settings = handlerSettings();
    const { s3, dynamodb } = handlerClients();
    const { context: work, objects } = workerEvent(event);
    // The one rule both apps apply to what a run takes (the local app's manifest uses it too).
    const selected = selectRunObjects(objects.map((item) => ({ key: item.Key, size: item.Size, storageClass: item.StorageClass, item })));
    const taken = selected.taken.map((o) => o.item);
    const { skipped } = selected;
    recordSkipped(t, skipped);
    const lake = lakePrefix(settings.table);
    const output = { s3, bucket: settings.bucket, prefix: `${settings.runsPrefix}partition-results/`, skipped };
    const task = (item: ListedObjectItem) => ({ object: { bucket: settings.bucket, key: item.Key, etag: item.Etag, size: item.Size }, id: partitionId(item.Key, settings.rawPrefix) });
    // The plan writes nothing, but its workers join too: the lease is verified and kept alive through a long first pass.
    return underLease({ s3, dynamodb }, { table: settings.table, bucket: settings.bucket, lakePrefix: lake }, work.lease, async (lease) => {
      if (work.mode === 'plan') {
        const plans = await mapConcurrent(taken, BATCH_IN_FLIGHT, (item) => planPartition(task(item), { s3, signal: lease.signal }));
        return planOutput(plans, output);
      }
      const lakeUri = formatS3Uri({ bucket: settings.bucket, key: lake });
      const results = await mapConcurrent(taken, BATCH_IN_FLIGHT, async (item) => {
        const result = await runPartition(task(item), { s3, lakeUri, load: { client: dynamodb, table: settings.table, ...(work.run && { run: work.run }) }, signal: lease.signal });
        recordPartition(t, result);
        return result;
      });
      return workerOutput(results, output);
    });
  });
}
