import { createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

export interface RepeatDaysOptions {
  /** How many copies of each day's rows: every copy but the first has its invoice numbers rewritten. */
  readonly times: number;
  /** Daily files to take, in this order. Default: every `.csv` file of the folder, sorted. */
  readonly files?: readonly string[];
  /** Gzip the output (level 1: fast, about 6x on this data). Default: by the output's name ending `.gz`. */
  readonly gzip?: boolean;
}

export interface RepeatedDays {
  readonly rows: number;
  /** Bytes of CSV written, before compression. */
  readonly expandedBytes: number;
  /** Bytes of the file. */
  readonly storedBytes: number;
}

/**
 * One large CSV (or `.csv.gz`) object made of real daily files, each day's rows `times` times
 * in a row, so the object stays in time order as an export would. Copy `k` adds `k × 10^6`
 * to every invoice number (`536365` → `1536365`, `C536379` → `C1536379`; other forms get a
 * `-k` suffix), so invoices stay distinct and the copies clean to `times` × the items.
 * For memory tests and benchmarks of large objects, streamed to disk line by line.
 */
export async function repeatDays(folder: string, out: string, options: RepeatDaysOptions): Promise<RepeatedDays> {
  const { times } = options;
  if (!(Number.isSafeInteger(times) && times >= 1)) throw new RangeError(`times must be a whole number ≥ 1, got ${times}`);
  const files = options.files ?? (await fs.readdir(folder)).filter((f) => f.endsWith('.csv')).sort();
  let rows = 0;
  let expandedBytes = 0;
  async function* lines(): AsyncGenerator<string> {
    let header = true;
    for (const file of files) {
      const text = await fs.readFile(path.join(folder, file), 'utf8');
      const body = text.split('\n');
      if (header) {
        yield emit(`${body[0]}\n`);
        header = false;
      }
      for (let copy = 0; copy < times; copy++) {
        let chunk = '';
        for (let i = 1; i < body.length; i++) {
          if (body[i] === '') continue;
          chunk += `${copy === 0 ? body[i] : rewriteInvoice(body[i], copy)}\n`;
          rows++;
        }
        yield emit(chunk);
      }
    }
  }
  const emit = (chunk: string): string => {
    expandedBytes += Buffer.byteLength(chunk);
    return chunk;
  };
  const gzip = options.gzip ?? out.endsWith('.gz');
  await fs.mkdir(path.dirname(out), { recursive: true });
  if (gzip) await pipeline(lines(), createGzip({ level: 1 }), createWriteStream(out));
  else await pipeline(lines(), createWriteStream(out));
  return { rows, expandedBytes, storedBytes: (await fs.stat(out)).size };
}

function rewriteInvoice(line: string, copy: number): string {
  const comma = line.indexOf(',');
  const invoice = line.slice(0, comma);
  const match = /^([A-Z]?)(\d+)$/.exec(invoice);
  const next = match ? `${match[1]}${copy * 1_000_000 + Number(match[2])}` : `${invoice}-${copy}`;
  return next + line.slice(comma);
}

