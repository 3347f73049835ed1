import { createChunkDecoder, type DecodedText } from './chunk-decoder';
import { resolveCsvOptions } from './options';
import { createFieldSpans, spanFields, type FieldSpans } from './field-spans';
import { createLineBreaks } from './line-breaks';
import { countLf, lineAfter, scanRecords, type RecordShape, type ScanSink } from './scan-records';
import { MAX_ERROR_TEXT, type CsvChunk, type CsvLineCounts, type CsvOptions, type CsvVisitor } from './types';
import { CsvEncodingError, SNIFF_BYTES, sniffUtf16 } from './utf16';

/** A synchronous push parser: feed chunks in order, then call `end()` once. */
export interface CsvParser {
  push(chunk: CsvChunk): void;
  end(): void;
}

const REPLACEMENT = '\uFFFD';
const LF = 10;
// Bound once: imported bindings compiled to CommonJS are property reads (often getters).
const fieldsOf = spanFields;
const scan = scanRecords;

/**
 * The engine under every reader. Memory stays bounded by `maxLineBytes` plus one chunk:
 * only the unfinished tail of the input is kept between pushes, and a record that
 * outgrows the limit is reported and skipped instead of buffered. Throws
 * {@link CsvEncodingError} from the first `push` when the input is UTF-16.
 */
