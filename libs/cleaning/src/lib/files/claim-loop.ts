import * as fs from 'node:fs';
import { cleanBytes } from '../clean/clean-bytes';
import type { CleaningContext } from '../clean/context';
import type { PartitionData } from '../clean/partition-data';
import type { WorkerJob } from './worker-protocol';

type Done = (index: number, data: PartitionData) => void;

/**
 * Cleans files until none is left to claim. Every thread (the caller's and each
 * worker) runs this loop on the same shared counter, so a thread that starts late or
 * gets small files simply claims more of them.
 */
export function claimAndClean(job: WorkerJob, context: CleaningContext, done: Done): void {
  while (cleanNext(job, context, done));
}

/**
 * {@link claimAndClean} for the calling thread while workers run: between files it lets
 * the event loop run, so the workers' partitions are received (and their messages
 * deserialized) while this thread still cleans, instead of all after its last file.
 */
export async function claimAndCleanBetweenMessages(job: WorkerJob, context: CleaningContext, done: Done): Promise<void> {
  while (cleanNext(job, context, done)) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Claims and cleans one file; false when none was left. */
function cleanNext(job: WorkerJob, context: CleaningContext, done: Done): boolean {
  const position = Atomics.add(new Int32Array(job.counter), 0, 1);
  if (position >= job.order.length) return false;
  const index = job.order[position];
  const file = job.files[index];
  done(index, cleanBytes(fs.readFileSync(file), file, job.options, context));
  return true;
}
