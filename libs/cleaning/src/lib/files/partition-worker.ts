import { parentPort, workerData } from 'node:worker_threads';
import { createCleaningContext } from '../clean/context';
import { transferList } from '../clean/partition-data';
import { resolveCleanOptions } from '../options';
import { claimAndClean } from './claim-loop';
import { serializeError, type WorkerJob, type WorkerMessage } from './worker-protocol';

// Entry point of a cleaning worker thread (see spawn-worker.ts).
const job = workerData as WorkerJob;
const port = parentPort;
if (port) {
  const send = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  try {
    const context = createCleaningContext(resolveCleanOptions(job.options));
    let sent = 0;
    claimAndClean(job, context, (index, data) => {
      const { strings, ...rest } = data;
      send({ kind: 'partition', index, data: rest, strings: strings.slice(sent) }, transferList(data));
      sent = strings.length;
    });
    send({ kind: 'done' });
  } catch (error) {
    send({ kind: 'error', error: serializeError(error) });
  }
}
