import { createCsvParser, type CsvInput } from '@ecomlake/csv';
import type { QualitySummary } from '@ecomlake/model';
import type { ColumnTable } from 'arquero';
import type { CleanFileOptions } from './clean-buffer';
import { createCleaningContext } from './clean/context';
import { createPartitionCleaner } from './clean/partition-cleaner';
import type { WindowData } from './clean/windowing';
import { EmptyFileError } from './errors';
import { resolveCleanOptions } from './options';
import type { TableCounts } from './quality/reconcile';
import { decodeTable } from './tables/decode';
import { itemsTable } from './tables/items-table';
import { EXCLUDED_SCHEMA, LINE_SCHEMA, QUARANTINE_SCHEMA } from './tables/schema';

export interface CleanStreamOptions extends Omit<CleanFileOptions, 'maxDecompressedBytes'> {
  /**
   * Rows a window takes before it is cut, at the next change of invoice: memory follows
   * this, not the object's size. Default 100 000 (about 13 MB of columns).
   */
  windowRows?: number;
  /**
   * Invoice numbers to hold apart until the last window, as `CleanedStream.held` lists them:
   * a second run with them cleans the same windows without a restart (e.g. to stream the
   * items again for a load). Default: none; found by the run itself.
   */
  hold?: readonly string[];
}

/** Part of a partition's output: the rows of whole invoices (an item is never split between windows). */
export interface CleanWindow {
  /** 0, 1, …: the order of the windows (after a `restart`, from 0 again). */
  readonly index: number;
  /** Tables as in `CleanPartition`, for this window's rows. */
  readonly lines: ColumnTable;
  readonly items: ColumnTable;
  readonly excluded: ColumnTable;
  readonly quarantine: ColumnTable;
}

/** The partition, once every window is out: a reconciled report and what its tables held. */
export interface CleanedStream {
  readonly partition: string;
  readonly report: QualitySummary;
  /** The windows' tables, counted from the tables and summed. */
  readonly counts: TableCounts;
  /** Distinct invoice numbers of the items, sorted. */
  readonly invoices: string[];
  readonly windows: number;
  /** Reads of the input: 1, or 2 when an invoice came back after its window was cut. */
  readonly passes: number;
  /** Invoices held apart until the last window (see `CleanStreamOptions.hold`). */
  readonly held: readonly string[];
}

export type CleanStreamEvent =
  | { readonly kind: 'window'; readonly window: CleanWindow }
  /**
   * An invoice came back after its window was cut: the windows given so far are void (their
   * items could be split), and the input is read again, holding such invoices apart.
   */
  | { readonly kind: 'restart'; readonly comeBack: readonly string[] }
  | { readonly kind: 'end'; readonly result: CleanedStream };

const DEFAULT_WINDOW_ROWS = 100_000;

/**
 * Cleans one partition from a byte stream of any size in windows, with memory bounded by
 * the window (plus the dictionary of distinct values and the invoice numbers), not by the
 * object. Every row ends in exactly one place and the report is reconciled as for
 * `cleanBuffer`; duplicates and keying are exact because windows are cut between invoices,
 * and an invoice that comes back later makes the run read its input again (`open(2)`),
 * holding that invoice apart. Rows come out in windows of whole invoices, in input order
 * (held invoices last).
 *
 * @example
 * for await (const event of cleanStream(() => fs.createReadStream('big.csv'), 'big.csv')) {
 *   if (event.kind === 'window') await writePart(event.window.items);
 * }
 */
export async function* cleanStream(
  open: (pass: number) => CsvInput | Promise<CsvInput>,
  source: string,
  options: CleanStreamOptions = {},
): AsyncGenerator<CleanStreamEvent, void, undefined> {
  const resolved = resolveCleanOptions({ ...options, partition: options.partition ?? source });
  const rows = options.windowRows ?? DEFAULT_WINDOW_ROWS;
  const hold = new Set(options.hold ?? []);
  for (let pass = 1; ; pass++) {
    const windows: WindowData[] = [];
    // A fresh context each pass: codes of one pass's dictionary mean nothing in the next.
    const cleaner = createPartitionCleaner(createCleaningContext(resolved), resolved.partition, Math.min(rows + 1024, 16_384), { rows, hold, onWindow: (w) => windows.push(w) });
    let sawHeader = false;
    const parser = createCsvParser(
      { source, encoding: options.encoding, maxLineBytes: options.maxLineBytes, header: true },
      {
        onHeader: (header) => {
          sawHeader = true;
          cleaner.header(header, source);
        },
        onRecord: (fields, line, lines) => cleaner.record(fields, line, source, lines),
        onRecordSpans: (text, spans, line, lines) => cleaner.recordSpans(text, spans, line, source, lines),
        onError: (line, reason, text, lines) => cleaner.error(line, reason, text, source, lines),
        onEnd: (counts) => cleaner.lineCounts(counts),
      },
    );
    let index = 0;
    for await (const chunk of await open(pass)) {
      parser.push(chunk);
      while (windows.length > 0) yield { kind: 'window', window: toWindow(index++, windows.shift() as WindowData) };
    }
    parser.end();
    if (!sawHeader) throw new EmptyFileError(source);
    const summary = cleaner.finishWindows();
    while (windows.length > 0) yield { kind: 'window', window: toWindow(index++, windows.shift() as WindowData) };
    if (summary.comeBack.length > 0) {
      // Deterministic: the next pass cuts at the same places, and holds every invoice that came back.
      if (summary.comeBack.every((invoice) => hold.has(invoice))) throw new Error(`${source}: windows could not keep invoices whole (${summary.comeBack[0]})`);
      for (const invoice of summary.comeBack) hold.add(invoice);
      yield { kind: 'restart', comeBack: summary.comeBack };
      continue;
    }
    const result: CleanedStream = {
      partition: resolved.partition ?? source,
      report: summary.report,
      counts: summary.counts,
      invoices: summary.invoices.sort(),
      windows: summary.windows,
      passes: pass,
      held: [...hold].sort(),
    };
    yield { kind: 'end', result };
    return;
  }
}

function toWindow(index: number, data: WindowData): CleanWindow {
  const lines = decodeTable(LINE_SCHEMA, data.lines, data.strings);
  return {
    index,
    lines,
    items: itemsTable(lines, data.items),
    excluded: decodeTable(EXCLUDED_SCHEMA, data.excluded, data.strings),
    quarantine: decodeTable(QUARANTINE_SCHEMA, data.quarantine, data.strings),
  };
}
