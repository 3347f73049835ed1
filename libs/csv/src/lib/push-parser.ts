import { createChunkDecoder, type DecodedText } from './chunk-decoder';
import { resolveCsvOptions } from './options';
import { createFieldSpans, spanFields } from './field-spans';
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
  let suspectEnd = 0; // text before this offset of `current` may hold undecodable bytes
  let expected = -1; // field count set by the header
  let headerState: 'wanted' | 'read' | 'broken' = hasHeader ? 'wanted' : 'read';
  let current = '';

  const tooLong = (start: number, end: number): boolean =>
    end - start > max ||
    ((end - start) * bytesPerChar > max && Buffer.byteLength(current.slice(start, end)) > max);

  const fail = (line: number, reason: string, start: number, end: number, lines: number): void => {
    if (headerState === 'wanted') headerState = 'broken';
    counts.errors += lines;
    visitor.onError(line, reason, current.slice(start, Math.min(end, start + MAX_ERROR_TEXT)), lines);
  };

  const spans = createFieldSpans();
  const sink: ScanSink = {
    record(found, recLine, start, end, lines) {
      if (tooLong(start, end)) return fail(recLine, `line longer than ${limitText}`, start, end, lines);
      if (start < suspectEnd && current.slice(start, end).includes(REPLACEMENT)) {
        return fail(recLine, `invalid ${encoding} bytes (is the input in another encoding?)`, start, end, lines);
      }
      if (headerState === 'read') {
        if (expected >= 0 && found.count !== expected) {
          return fail(recLine, `expected ${expected} fields, found ${found.count}`, start, end, lines);
        }
        counts.records += lines;
        if (visitor.onRecordSpans) return visitor.onRecordSpans(current, found, recLine, lines);
        return visitor.onRecord(fieldsOf(current, found), recLine, lines);
      }
      if (headerState === 'broken') return fail(recLine, 'no header: the first line could not be read', start, end, lines);
      headerState = 'read';
      expected = shape.fieldCount = found.count;
      counts.header += lines;
      visitor.onHeader?.(spanFields(current, found));
    },
    error: fail,
  };

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
    if (decoded.invalid) suspectEnd = pending.length + text.length;
    current = pending + text;
    for (;;) {
      const out = scan(current, final, line, spans, sink, shape);
      counts.blank += out.blank;
      current = current.slice(out.consumed);
      line = out.line;
      suspectEnd -= out.consumed;
      if (final || !tooLong(0, current.length)) break;
      const after = lineAfter(current, 0);
      if (out.openQuote && after.next > after.end) {
        // Most likely a stray quote: report its line and read on from the next one.
        fail(line, `unterminated quote (no closing quote within ${limitText})`, 0, after.end, 1);
        current = current.slice(after.next);
        suspectEnd -= after.next;
        line++;
        continue;
      }
      // No line break in sight (or only inside closed quotes): skip to the end of the line.
      const inner = countLf(current, 0, current.length);
      const reason = out.openQuote ? `unterminated quote (no closing quote within ${limitText})` : `line longer than ${limitText}`;
      fail(line, reason, 0, current.length, inner + 1);
      line += inner;
      current = '';
      skipping = true;
      break;
    }
    pending = current;
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

function formatBytes(n: number): string {
  if (n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}
