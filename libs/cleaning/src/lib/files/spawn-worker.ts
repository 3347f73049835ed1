import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WorkerJob } from './worker-protocol';

/**
 * Starts a partition worker. From the built package the worker is plain JavaScript
 * next to this file. From TypeScript sources (tsx, jest) Node cannot load the `.ts`
 * worker itself, so a tiny bootstrap registers tsx's loader, with the workspace's
 * tsconfig for the `@ecomlake/*` paths, first.
 */
export function spawnWorker(job: WorkerJob): Worker {
  const fromSource = path.extname(__filename) === '.ts';
  const entry = path.join(__dirname, `partition-worker${fromSource ? '.ts' : '.js'}`);
  if (!fromSource) return new Worker(entry, { workerData: job });
  const tsx = require.resolve('tsx/cjs/api', { paths: [__dirname] });
  // Source maps off again after tsx turns them on: Node then parses no map per module it
  // loads (about 20 ms of the worker's start), and a worker's errors cross to the caller
  // as data without their stack (see worker-protocol.ts), so no trace needs them.
  const bootstrap = `require(${JSON.stringify(tsx)}).register(); process.setSourceMapsEnabled(false); require(${JSON.stringify(entry)});`;
  const tsconfig = findUp(__dirname, 'tsconfig.base.json');
  return new Worker(bootstrap, {
    eval: true,
    workerData: job,
    env: tsconfig ? { ...process.env, TSX_TSCONFIG_PATH: tsconfig } : process.env,
  });
}

function findUp(dir: string, name: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    const candidate = path.join(d, name);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(d) === d) return undefined;
  }
}
