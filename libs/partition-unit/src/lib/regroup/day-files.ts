import { appendFile } from 'node:fs/promises';
import * as path from 'node:path';

/** Bytes held in memory across all day files before they are appended to disk. */
export const FLUSH_BYTES = 8 * 1024 * 1024;

/** Local files, one per output object, filled in input order with bounded memory. */
export interface DayFiles {
  /** Appends a record's lines to `name` (created with `header`, which ends with a line break, first). */
  add(name: string, lines: readonly Buffer[]): void;
  /** Writes what is held when it has grown past {@link FLUSH_BYTES}. */
  maybeFlush(): Promise<void>;
  /** Writes everything held. */
  flush(): Promise<void>;
  /** Records added per file name. */
  readonly records: ReadonlyMap<string, number>;
}

const NEWLINE = Buffer.from('\n');
const LF = 10;

/**
 * Day files under `dir`. Each starts with `header`; a record's last line without a line break
 * (the last line of an input file) gets one, so the next record starts on its own line.
 */
export function createDayFiles(dir: string, header: Buffer): DayFiles {
  const held = new Map<string, Buffer[]>();
  const records = new Map<string, number>();
  let heldBytes = 0;

  const flush = async (): Promise<void> => {
    for (const [name, pieces] of held) {
      if (pieces.length > 0) await appendFile(path.join(dir, name), Buffer.concat(pieces));
    }
    held.clear();
    heldBytes = 0;
  };

  return {
    add(name, lines) {
      let pieces = held.get(name);
      if (!pieces) held.set(name, (pieces = []));
      if (!records.has(name)) {
        pieces.push(header);
        heldBytes += header.length;
      }
      records.set(name, (records.get(name) ?? 0) + 1);
      for (const line of lines) {
        pieces.push(line);
        heldBytes += line.length;
      }
      const last = lines[lines.length - 1];
      if (last !== undefined && last[last.length - 1] !== LF) pieces.push(NEWLINE);
    },
    async maybeFlush() {
      if (heldBytes > FLUSH_BYTES) await flush();
    },
    flush,
    records,
  };
}
