import * as fs from 'node:fs';
import * as os from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { CleanFileOptions } from '../clean-buffer';
import { createCleaningContext } from '../clean/context';
import type { PartitionData } from '../clean/partition-data';
import { CleaningOptionsError } from '../errors';
import { mergePartitionData } from '../merge/merge-data';
import { resolveCleanOptions } from '../options';
import type { CleanResult } from '../types';
import { claimAndClean, claimAndCleanBetweenMessages } from './claim-loop';
import { spawnWorker } from './spawn-worker';
import { deserializeError, type WorkerJob, type WorkerMessage } from './worker-protocol';

export interface CleanFilesOptions extends CleanFileOptions {
  /**
   * Threads cleaning partitions at once, counting the calling thread; `1` uses no
   * worker threads. Default `os.availableParallelism()`.
   */
  concurrency?: number;
}

/**
 * Cleans local CSV files, one partition per file, on several threads, and merges the
 * partitions in the order of `paths`. The calling thread cleans files too while the
 * workers start, so small inputs do not wait for them.
 *
 * @example
 * const result = await cleanFiles(await listCsvFiles('data/by-day'), { concurrency: 2 });
 * console.log(renderQualityTable(result.report));
 */
export async function cleanFiles(paths: readonly string[], options: CleanFilesOptions = {}): Promise<CleanResult> {
  const { concurrency = os.availableParallelism(), ...clean } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new CleaningOptionsError('concurrency', concurrency, 'Use a whole number of threads ≥ 1.');
  }
  const resolved = resolveCleanOptions(clean);
  const sizes = paths.map((p) => fs.statSync(p).size);
  const job: WorkerJob = {
    files: paths,
    order: paths.map((_, i) => i).sort((a, b) => sizes[b] - sizes[a]),
    counter: new SharedArrayBuffer(4),
    options: clean,
  };
  const results = new Array<PartitionData | undefined>(paths.length);
  const workers: Worker[] = [];
  const finished = Array.from({ length: Math.min(concurrency, paths.length) - 1 }, () => {
    const worker = spawnWorker(job);
    workers.push(worker);
    return collect(worker, results);
  });
  // Handled from the start: a worker may fail while this thread still cleans (and yields).
  const workersDone = Promise.all(finished);
  workersDone.catch(() => Atomics.store(new Int32Array(job.counter), 0, paths.length)); // stop claiming; thrown below
  try {
    const context = createCleaningContext(resolved);
    const keep = (index: number, data: PartitionData): void => {
      results[index] = data;
    };
    if (workers.length === 0) claimAndClean(job, context, keep);
    else await claimAndCleanBetweenMessages(job, context, keep);
    await workersDone;
  } catch (error) {
    Atomics.store(new Int32Array(job.counter), 0, paths.length); // nothing more to claim
    await Promise.allSettled(workers.map((w) => w.terminate()));
    throw error;
  }
  return mergePartitionData(results as PartitionData[], { samples: resolved.samples });
}

/** Receives one worker's partitions, rebuilding its string dictionary from the deltas. */
function collect(worker: Worker, results: (PartitionData | undefined)[]): Promise<void> {
  const strings: string[] = [];
  return new Promise((resolve, reject) => {
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'partition') {
        for (const s of message.strings) strings.push(s);
        results[message.index] = { ...message.data, strings };
      } else if (message.kind === 'done') {
        resolve();
      } else {
        reject(deserializeError(message.error));
      }
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (code !== 0) reject(new Error(`A cleaning worker thread stopped with exit code ${code}.`));
      resolve();
    });
  });
}
