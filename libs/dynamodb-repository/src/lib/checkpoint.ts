import { appendFile, mkdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';

/** Remembers which partitions (e.g. days) are fully loaded, so a rerun can skip them. */
export interface CheckpointStore {
  isDone(partition: string): boolean | Promise<boolean>;
  markDone(partition: string): void | Promise<void>;
}

/** A checkpoint held in memory (resume within one process). */
export function memoryCheckpoint(done: Iterable<string> = []): CheckpointStore & { done: Set<string> } {
  const set = new Set(done);
  return { done: set, isDone: (id) => set.has(id), markDone: (id) => void set.add(id) };
}

/**
 * A checkpoint in a text file, one finished partition per line. Appends are whole lines,
 * so a crash loses at most the partition being recorded, which is then simply reloaded.
 */
export function fileCheckpoint(file: string): CheckpointStore {
  let done: Promise<Set<string>> | undefined;
  const load = () =>
    (done ??= readFile(file, 'utf8').then(
      (text) => new Set(text.split('\n').filter((line) => line.length > 0)),
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return new Set<string>();
        throw error;
      },
    ));
  return {
    isDone: async (id) => (await load()).has(id),
    async markDone(id) {
      const set = await load();
      if (set.has(id)) return;
      if (id.includes('\n')) throw new RangeError(`Partition ids cannot contain newlines: ${JSON.stringify(id)}`);
      set.add(id);
      await mkdir(path.dirname(file), { recursive: true });
      await appendFile(file, `${id}\n`);
    },
  };
}
