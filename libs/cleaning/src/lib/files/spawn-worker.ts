import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { workerBundle } from './worker-bundle';
import type { WorkerJob } from './worker-protocol';

/**
 * Starts a partition worker. From the built package the worker is plain JavaScript
 * next to this file. From TypeScript sources (tsx, jest) Node cannot load the `.ts`
 * worker itself, so it runs the worker bundled into one JavaScript file (see
 * worker-bundle.ts). Either way the worker gets none of the parent's Node flags: under
 * `node --import tsx` it would register tsx's loader again (about 55 ms) for code that
 * is already JavaScript.
 */
export function spawnWorker(job: WorkerJob): Worker {
  const fromSource = path.extname(__filename) === '.ts';
  const entry = path.join(__dirname, `partition-worker${fromSource ? '.ts' : '.js'}`);
  return new Worker(fromSource ? workerBundle(entry) : entry, { workerData: job, execArgv: [] });
}
