import { ESCAPED, spanFields, type CsvLineCounts, type FieldSpans } from '@ecomlake/csv';
import type { RuleId } from '@ecomlake/model';
import { UnreadableHeaderError } from '../errors';
import type { ResolvedCleanOptions } from '../options';
import { fieldIndexes, mapHeader } from '../parse/header-map';
import { createLineTally, seeRow, type LineTally } from '../quality/line-tally';
import { createTallies, tally, type Tallies } from '../quality/tally';
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
import { finishPartition, type CleanerState } from './finish-partition';
import type { PartitionData } from './partition-data';
import { detach } from './interner';
import { createRowParser, emptyRow, type ParsedRow, type RowFields } from './row-parser';
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

/** What happens to a parsed row from `duplicate` on: excluded, quarantined or a clean line. */
type RowStep = (source: number, line: number) => void;

/**
 * One partition's cleaning so far: its counts, the record being cleaned (as spans of a text,
 * parsed into `row`), and where that record came from. One object, so the steps below are
 * plain functions of it, and a clean row allocates nothing.
 */
interface Progress {
  readonly context: CleaningContext;
  readonly options: ResolvedCleanOptions;
  readonly tallies: Tallies;
  readonly lineTally: LineTally;
  readonly quarantine: TableBuilder<typeof QUARANTINE_SCHEMA>;
  readonly parseRow: (fields: RowFields, row: ParsedRow) => string | undefined;
  readonly row: ParsedRow;
  /** The record's fields, as spans of one text; `columns` holds the field of each canonical column. */
  readonly fields: RowFields;
  /** Span buffers for records given as field arrays (spans given by the reader are used as they are). */
  starts: Int32Array;
  ends: Int32Array;
  /** Highest field index a canonical column needs, and the header's field count. */
  maxColumn: number;
  columnCount: number;
  /** The current record, for raw fields in samples and quarantine (built only then). */
  rawRecord: readonly string[] | undefined;
  rawText: string;
  rawSpans: FieldSpans | undefined;
  /** Physical lines of the current row. */
  rowLines: number;
  partition: string | undefined;
  lastSource: string;
  sourceCode: number;
  rowsIn: number;
  /** Rows since the window was last cut (counted with or without windows). */
  windowRows: number;
  clean: number;
  guests: number;
  nonProductLines: number;
  revenue: number;
}

/** `expectedRows` sizes the column buffers up front (they still grow as needed). */
export function createPartitionCleaner(context: CleaningContext, partitionName?: string, expectedRows = 1024, windows?: WindowOptions): PartitionCleaner {
  const newCore = coreFactory(context, windows !== undefined);
  // Without windows the thread's partitions come one after another: they share one core
  // (its arrays grown once), as they share the context's builders.
  const main = windows ? newCore(Math.min(expectedRows, windows.rows + 1024)) : resetCore(context.shared('core', () => newCore(expectedRows)));
  const quarantine = windows ? tableBuilder(QUARANTINE_SCHEMA, 16) : context.builder(QUARANTINE_SCHEMA, 16);
  const p = startProgress(context, partitionName, quarantine);
  const windowed = createWindowing(context.dict, windows);
  const routing = windowed === undefined ? undefined : routeInvoices(p, windowed, main, newCore);
  const cleanRow = routing === undefined ? keyedRow(p, main) : routing.cleanRow;

  const cleaner: PartitionCleaner & RowTarget = {
    p,
    cleanRow,
    header(header, source) {
      const columns = fieldIndexes(mapHeader(header, source));
      p.fields.columns = columns;
      p.maxColumn = Math.max(...columns);
      p.columnCount = header.length;
      p.lineTally.header = true;
    },

    record(record, line, source, lines = 1) {
      p.rowLines = lines;
      seeRow(p.lineTally, line, lines);
      recordFields(p, cleanRow, record, line, source);
    },

    recordSpans: recordSpansOf,

    error(line, reason, text, source, lines = 1) {
      if (line === 1 || reason.startsWith('no header')) throw new UnreadableHeaderError(source, reason);
      p.rowLines = lines;
      seeRow(p.lineTally, line, lines);
      p.rowsIn++;
      quarantineRow(p, sourceOf(p, source), line, reason, text, NaN, [text]);
    },

    lineCounts(counts) {
      p.lineTally.reader = counts;
    },

    finish() {
      if (windowed !== undefined) throw new Error('a windowed cleaner ends with finishWindows()');
      return finishPartition({ ...stateOf(p), lines: main.lines, items: main.items, excluded: main.excluded, quarantine });
    },

    finishWindows() {
      if (windowed === undefined) throw new Error('finishWindows() is for a cleaner made with window options');
      windowed.cut(main.lines, main.items, main.excluded, quarantine);
      const held = routing?.held();
      if (held) windowed.cut(held.lines, held.items, held.excluded, resetBuilder(quarantine));
      return windowed.finish(stateOf(p));
    },
  };
  return cleaner;
}

