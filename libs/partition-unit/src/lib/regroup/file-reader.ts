import { mapHeader, parseInvoiceDate, UnreadableHeaderError, type DateFormat } from '@ecomlake/cleaning';
import { createCsvParser, parseCsvRows, spanFields, spanText, type CsvEncoding, type CsvLineCounts, type CsvVisitor } from '@ecomlake/csv';
import { createDayFiles, type DayFiles } from './day-files';
import { RegroupInputError } from './errors';
import { isSameHeader, looksLikeHeader, type InputHeader } from './headers';
import { createLineQueue } from './line-queue';
import { createLineSplitter } from './line-splitter';

/** The object for records no day can be given: empty InvoiceNo, unreadable first date, malformed lines. */
export const UNASSIGNED_NAME = 'unassigned.csv';

/** A physical line longer than this stops the regroup (it is held whole to be written back whole). */
export const MAX_RAW_LINE_BYTES = 64 * 1024 * 1024;

/** What reading the files builds up, file after file. */
export interface RegroupState {
  readonly dir: string;
  readonly encoding: CsvEncoding;
  readonly dateFormat: DateFormat;
  /** Each invoice's day: the day of its first line seen, so an invoice is never split. */
  readonly invoiceDays: Map<string, string>;
  readonly figures: { physicalLines: number; headerLines: number; blankLines: number; records: number };
  header?: InputHeader;
  files?: DayFiles;
}

/**
 * One file: its bytes cut into physical lines (kept) and parsed (the reader says where each
 * record is). A later file is parsed under the first file's header, exactly as its records will
 * be read in the day files.
 */
export function createFileReader(source: string, state: RegroupState): { push(chunk: Buffer): void; end(): void } {
  const { encoding } = state;
  const synthetic = state.header?.raw;
  const syntheticLines = synthetic ? countLf(synthetic) : 0;
  const splitter = createLineSplitter({ stripBom: encoding === 'utf-8' });
  const queue = createLineQueue(1 + syntheticLines, source);
  let lines = 0;
  let held = 0; // bytes since the last complete line (about the unfinished line's length)
  let first = true; // no record of this file seen yet
  let counts: CsvLineCounts | undefined;

  const record = (fields: () => string[], field: (i: number) => string, line: number, lines: number): void => {
    const raw = queue.take(line, lines);
    const header = state.header as InputHeader;
    if (first) {
      first = false;
      if (synthetic && isRepeatedHeader(state, source, fields(), lines)) return;
    }
    routeRecord(state, raw, field(header.columns.invoiceNo), field(header.columns.invoiceDate));
  };

  const visitor: CsvVisitor = {
    onHeader(fields) {
      if (synthetic) return;
      const lineCount = 1 + fields.reduce((n, f) => n + f.split('\n').length - 1, 0);
      // Ended by a line break even as a file's last line: later files are parsed after it.
      const raw = withBreak(Buffer.concat(queue.takeHeader(lineCount)));
      // Cleaning's own check: a first file without the columns fails here (MissingColumnError), naming it.
      state.header = { fields, raw, columns: mapHeader(fields, source) };
      first = false;
    },
    onRecordSpans(text, spans, line, lines) {
      record(() => spanFields(text, spans), (i) => spanText(text, spans, i), line, lines);
    },
    onRecord(fields, line, lines) {
      record(() => fields, (i) => fields[i], line, lines);
    },
    onError(line, reason, _text, lines) {
      if (!state.header) throw new UnreadableHeaderError(source, reason);
      const raw = queue.take(line, lines);
      if (first) {
        first = false;
        if (synthetic && isRepeatedHeader(state, source, fieldsOf(Buffer.concat(raw), encoding), lines)) return;
      }
      routeRecord(state, raw, undefined, undefined);
    },
    onEnd(c) {
      counts = c;
    },
  };
  const parser = createCsvParser({ source, encoding, header: true }, visitor);
  if (synthetic) parser.push(synthetic);
  let sniffed = synthetic === undefined; // the first file's own parser sniffs UTF-16

  const feed = (piece: { text: Buffer; lines: Buffer[] }): void => {
    for (const l of piece.lines) {
      if (l.length > MAX_RAW_LINE_BYTES) throw lineTooLong(source, lines + 1);
      lines++;
    }
    queue.add(piece.lines);
    parser.push(piece.text);
  };

  return {
    push(chunk) {
      if (!sniffed) {
        sniffed = true;
        sniffUtf16(chunk, source, encoding);
      }
      const piece = splitter.push(chunk);
      held = piece.lines.length > 0 ? 0 : held + chunk.length;
      if (held > MAX_RAW_LINE_BYTES) throw lineTooLong(source, lines + 1);
      feed(piece);
    },
    end() {
      feed(splitter.end());
      parser.end();
      const parsed = counts as CsvLineCounts;
      if (parsed.lines - syntheticLines !== lines) {
        throw new Error(`regroup: ${source} has ${lines} physical lines but the CSV reader counted ${parsed.lines - syntheticLines}; this is a bug`);
      }
      state.figures.physicalLines += lines;
      state.figures.blankLines += parsed.blank;
      if (!synthetic) state.figures.headerLines += parsed.header;
    },
  };
}

