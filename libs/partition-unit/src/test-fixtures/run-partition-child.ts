// Runs one partition in a process of its own (for memory tests: started with a capped heap),
// and prints what a test checks as its last line of output: the result's report and counts.
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { getHeapStatistics } from 'node:v8';
import { runPartition, type PartitionUnitOptions } from '../lib/run-partition';
import type { PartitionTask } from '../lib/types';

interface ChildTask {
  s3: S3ClientConfig;
  task: PartitionTask;
  options: Omit<PartitionUnitOptions, 's3'>;
}

async function main(): Promise<void> {
  const { s3: config, task, options } = JSON.parse(process.env.PARTITION_CHILD_TASK ?? '{}') as ChildTask;
  const s3 = new S3Client(config);
  const result = await runPartition(task, { ...options, s3 });
  s3.destroy();
  console.log(JSON.stringify({ report: result.report, counts: result.counts, invoices: result.invoices.length, heapLimitMiB: Math.round(getHeapStatistics().heap_size_limit / 1024 / 1024) }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
