import { ESCAPED, spanFields, type CsvLineCounts, type FieldSpans } from '@ecomlake/csv';
import type { RuleId } from '@ecomlake/model';
import { UnreadableHeaderError } from '../errors';
import { fieldIndexes, mapHeader } from '../parse/header-map';
import { createLineTally, seeRow } from '../report/line-tally';
import { createTallies, tally } from '../report/tally';
import { createDuplicateRule, type DuplicateRule } from '../rules/duplicate';
import { createKeyIndex, type KeyIndex } from '../rules/key-index';
import { createKeying, type Keying } from '../rules/keying';
import { salesExclusion } from '../rules/sales-rules';
import { addRow as newRow, resetBuilder, tableBuilder, type TableBuilder } from '../tables/builder';
import { csvLine } from '../tables/csv-line';
import { grown } from '../tables/grown';
import { EXCLUDED_SCHEMA, ITEM_REF_SCHEMA, LINE_SCHEMA, QUARANTINE_SCHEMA, type Schema } from '../tables/schema';
import type { CleaningContext } from './context';
import { NONE } from './dictionary';
import { finishPartition } from './finish-partition';
import type { PartitionData } from './partition-data';
import { detach } from './interner';
import { createRowParser, emptyRow, type RowFields } from './row-parser';
import { createWindowing, HELD, type Windowing, type WindowOptions, type WindowsSummary } from './windowing';

// Bound once: imported bindings compiled to CommonJS are property reads (often getters).
const addRow = newRow;
const excludedBy = salesExclusion;
const ESCAPED_FIELD = ESCAPED;
const ABSENT = NONE;

/** Feeds one partition's rows through the rules, in order; `finish()` reconciles and packs. */
export interface PartitionCleaner {
  header(header: readonly string[], source: string): void;
  /** `lines`: physical lines the row spans (default 1). */
  record(fields: readonly string[], line: number, source: string, lines?: number): void;
  /** The fast path: a record as field spans of `text` (see `@ecomlake/csv` `onRecordSpans`). */
  recordSpans(text: string, spans: FieldSpans, line: number, source: string, lines?: number): void;
  error(line: number, reason: string, text: string, source: string, lines?: number): void;
  /** The reader's own line count, when it has one (`onEnd`); otherwise lines are derived from the rows. */
  lineCounts(counts: CsvLineCounts): void;
  finish(): PartitionData;
  /** For a cleaner with window options: cuts the last windows, then reports on them all. */
  finishWindows(): WindowsSummary;
}

/** A clean partition's state, swapped per invoice when windows hold some invoices apart. */
interface Core {
  readonly keys: KeyIndex;
  readonly duplicates: DuplicateRule;
  readonly lines: TableBuilder<typeof LINE_SCHEMA>;
  readonly items: TableBuilder<typeof ITEM_REF_SCHEMA>;
  readonly keying: Keying;
  readonly excluded: TableBuilder<typeof EXCLUDED_SCHEMA>;
}