/** Appends a record's physical lines to its invoice's day file (the day of the invoice's first line), or to the unassigned file. */
function routeRecord(state: RegroupState, raw: Buffer[], invoice: string | undefined, date: string | undefined): void {
  const header = state.header as InputHeader;
  state.files ??= createDayFiles(state.dir, header.raw);
  state.figures.records++;
  let day = invoice ? state.invoiceDays.get(invoice) : undefined;
  if (day === undefined && invoice && date !== undefined) {
    day = parseInvoiceDate(date, state.dateFormat)?.day;
    if (day !== undefined) state.invoiceDays.set(own(invoice), day);
  }
  state.files.add(day === undefined ? UNASSIGNED_NAME : `${day}.csv`, raw);
}

/** A later file's first record: its header again (dropped, counted), another header (refused), or data. */
function isRepeatedHeader(state: RegroupState, source: string, fields: readonly string[], lines: number): boolean {
  const header = state.header as InputHeader;
  if (isSameHeader(header, fields)) {
    state.figures.headerLines += lines;
    return true;
  }
  if (looksLikeHeader(fields)) {
    throw new RegroupInputError(
      'header',
      source,
      `its header (${shown(fields)}) differs from the first file's (${shown(header.fields)}); ` +
        `the day files share one header: give files with different headers as separate inputs, or make the headers the same`,
    );
  }
  return false;
}

/** A later file is parsed after the first file's header, so the reader would not see its first bytes: they are checked here. */
function sniffUtf16(chunk: Buffer, source: string, encoding: CsvEncoding): void {
  const probe = createCsvParser({ source, encoding }, { onRecord: () => undefined, onError: () => undefined });
  probe.push(chunk.subarray(0, 64));
}

/** The fields of a line the reader could not read as a record (for the header check only). */
function fieldsOf(raw: Buffer, encoding: CsvEncoding): string[] {
  const row = parseCsvRows(raw, { encoding, header: false, maxRecordLines: Number.MAX_SAFE_INTEGER })[0];
  return row?.kind === 'record' ? [...row.fields] : [];
}

/** A header as people write it, cut short: a hostile one may be a megabyte long. */
function shown(fields: readonly string[]): string {
  const text = fields.join(',');
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function lineTooLong(source: string, line: number): RegroupInputError {
  return new RegroupInputError('line', source, `line ${line} is longer than ${MAX_RAW_LINE_BYTES / 1024 / 1024} MiB: is this a CSV file?`);
}

function withBreak(line: Buffer): Buffer {
  return line[line.length - 1] === 10 ? line : Buffer.concat([line, Buffer.from('\n')]);
}

function countLf(bytes: Buffer): number {
  let n = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}

/** A copy of a string sharing nothing with the chunk it was cut from (V8 keeps the whole chunk alive for a slice). */
function own(text: string): string {
  return text.length < 13 ? text : Buffer.from(text, 'utf8').toString('utf8');
}
