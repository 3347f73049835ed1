import * as fs from 'node:fs';
import { cleanBytes } from '../clean/clean-bytes';
import type { CleaningContext } from '../clean/context';
import type { PartitionData } from '../clean/partition-data';
import type { WorkerJob } from './worker-protocol';

/**
 * Cleans files until none is left to claim. Every thread (the caller's and each
 * worker) runs this loop on the same shared counter, so a thread that starts late or
 * gets small files simply claims more of them.
 */
export function claimAndClean(job: WorkerJob, context: CleaningContext, done: (index: number, data: PartitionData) => void): void {
  const counter = new Int32Array(job.counter);
  for (;;) {
    const position = Atomics.add(counter, 0, 1);
    if (position >= job.order.length) return;
    const index = job.order[position];
    const file = job.files[index];
    done(index, cleanBytes(fs.readFileSync(file), file, job.options, context));
  }
}
