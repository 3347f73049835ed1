import { addSpan, type FieldSpans } from './field-spans';

/** Receives what {@link scanRecords} finds; positions index the scanned text. */
export interface ScanSink {
  /**
   * A record's fields (reused between calls); `end` is where its text ends, before the
   * line break; the record spans `lines` physical lines.
   */
  record(spans: FieldSpans, line: number, start: number, end: number, lines: number): void;
  /** An unreadable record standing for `lines` physical lines from `line` on. */
  error(line: number, reason: string, start: number, end: number, lines: number): void;
}

/** What a record looks like, to tell a stray quote from a quoted field with line breaks. */
export interface RecordShape {
  /** Fields of a record (the header's count); -1 while unknown. */
  fieldCount: number;
  /** Most physical lines one record may span. */
  maxRecordLines: number;
}

export interface ScanOutcome {
  /** Index of the first character not consumed (the start of an incomplete record). */
  consumed: number;
  /** Physical line number at `consumed`. */
  line: number;
  /** The incomplete record stopped inside a quoted field. */
  openQuote: boolean;
  /** Blank lines skipped before `consumed`. */
  blank: number;
}

/** No field count known and no line limit: quoted line breaks are always taken as data. */
export const ANY_SHAPE: Readonly<RecordShape> = { fieldCount: -1, maxRecordLines: Number.MAX_SAFE_INTEGER };

// Bound once: imported bindings compiled to CommonJS are property reads (often getters).
const pushSpan = addSpan;
const PLAIN = 0; // the flags of field-spans.ts
const QUOTED = 1;
const ESCAPED = 2;

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

// Verdicts on a quoted field that crosses line breaks.
const GENUINE = 0;
const STRAY = 1;
const TOO_MANY_LINES = 2;
const WAIT = 3;

/**
 * Scans RFC 4180 records out of `text` (fields split on `,`, `"` quoting with `""`
 * escapes, line breaks `\n` or `\r\n`, line breaks allowed inside quotes). Unless
 * `final`, a record that may continue in the next chunk is left unconsumed.
 * Separators are found with `indexOf`, much faster than a per-character state machine
 * on mostly unquoted data, and fields are reported as spans, so no string is created
 * unless the consumer asks for one. Blank lines are skipped and counted.
 *
 * A quote that opens a field but is not closed on its line is either a field with real
 * line breaks or a stray quote that would swallow the lines after it: see
 * {@link judgeLineBreaks} for how `shape` tells them apart.
 */
export function scanRecords(
  text: string,
  final: boolean,
  startLine: number,
  spans: FieldSpans,
  sink: ScanSink,
  shape: Readonly<RecordShape> = ANY_SHAPE,
): ScanOutcome {
  const len = text.length;
  let pos = 0;
  let line = startLine;
  let blank = 0;
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
        const fieldEnd = closed === -1 ? len : closed;
        const lf = text.indexOf('\n', pos + 1);
        if (lf !== -1 && lf < fieldEnd) {
          const verdict = judgeLineBreaks(text, lf, fieldEnd, final, shape, inside + 1);
          if (verdict === WAIT) return { consumed: recStart, line: recLine, openQuote: true, blank };
          if (verdict !== GENUINE) {
            // The quote was stray: only its own line is unreadable; the lines after it are read.
            const after = lineAfter(text, pos);
            const reason = verdict === STRAY ? 'unterminated quote' : `unterminated quote (no closing quote within ${shape.maxRecordLines} lines)`;
            sink.error(recLine, reason, recStart, after.end, inside + 1);
            line = recLine + inside + 1;
            pos = after.next;
            continue records;
          }
        }
        if (closed === -1) {
          if (!final) return { consumed: recStart, line: recLine, openQuote: true, blank };
          const after = lineAfter(text, pos);
          sink.error(recLine, 'unterminated quote', recStart, after.end, inside + 1);
          pos = after.next;
          line = recLine + inside + (after.next > after.end ? 1 : 0);
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
          if (!final) return { consumed: recStart, line: recLine, openQuote: false, blank };
          recEnd = pos;
          next = len;
          break;
        }
        const after = lineAfter(text, pos);
        if (after.next === len && !final) return { consumed: recStart, line: recLine, openQuote: false, blank };
        sink.error(recLine, 'unexpected text after a closing quote', recStart, after.end, inside + 1);
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
      if (nextLf === len && !final) return { consumed: recStart, line: recLine, openQuote: false, blank };
      recEnd = nextLf > pos && text.charCodeAt(nextLf - 1) === CR ? nextLf - 1 : nextLf;
      pushSpan(spans, pos, recEnd, PLAIN);
      next = nextLf === len ? len : nextLf + 1;
      break;
    }
    line = recLine + inside + (next > recEnd && recEnd < len ? 1 : 0);
    pos = next;
    if (recEnd === recStart && spans.count === 1) {
      blank++;
      continue;
    }
    sink.record(spans, recLine, recStart, recEnd, inside + 1);
  }
  return { consumed: pos, line, openQuote: false, blank };
}

