import { addSpan, type FieldSpans } from './field-spans';

/** Receives what {@link scanRecords} finds; positions index the scanned text. */
export interface ScanSink {
  /** A record's fields (reused between calls); `end` is where its text ends, before the line break. */
  record(spans: FieldSpans, line: number, start: number, end: number): void;
  error(line: number, reason: string, start: number, end: number): void;
}

export interface ScanOutcome {
  /** Index of the first character not consumed (the start of an incomplete record). */
  consumed: number;
  /** Physical line number at `consumed`. */
  line: number;
  /** The incomplete record stopped inside a quoted field. */
  openQuote: boolean;
}

// Bound once: imported bindings compiled to CommonJS are property reads (often getters).
const pushSpan = addSpan;
const PLAIN = 0; // the flags of field-spans.ts
const QUOTED = 1;
const ESCAPED = 2;

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Scans RFC 4180 records out of `text` (fields split on `,`, `"` quoting with `""`
 * escapes, line breaks `\n` or `\r\n`, line breaks allowed inside quotes). Unless
 * `final`, a record that may continue in the next chunk is left unconsumed.
 * Separators are found with `indexOf`, much faster than a per-character state machine
 * on mostly unquoted data, and fields are reported as spans, so no string is created
 * unless the consumer asks for one. Blank lines are skipped.
 */
export function scanRecords(text: string, final: boolean, startLine: number, spans: FieldSpans, sink: ScanSink): ScanOutcome {
  const len = text.length;
  let pos = 0;
  let line = startLine;
  let nextComma = -1;
  let nextLf = -1;
  records: while (pos < len) {
    const recStart = pos;
    const recLine = line;
    spans.count = 0;
    let inside = 0; // line breaks inside quoted fields
    let recEnd: number;
    let next: number;
    for (;;) {
      if (text.charCodeAt(pos) === QUOTE) {
        let flag = QUOTED;
        let closed = -1;
        for (let p = pos + 1; ; ) {
          const q = text.indexOf('"', p);
          if (q === -1 || (q + 1 >= len && !final)) break;
          if (text.charCodeAt(q + 1) === QUOTE) {
            flag = ESCAPED;
            p = q + 2;
            continue;
          }
          closed = q;
          break;
        }
        if (closed === -1) {
          if (!final) return { consumed: recStart, line: recLine, openQuote: true };
          const after = lineAfter(text, recStart);
          sink.error(recLine, 'unterminated quote', recStart, after.end);
          pos = after.next;
          line = recLine + (after.next > after.end ? 1 : 0);
          continue records;
        }
        inside += countLf(text, pos, closed);
        pushSpan(spans, pos + 1, closed, flag);
        pos = closed + 1;
        const c = text.charCodeAt(pos);
        if (c === COMMA) {
          pos++;
          continue;
        }
        if (c === LF || (c === CR && text.charCodeAt(pos + 1) === LF)) {
          recEnd = pos;
          next = pos + (c === LF ? 1 : 2);
          break;
        }
        if (pos >= len || (c === CR && pos + 1 >= len)) {
          if (!final) return { consumed: recStart, line: recLine, openQuote: false };
          recEnd = pos;
          next = len;
          break;
        }
        const after = lineAfter(text, pos);
        if (after.next === len && !final) return { consumed: recStart, line: recLine, openQuote: false };
        sink.error(recLine, 'unexpected text after a closing quote', recStart, after.end);
        line = recLine + inside + (after.next > after.end ? 1 : 0);
        pos = after.next;
        continue records;
      }
      if (nextLf < pos) {
        nextLf = text.indexOf('\n', pos);
        if (nextLf === -1) nextLf = len;
      }
      if (nextComma < pos) {
        nextComma = text.indexOf(',', pos);
        if (nextComma === -1) nextComma = len;
      }
      if (nextComma < nextLf) {
        pushSpan(spans, pos, nextComma, PLAIN);
        pos = nextComma + 1;
        continue;
      }
      if (nextLf === len && !final) return { consumed: recStart, line: recLine, openQuote: false };
      recEnd = nextLf > pos && text.charCodeAt(nextLf - 1) === CR ? nextLf - 1 : nextLf;
      pushSpan(spans, pos, recEnd, PLAIN);
      next = nextLf === len ? len : nextLf + 1;
      break;
    }
    line = recLine + inside + (next > recEnd && recEnd < len ? 1 : 0);
    pos = next;
    if (recEnd === recStart && spans.count === 1) continue; // blank line
    sink.record(spans, recLine, recStart, recEnd);
  }
  return { consumed: pos, line, openQuote: false };
}

/** End of the physical line holding `from` (before its break) and where the next one starts. */
export function lineAfter(text: string, from: number): { end: number; next: number } {
  const lf = text.indexOf('\n', from);
  if (lf === -1) return { end: text.length, next: text.length };
  return { end: lf > from && text.charCodeAt(lf - 1) === CR ? lf - 1 : lf, next: lf + 1 };
}

function countLf(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