export function createCsvParser(options: CsvOptions, visitor: CsvVisitor): CsvParser {
  const { source, encoding, maxLineBytes: max, maxRecordLines, header: hasHeader } = resolveCsvOptions(options);
  const decoder = createChunkDecoder(encoding);
  const breaks = createLineBreaks();
  const bytesPerChar = encoding === 'latin1' ? 1 : 3; // worst case for UTF-16 units in UTF-8
  const limitText = `${formatBytes(max)}`;
  const shape: RecordShape = { fieldCount: -1, maxRecordLines };
  const counts: CsvLineCounts = { lines: 0, header: 0, blank: 0, records: 0, errors: 0 };
  let head: Uint8Array | undefined; // first bytes, held until UTF-16 can be ruled out
  let sniffed = false;
  let endsWithBreak = true; // nothing read yet leaves no unfinished last line
  let pending = '';
  let line = 1;
  let started = false;
  let skipping = false; // discarding the rest of an over-long line

  // The scanner's sink: one state object per parser, with the same two functions for every
  // parser, so the JIT's code for the scan loop (which inlines them) serves every file; closures
  // made per parser were a new call target each file, and recompiled it.
  const sink: Sink = {
    record: sinkRecord,
    error: sinkError,
    visitor,
    current: '',
    suspectEnd: 0,
    expected: -1,
    headerState: hasHeader ? 'wanted' : 'read',
    counts,
    shape,
    max,
    bytesPerChar,
    limitText,
    encoding,
  };
  const tooLong = (start: number, end: number): boolean => isTooLong(sink, start, end);
  const fail = (line: number, reason: string, start: number, end: number, lines: number): void => sinkError.call(sink, line, reason, start, end, lines);
  const spans = createFieldSpans();

  const feed = (decoded: DecodedText, final: boolean): void => {
    let text = decoded.text;
    if (!started && text.length > 0) {
      started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    text = breaks.normalize(text, final);
    if (text.length > 0) {
      // Counted apart from the scan: the reader's own bookkeeping must add up to this.
      counts.lines += countLf(text, 0, text.length);
      endsWithBreak = text.charCodeAt(text.length - 1) === LF;
    }
    if (skipping) {
      const lf = text.indexOf('\n');
      if (lf === -1) return;
      text = text.slice(lf + 1);
      line++;
      skipping = false;
    }
    if (decoded.invalid) sink.suspectEnd = pending.length + text.length;
    sink.current = pending + text;
    for (;;) {
      const out = scan(sink.current, final, line, spans, sink, shape);
      counts.blank += out.blank;
      sink.current = sink.current.slice(out.consumed);
      line = out.line;
      sink.suspectEnd -= out.consumed;
      if (final || !tooLong(0, sink.current.length)) break;
      const after = lineAfter(sink.current, 0);
      if (out.openQuote && after.next > after.end) {
        // Most likely a stray quote: report its line and read on from the next one.
        fail(line, `unterminated quote (no closing quote within ${limitText})`, 0, after.end, 1);
        sink.current = sink.current.slice(after.next);
        sink.suspectEnd -= after.next;
        line++;
        continue;
      }
      // No line break in sight (or only inside closed quotes): skip to the end of the line.
      const inner = countLf(sink.current, 0, sink.current.length);
      const reason = out.openQuote ? `unterminated quote (no closing quote within ${limitText})` : `line longer than ${limitText}`;
      fail(line, reason, 0, sink.current.length, inner + 1);
      line += inner;
      sink.current = '';
      skipping = true;
      break;
    }
    pending = sink.current;
  };

  const flushHead = (): void => {
    sniffed = true;
    if (!head) return;
    const bytes = head;
    head = undefined;
    const utf16 = sniffUtf16(bytes);
    if (utf16) throw new CsvEncodingError(source, utf16.encoding, utf16.byteOrderMark);
    feed(decoder.decode(bytes), false);
  };

  return {
    push(chunk) {
      if (!sniffed) {
        if (typeof chunk === 'string') flushHead();
        else {
          head = head ? Buffer.concat([head, chunk]) : chunk;
          if (head.length >= SNIFF_BYTES) flushHead();
          return;
        }
      }
      feed(decoder.decode(chunk), false);
    },
    end() {
      flushHead();
      feed(decoder.end(), true);
      if (!endsWithBreak) counts.lines++;
      visitor.onEnd?.({ ...counts });
    },
  };
}

/** A parser's state as the scanner's sink (see createCsvParser). */
interface Sink extends ScanSink {
  readonly visitor: CsvVisitor;
  /** The text being scanned: the unfinished tail of the last chunk plus the new one. */
  current: string;
  /** Text before this offset of `current` may hold undecodable bytes. */
  suspectEnd: number;
  /** Field count set by the header. */
  expected: number;
  headerState: 'wanted' | 'read' | 'broken';
  readonly counts: CsvLineCounts;
  readonly shape: RecordShape;
  readonly max: number;
  readonly bytesPerChar: number;
  readonly limitText: string;
  readonly encoding: string;
}

function isTooLong(s: Sink, start: number, end: number): boolean {
  return end - start > s.max || ((end - start) * s.bytesPerChar > s.max && Buffer.byteLength(s.current.slice(start, end)) > s.max);
}

function sinkError(this: Sink, line: number, reason: string, start: number, end: number, lines: number): void {
  if (this.headerState === 'wanted') this.headerState = 'broken';
  this.counts.errors += lines;
  this.visitor.onError(line, reason, this.current.slice(start, Math.min(end, start + MAX_ERROR_TEXT)), lines);
}

function sinkRecord(this: Sink, found: FieldSpans, recLine: number, start: number, end: number, lines: number): void {
  if (isTooLong(this, start, end)) return sinkError.call(this, recLine, `line longer than ${this.limitText}`, start, end, lines);
  if (start < this.suspectEnd && this.current.slice(start, end).includes(REPLACEMENT)) {
    return sinkError.call(this, recLine, `invalid ${this.encoding} bytes (is the input in another encoding?)`, start, end, lines);
  }
  if (this.headerState === 'read') {
    if (this.expected >= 0 && found.count !== this.expected) {
      return sinkError.call(this, recLine, `expected ${this.expected} fields, found ${found.count}`, start, end, lines);
    }
    this.counts.records += lines;
    if (this.visitor.onRecordSpans) return this.visitor.onRecordSpans(this.current, found, recLine, lines);
    return this.visitor.onRecord(fieldsOf(this.current, found), recLine, lines);
  }
  if (this.headerState === 'broken') return sinkError.call(this, recLine, 'no header: the first line could not be read', start, end, lines);
  this.headerState = 'read';
  this.expected = this.shape.fieldCount = found.count;
  this.counts.header += lines;
  this.visitor.onHeader?.(spanFields(this.current, found));
}

function formatBytes(n: number): string {
  if (n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}