/** Where a cleaner's records go: its progress and its clean-row step. */
interface RowTarget {
  readonly p: Progress;
  readonly cleanRow: RowStep;
}

/**
 * The cleaners' one `recordSpans`, with the partition's state on `this`: the reader's code
 * inlines it into the scan loop, and a closure made per partition was a new call target
 * each file, which made every thread's JIT throw that code away and compile it again.
 */
function recordSpansOf(this: RowTarget, text: string, spans: FieldSpans, line: number, source: string, lines = 1): void {
  const { p, cleanRow } = this;
  p.rowLines = lines;
  seeRow(p.lineTally, line, lines);
  const fields = p.fields;
  const columns = fields.columns;
  // An escaped field holds `""` for `"`: only spanFields unescapes it.
  for (let c = 0; c < 8; c++) {
    if (spans.flags[columns[c]] === ESCAPED_FIELD) return recordFields(p, cleanRow, spanFields(text, spans), line, source);
  }
  fields.text = text;
  fields.starts = spans.starts;
  fields.ends = spans.ends;
  p.rawRecord = undefined;
  p.rawText = text;
  p.rawSpans = spans;
  cleanRecord(p, cleanRow, line, source);
}

/**
 * Makes cores of a given capacity. Windows own their builders: the context's are shared by
 * a thread's whole partitions, one after another.
 */