/** `expectedRows` sizes the column buffers up front (they still grow as needed). */
export function createPartitionCleaner(context: CleaningContext, partitionName?: string, expectedRows = 1024, windows?: WindowOptions): PartitionCleaner {
  const { dict, options } = context;
  const { enabled, samples } = options;
  const parseRow = createRowParser(context);
  // Windows own their builders: the context's are shared by a thread's whole partitions.
  const builder = <S extends Schema>(schema: S, capacity: number) => (windows ? tableBuilder(schema, capacity) : context.builder(schema, capacity));
  const windowCapacity = windows ? Math.min(expectedRows, windows.rows + 1024) : expectedRows;
  const core = (capacity: number): Core => {
    const lines = builder(LINE_SCHEMA, capacity);
    const items = builder(ITEM_REF_SCHEMA, capacity);
    return { keys: createKeyIndex(capacity), duplicates: createDuplicateRule(capacity), lines, items, keying: createKeying(dict.strings, lines, items), excluded: builder(EXCLUDED_SCHEMA, 64) };
  };
  // Without windows the thread's partitions come one after another: they share one core
  // (its arrays grown once), as they share the context's builders.
  const main = windows ? core(windowCapacity) : resetCore(context.shared('core', () => core(expectedRows)));
  let held: Core | undefined;
  const quarantine = builder(QUARANTINE_SCHEMA, 16);
  const windowed = createWindowing(dict, windows);
  const tallies = createTallies();
  const lineTally = createLineTally();
  let rowLines = 1; // physical lines of the current row
  const row = emptyRow();
  let columns: Int32Array = new Int32Array(8); // field index of each canonical column
  let maxColumn = 0;
  let columnCount = 0;
  let starts: Int32Array = new Int32Array(16);
  let ends: Int32Array = new Int32Array(16);
  const fields: RowFields = { text: '', starts, ends, columns };
  // The current record, for raw fields in samples and quarantine (built only then).
  let rawRecord: readonly string[] | undefined;
  let rawText = '';
  let rawSpans: FieldSpans | undefined;
  // Copied, so a kept sample does not pin the whole file text it was cut from.
  const raw = (): string[] => (rawRecord ?? spanFields(rawText, rawSpans as FieldSpans)).map((f) => detach(f));
  let partition = partitionName ?? options.partition;
  let rowsIn = 0;
  let clean = 0;
  let guests = 0;
  let nonProductLines = 0;
  let revenue = 0;
  let lastSource = '';
  let sourceCode = ABSENT;

  const sourceOf = (source: string): number => {
    if (sourceCode === ABSENT || source !== lastSource) {
      lastSource = source;
      sourceCode = dict.code(source);
      partition ??= source;
    }
    return sourceCode;
  };

  const exclude = (excluded: TableBuilder<typeof EXCLUDED_SCHEMA>, rule: RuleId, source: number, line: number): void => {
    const x = excluded.columns;
    const i = addRow(excluded);
    x.rule[i] = dict.code(rule);
    x.source[i] = source;
    x.line[i] = line;
    x.invoiceNo[i] = row.invoiceNo;
    x.stockCode[i] = row.stockCode;
    x.description[i] = row.description;
    x.quantity[i] = row.quantity;
    x.invoiceDate[i] = row.invoiceDate;
    x.unitPriceMilli[i] = row.unitPriceMilli;
    x.customerId[i] = row.customerId;
    x.country[i] = row.country;
    x.totalAmountMilli[i] = row.totalAmountMilli;
    lineTally.excluded += rowLines;
    tally(tallies[rule], row.totalAmountMilli, samples, () => ({ source: lastSource, line, reason: rule, fields: raw() }));
  };

  const quarantined = (source: number, line: number, reason: string, text: string, amount: number, sample: readonly string[]) => {
    const q = quarantine.columns;
    const i = addRow(quarantine);
    q.source[i] = source;
    q.line[i] = line;
    q.reason[i] = dict.code(reason);
    q.text[i] = dict.code(text);
    lineTally.quarantined += rowLines;
    tally(tallies.malformed, amount, samples, () => ({ source: lastSource, line, reason, fields: sample.map((f) => detach(f)) }));
  };

  const state = () => ({ partition: partition ?? '', dict, options, tallies, counts: { rowsIn, clean, guests, nonProductLines, revenueMilli: revenue }, lineTally });
  let lastInvoice = ABSENT;
  let windowRows = 0;
  let inHeld = false;
  // Cuts the window when it is full, and routes the invoice's rows to its core.
  const enterInvoice = (invoice: number): void => {
    const w = windowed as Windowing;
    if (windowRows >= w.rows) {
      w.cut(main.lines, main.items, main.excluded, quarantine);
      // The same objects start afresh (the row path keeps them as constants: faster).
      resetCore(main);
      resetBuilder(quarantine);
      windowRows = 0;
    }
    lastInvoice = invoice;
    inHeld = w.enter(invoice) === HELD;
    if (inHeld && held === undefined) {
      held = core(1024);
      heldRow = keyedRow(held);
    }
  };

  /** The rules from `duplicate` on, keying and the clean line, for a row of `c`'s invoices. */
  const keyedRow = (c: Core) => {
    const { keys, lines, keying, excluded } = c;
    const isDuplicate = enabled.duplicate ? c.duplicates.isDuplicate : () => false;
    return (src: number, line: number): void => {
      const slot = keys.slot(row.invoiceNo, row.stockCode);
      if (isDuplicate(row, slot)) return exclude(excluded, 'duplicate', src, line);
      const rule = excludedBy(row, enabled);
      if (rule !== undefined) return exclude(excluded, rule, src, line);
      const tooLarge = keying.totalsProblem(row, slot, revenue);
      if (tooLarge !== undefined) {
        const record = raw();
        return quarantined(src, line, tooLarge, csvLine(record), NaN, record); // NaN: an amount that does not fit is added nowhere
      }
      const nonProduct = context.nonProduct(row.stockCode);
      keying.add(row, slot, lines.length);
      const l = lines.columns;
      const i = addRow(lines);
      l.invoiceNo[i] = row.invoiceNo;
      l.stockCode[i] = row.stockCode;
      l.description[i] = row.description;
      l.quantity[i] = row.quantity;
      l.invoiceDate[i] = row.invoiceDate;
      l.unitPriceMilli[i] = row.unitPriceMilli;
      l.customerId[i] = row.customerId;
      l.country[i] = row.country;
      l.totalAmountMilli[i] = row.totalAmountMilli;
      l.invoiceDay[i] = row.invoiceDay;
      l.month[i] = row.month;
      l.nonProduct[i] = nonProduct ? 1 : 0;
      l.source[i] = src;
      l.line[i] = line;
      clean++;
      lineTally.clean += rowLines;
      revenue += row.totalAmountMilli;
      if (row.customerId === ABSENT) guests++;
      if (nonProduct) nonProductLines++;
    };
  };
  const mainRow = keyedRow(main);
  let heldRow = mainRow;
  // With windows, a row first may cut the window and picks its invoice's core.
  const windowedRow = (src: number, line: number): void => {
    if (row.invoiceNo !== lastInvoice) enterInvoice(row.invoiceNo);
    if (inHeld) heldRow(src, line);
    else mainRow(src, line);
  };
  const keyed = windowed === undefined ? mainRow : windowedRow;

  const cleanRecord = (line: number, source: string): void => {
    rowsIn++;
    windowRows++;
    const src = sourceOf(source);
    const reason = parseRow(fields, row);
    if (reason !== undefined) {
      const record = raw();
      return quarantined(src, line, reason, csvLine(record), row.totalAmountMilli, record);
    }
    keyed(src, line);
  };

  const recordFields = (record: readonly string[], line: number, source: string): void => {
    if (record.length <= maxColumn) {
      rowsIn++;
      return quarantined(sourceOf(source), line, `expected ${columnCount} fields, found ${record.length}`, csvLine(record), NaN, record);
    }
    // Joined into one text with spans, so both paths share the parser.
    let at = 0;
    for (let i = 0; i < record.length; i++) {
      if (i === starts.length) [starts, ends] = [grown(starts), grown(ends)];
      starts[i] = at;
      ends[i] = at += record[i].length;
    }
    fields.text = record.join('');
    fields.starts = starts;
    fields.ends = ends;
    rawRecord = record;
    cleanRecord(line, source);
  };

  return {
    header(header, source) {
      columns = fields.columns = fieldIndexes(mapHeader(header, source));
      maxColumn = Math.max(...columns);
      columnCount = header.length;
      lineTally.header = true;
    },

    record(record, line, source, lines = 1) {
      rowLines = lines;
      seeRow(lineTally, line, lines);
      recordFields(record, line, source);
    },

    recordSpans(text, spans, line, source, lines = 1) {
      rowLines = lines;
      seeRow(lineTally, line, lines);
      for (let c = 0; c < 8; c++) {
        if (spans.flags[columns[c]] === ESCAPED_FIELD) return recordFields(spanFields(text, spans), line, source);
      }
      fields.text = text;
      fields.starts = spans.starts;
      fields.ends = spans.ends;
      rawRecord = undefined;
      rawText = text;
      rawSpans = spans;
      cleanRecord(line, source);
    },

    error(line, reason, text, source, lines = 1) {
      if (line === 1 || reason.startsWith('no header')) throw new UnreadableHeaderError(source, reason);
      rowLines = lines;
      seeRow(lineTally, line, lines);
      rowsIn++;
      quarantined(sourceOf(source), line, reason, text, NaN, [text]);
    },

    lineCounts(counts) {
      lineTally.reader = counts;
    },

    finish() {
      if (windowed !== undefined) throw new Error('a windowed cleaner ends with finishWindows()');
      return finishPartition({ ...state(), lines: main.lines, items: main.items, excluded: main.excluded, quarantine });
    },

    finishWindows() {
      if (windowed === undefined) throw new Error('finishWindows() is for a cleaner made with window options');
      windowed.cut(main.lines, main.items, main.excluded, quarantine);
      if (held) windowed.cut(held.lines, held.items, held.excluded, resetBuilder(quarantine));
      return windowed.finish(state());
    },
  };
}

/** Empties a core for the next partition or window, keeping its objects and arrays. */
function resetCore(c: Core): Core {
  for (const b of [c.lines, c.items, c.excluded] as TableBuilder<Schema>[]) resetBuilder(b);
  c.keys.reset();
  c.duplicates.reset();
  c.keying.reset();
  return c;
}
