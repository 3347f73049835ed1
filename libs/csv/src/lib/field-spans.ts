/**
 * Where the fields of one record sit in the scanned text, without copying them out.
 * One instance is reused for every record: read it inside the callback only.
 */
export interface FieldSpans {
  /** Number of fields in the record. */
  count: number;
  /** Start of each field's value (after an opening quote). */
  starts: Int32Array;
  /** End (exclusive) of each field's value (before a closing quote). */
  ends: Int32Array;
  /** 0: plain, 1: quoted, 2: quoted with `""` escapes still doubled in the text. */
  flags: Uint8Array;
}

export const PLAIN = 0;
export const QUOTED = 1;
export const ESCAPED = 2;

export function createFieldSpans(capacity = 64): FieldSpans {
  return { count: 0, starts: new Int32Array(capacity), ends: new Int32Array(capacity), flags: new Uint8Array(capacity) };
}

/** Appends a field, growing the arrays when a record has more fields than ever before. */
export function addSpan(spans: FieldSpans, start: number, end: number, flag: number): void {
  const i = spans.count++;
  if (i === spans.starts.length) {
    const grow = <T extends Int32Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length * 2);
      b.set(a);
      return b;
    };
    spans.starts = grow(spans.starts);
    spans.ends = grow(spans.ends);
    spans.flags = grow(spans.flags);
  }
  spans.starts[i] = start;
  spans.ends[i] = end;
  spans.flags[i] = flag;
}

/** The value of field `i` as a string (escapes resolved). */
export function spanText(text: string, spans: FieldSpans, i: number): string {
  const value = text.slice(spans.starts[i], spans.ends[i]);
  return spans.flags[i] === ESCAPED ? value.replace(/""/g, '"') : value;
}

/** Every field of the record as strings. */
export function spanFields(text: string, spans: FieldSpans): string[] {
  const fields = new Array<string>(spans.count);
  for (let i = 0; i < spans.count; i++) fields[i] = spanText(text, spans, i);
  return fields;
}
