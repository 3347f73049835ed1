import { createChunkDecoder, type DecodedText } from './chunk-decoder';
import { resolveCsvOptions } from './options';
import { createFieldSpans, spanFields } from './field-spans';
import { lineAfter, scanRecords, type ScanSink } from './scan-records';
import { MAX_ERROR_TEXT, type CsvChunk, type CsvOptions, type CsvVisitor } from './types';

/** A synchronous push parser: feed chunks in order, then call `end()` once. */
export interface CsvParser {
  push(chunk: CsvChunk): void;
  end(): void;
}

const REPLACEMENT = '\uFFFD';
// Bound once: imported bindings compiled to CommonJS are property reads (often getters).
const fieldsOf = spanFields;
const scan = scanRecords;

/**
 * The engine under every reader. Memory stays bounded by `maxLineBytes` plus one chunk:
 * only the unfinished tail of the input is kept between pushes, and a record that
 * outgrows the limit is reported and skipped instead of buffered.
 */
export function createCsvParser(options: CsvOptions, visitor: CsvVisitor): CsvParser {
  const { encoding, maxLineBytes: max, header: hasHeader } = resolveCsvOptions(options);
  const decoder = createChunkDecoder(encoding);
  const bytesPerChar = encoding === 'latin1' ? 1 : 3; // worst case for UTF-16 units in UTF-8
  const limitText = `${formatBytes(max)}`;
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

  const fail = (line: number, reason: string, start: number, end: number): void => {
    if (headerState === 'wanted') headerState = 'broken';
    visitor.onError(line, reason, current.slice(start, Math.min(end, start + MAX_ERROR_TEXT)));
  };

  const spans = createFieldSpans();
  const sink: ScanSink = {
    record(found, recLine, start, end) {
      if (tooLong(start, end)) return fail(recLine, `line longer than ${limitText}`, start, end);
      if (start < suspectEnd && current.slice(start, end).includes(REPLACEMENT)) {
        return fail(recLine, `invalid ${encoding} bytes (is the input in another encoding?)`, start, end);
      }
      if (headerState === 'read') {
        if (expected >= 0 && found.count !== expected) {
          return fail(recLine, `expected ${expected} fields, found ${found.count}`, start, end);
        }
        if (visitor.onRecordSpans) return visitor.onRecordSpans(current, found, recLine);
        return visitor.onRecord(fieldsOf(current, found), recLine);
      }
      if (headerState === 'broken') return fail(recLine, 'no header: the first line could not be read', start, end);
      headerState = 'read';
      expected = found.count;
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
      const out = scan(current, final, line, spans, sink);
      current = current.slice(out.consumed);
      line = out.line;
      suspectEnd -= out.consumed;
      if (final || !tooLong(0, current.length)) break;
      if (out.openQuote) {
        // Most likely a stray quote: report its line and read on from the next one.
        const after = lineAfter(current, 0);
        fail(line, `unterminated quote (no closing quote within ${limitText})`, 0, after.end);
        current = current.slice(after.next);
        suspectEnd -= after.next;
        line++;
        continue;
      }
      fail(line, `line longer than ${limitText}`, 0, current.length);
      current = '';
      skipping = true;
      break;
    }
    pending = current;
  };

  return {
    push: (chunk) => feed(decoder.decode(chunk), false),
    end: () => feed(decoder.end(), true),
  };
}

function formatBytes(n: number): string {
  if (n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}