function coreFactory(context: CleaningContext, windowed: boolean): (capacity: number) => Core {
  const builder = <S extends Schema>(schema: S, capacity: number): TableBuilder<S> => (windowed ? tableBuilder(schema, capacity) : context.builder(schema, capacity));
  return (capacity) => {
    const lines = builder(LINE_SCHEMA, capacity);
    const items = builder(ITEM_REF_SCHEMA, capacity);
    return {
      keys: createKeyIndex(capacity),
      duplicates: createDuplicateRule(capacity),
      lines,
      items,
      keying: createKeying(context.dict.strings, lines, items),
      excluded: builder(EXCLUDED_SCHEMA, 64),
    };
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

function startProgress(context: CleaningContext, partitionName: string | undefined, quarantine: TableBuilder<typeof QUARANTINE_SCHEMA>): Progress {
  const starts = new Int32Array(16);
  const ends = new Int32Array(16);
  return {
    context,
    options: context.options,
    tallies: createTallies(),
    lineTally: createLineTally(),
    quarantine,
    parseRow: createRowParser(context),
    row: emptyRow(),
    fields: { text: '', starts, ends, columns: new Int32Array(8) },
    starts,
    ends,
    maxColumn: 0,
    columnCount: 0,
    rawRecord: undefined,
    rawText: '',
    rawSpans: undefined,
    rowLines: 1,
    partition: partitionName ?? context.options.partition,
    lastSource: '',
    sourceCode: ABSENT,
    rowsIn: 0,
    windowRows: 0,
    clean: 0,
    guests: 0,
    nonProductLines: 0,
    revenue: 0,
  };
}

/** What `finishPartition` and the windows' report need of the counts. */
function stateOf(p: Progress): CleanerState {
  const { rowsIn, clean, guests, nonProductLines, revenue } = p;
  return { partition: p.partition ?? '', dict: p.context.dict, options: p.options, tallies: p.tallies, counts: { rowsIn, clean, guests, nonProductLines, revenueMilli: revenue }, lineTally: p.lineTally };
}

/** The dictionary code of a row's source, looked up once per change of source. */
function sourceOf(p: Progress, source: string): number {
  if (p.sourceCode === ABSENT || source !== p.lastSource) {
    p.lastSource = source;
    p.sourceCode = p.context.dict.code(source);
    p.partition ??= source;
  }
  return p.sourceCode;
}

/** The current record's fields, copied so a kept sample does not pin the whole file text it was cut from. */
function rawFields(p: Progress): string[] {
  return (p.rawRecord ?? spanFields(p.rawText, p.rawSpans as FieldSpans)).map((f) => detach(f));
}

/** A record given as field strings: too short is quarantined, else joined into one text with spans, so both paths share the parser. */
function recordFields(p: Progress, cleanRow: RowStep, record: readonly string[], line: number, source: string): void {
  if (record.length <= p.maxColumn) {
    p.rowsIn++;
    return quarantineRow(p, sourceOf(p, source), line, `expected ${p.columnCount} fields, found ${record.length}`, csvLine(record), NaN, record);
  }
  let at = 0;
  for (let i = 0; i < record.length; i++) {
    if (i === p.starts.length) [p.starts, p.ends] = [grown(p.starts), grown(p.ends)];
    p.starts[i] = at;
    p.ends[i] = at += record[i].length;
  }
  const fields = p.fields;
  fields.text = record.join('');
  fields.starts = p.starts;
  fields.ends = p.ends;
  p.rawRecord = record;
  cleanRecord(p, cleanRow, line, source);
}

/** Parses the current record: unreadable, it is quarantined; readable, `cleanRow` takes it. */
function cleanRecord(p: Progress, cleanRow: RowStep, line: number, source: string): void {
  p.rowsIn++;
  p.windowRows++;
  const src = sourceOf(p, source);
  const reason = p.parseRow(p.fields, p.row);
  if (reason !== undefined) return quarantineRecord(p, src, line, reason, p.row.totalAmountMilli);
  cleanRow(src, line);
}

/** The rules from `duplicate` on, keying and the clean line, for a row of `c`'s invoices. */
function keyedRow(p: Progress, c: Core): RowStep {
  const { keys, keying, excluded } = c;
  const { row, options } = p;
  const enabled = options.enabled;
  const isDuplicate = enabled.duplicate ? c.duplicates.isDuplicate : () => false;
  return (src, line) => {
    const slot = keys.slot(row.invoiceNo, row.stockCode);
    const rule = isDuplicate(row, slot) ? 'duplicate' : excludedBy(row, enabled);
    if (rule !== undefined) return excludeRow(p, excluded, rule, src, line);
    const tooLarge = keying.totalsProblem(row, slot, p.revenue);
    if (tooLarge !== undefined) return quarantineRecord(p, src, line, tooLarge, NaN); // NaN: an amount that does not fit is added nowhere
    addCleanLine(p, c, slot, src, line);
  };
}

/**
 * With windows: a row first may cut the window (when it is full, at a change of invoice),
 * then goes to its invoice's core: the main one, or the one of held invoices.
 */
function routeInvoices(p: Progress, windowed: Windowing, main: Core, newCore: (capacity: number) => Core): { cleanRow: RowStep; held(): Core | undefined } {
  const mainRow = keyedRow(p, main);
  let held: Core | undefined;
  let heldRow = mainRow;
  let lastInvoice = ABSENT;
  let inHeld = false;
  const enterInvoice = (invoice: number): void => {
    if (p.windowRows >= windowed.rows) {
      windowed.cut(main.lines, main.items, main.excluded, p.quarantine);
      // The same objects start afresh (the row path keeps them as constants: faster).
      resetCore(main);
      resetBuilder(p.quarantine);
      p.windowRows = 0;
    }
    lastInvoice = invoice;
    inHeld = windowed.enter(invoice) === HELD;
    if (inHeld && held === undefined) {
      held = newCore(1024);
      heldRow = keyedRow(p, held);
    }
  };
  const cleanRow: RowStep = (src, line) => {
    if (p.row.invoiceNo !== lastInvoice) enterInvoice(p.row.invoiceNo);
    if (inHeld) heldRow(src, line);
    else mainRow(src, line);
  };
  return { cleanRow, held: () => held };
}

function excludeRow(p: Progress, excluded: TableBuilder<typeof EXCLUDED_SCHEMA>, rule: RuleId, source: number, line: number): void {
  const { row } = p;
  const x = excluded.columns;
  const i = addRow(excluded);
  x.rule[i] = p.context.dict.code(rule);
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
  p.lineTally.excluded += p.rowLines;
  tally(p.tallies[rule], row.totalAmountMilli, p.options.samples, () => ({ source: p.lastSource, line, reason: rule, fields: rawFields(p) }));
}

/** Quarantines the current record, kept as its raw fields. */
function quarantineRecord(p: Progress, source: number, line: number, reason: string, amount: number): void {
  const record = rawFields(p);
  quarantineRow(p, source, line, reason, csvLine(record), amount, record);
}

function quarantineRow(p: Progress, source: number, line: number, reason: string, text: string, amount: number, sample: readonly string[]): void {
  const { dict } = p.context;
  const q = p.quarantine.columns;
  const i = addRow(p.quarantine);
  q.source[i] = source;
  q.line[i] = line;
  q.reason[i] = dict.code(reason);
  q.text[i] = dict.code(text);
  p.lineTally.quarantined += p.rowLines;
  tally(p.tallies.malformed, amount, p.options.samples, () => ({ source: p.lastSource, line, reason, fields: sample.map((f) => detach(f)) }));
}

/** Keys the row into its item and adds it to the clean lines. */
function addCleanLine(p: Progress, c: Core, slot: number, src: number, line: number): void {
  const { row } = p;
  const { lines } = c;
  const nonProduct = p.context.nonProduct(row.stockCode);
  c.keying.add(row, slot, lines.length);
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
  p.clean++;
  p.lineTally.clean += p.rowLines;
  p.revenue += row.totalAmountMilli;
  if (row.customerId === ABSENT) p.guests++;
  if (nonProduct) p.nonProductLines++;
}