/**
 * A quoted field crosses the line break at `firstLf`. Real data rarely has line breaks in
 * fields; a stray `"` (a typo, a truncated export) makes every line up to the next quote
 * look like one field. So the line after each break inside the field is looked at on its
 * own: if it reads as a complete record with the header's field count, the lines are
 * records and the quote was stray. A genuine continuation (`LINES",6,...`) holds the
 * closing quote or too few fields, so it never qualifies. A record may also span at most
 * `maxRecordLines` lines, which bounds the damage when the neighbours are malformed too or
 * the field count is unknown. With one field per record every line would qualify, so
 * only the line limit applies then.
 */
function judgeLineBreaks(text: string, firstLf: number, fieldEnd: number, final: boolean, shape: Readonly<RecordShape>, linesBefore: number): number {
  const len = text.length;
  let lines = linesBefore;
  for (let lf = firstLf; lf !== -1 && lf < fieldEnd; ) {
    if (++lines > shape.maxRecordLines) return TOO_MANY_LINES;
    const end = text.indexOf('\n', lf + 1);
    if (shape.fieldCount >= 2) {
      if (end === -1 && !final) return WAIT;
      if (standaloneFieldCount(text, lf + 1, end === -1 ? len : end) === shape.fieldCount) return STRAY;
    }
    lf = end;
  }
  return GENUINE;
}

/**
 * Fields of the line `text[start, end)` read on its own as a complete, well-formed
 * record: -1 when a quote in it is left open, closes before other text, or sits inside
 * an unquoted field; 0 for an empty line. Works on a slice, so a search never runs past
 * the line.
 */
export function standaloneFieldCount(text: string, start: number, end: number): number {
  const s = text.slice(start, end > start && text.charCodeAt(end - 1) === CR ? end - 1 : end);
  const n = s.length;
  if (n === 0) return 0;
  let count = 0;
  let quote = -1;
  for (let p = 0; ; ) {
    count++;
    if (s.charCodeAt(p) === QUOTE) {
      let q = p + 1;
      for (;;) {
        q = s.indexOf('"', q);
        if (q === -1) return -1;
        if (s.charCodeAt(q + 1) !== QUOTE) break;
        q += 2;
      }
      p = q + 1;
      if (p === n) return count;
      if (s.charCodeAt(p) !== COMMA) return -1;
      p++;
      continue;
    }
    const comma = s.indexOf(',', p);
    const fieldEnd = comma === -1 ? n : comma;
    if (quote < p) {
      quote = s.indexOf('"', p);
      if (quote === -1) quote = n;
    }
    if (quote < fieldEnd) return -1;
    if (comma === -1) return count;
    p = comma + 1;
  }
}

/** End of the physical line holding `from` (before its break) and where the next one starts. */
export function lineAfter(text: string, from: number): { end: number; next: number } {
  const lf = text.indexOf('\n', from);
  if (lf === -1) return { end: text.length, next: text.length };
  return { end: lf > from && text.charCodeAt(lf - 1) === CR ? lf - 1 : lf, next: lf + 1 };
}

/** Line breaks (`\n`) in `text[from, to)`. */
export function countLf(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
