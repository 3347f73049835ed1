/** What one push (or the end) of a {@link LineSplitter} gives. */
export interface SplitPiece {
  /** The bytes to hand the CSV reader, line breaks normalised as in {@link createLineSplitter}. */
  readonly text: Buffer;
  /** Physical lines completed by these bytes, each with its (normalised) line break; the last line of an input may lack one. */
  readonly lines: Buffer[];
}

/** Cuts a byte stream into physical lines, exactly where `@ecomlake/csv` counts them. */
export interface LineSplitter {
  push(chunk: Uint8Array): SplitPiece;
  end(): SplitPiece;
}

const LF = 10;
const CR = 13;
const BOM = [0xef, 0xbb, 0xbf];
const EMPTY = Buffer.alloc(0);
const NEWLINE = Buffer.from('\n');

/**
 * The reader's rule for line breaks (`line-breaks.ts` of `@ecomlake/csv`), on bytes: the first
 * break decides. LF or CRLF first: lines end at LF and the bytes are kept as they are (a lone CR
 * is text). A lone CR first (classic Mac files): CR, CRLF and LF all end lines and are written as
 * LF, which is what the reader would have seen. So lines taken from here and written under one
 * header read back as the same records. CR and LF never occur inside a UTF-8 or Latin-1
 * character, so cutting bytes is safe in both encodings.
 *
 * `stripBom`: drop a UTF-8 byte order mark at the start, as the reader does for UTF-8 input.
 */
export function createLineSplitter(options: { readonly stripBom: boolean }): LineSplitter {
  let mode: 'unknown' | 'lf' | 'cr' = 'unknown';
  let head: Buffer | undefined = options.stripBom ? EMPTY : undefined; // bytes held until a BOM can be ruled out
  let carry: Buffer | undefined; // a CR at the end of a chunk: the next byte decides what it is
  let partial: Buffer[] = [];

  const lineOf = (tail: Buffer): Buffer => {
    const line = partial.length === 0 ? tail : Buffer.concat([...partial, tail]);
    partial = [];
    return line;
  };

  const split = (bytes: Buffer, final: boolean): SplitPiece => {
    if (carry) {
      bytes = Buffer.concat([carry, bytes]);
      carry = undefined;
    }
    if (mode === 'unknown') {
      const cr = bytes.indexOf(CR);
      const lf = bytes.indexOf(LF);
      if (cr === -1 || (lf !== -1 && lf < cr)) {
        if (lf !== -1) mode = 'lf';
      } else if (cr + 1 < bytes.length) mode = bytes[cr + 1] === LF ? 'lf' : 'cr';
      else if (final) mode = 'lf'; // one line ending in CR: the reader takes the CR as part of its last line
      else {
        carry = bytes.subarray(bytes.length - 1);
        bytes = bytes.subarray(0, bytes.length - 1);
      }
    }
    if (mode === 'cr') return splitCr(bytes, final);
    const lines: Buffer[] = [];
    let from = 0;
    for (let lf = bytes.indexOf(LF); lf !== -1; lf = bytes.indexOf(LF, from)) {
      lines.push(lineOf(bytes.subarray(from, lf + 1)));
      from = lf + 1;
    }
    if (from < bytes.length) partial.push(bytes.subarray(from));
    if (final && partial.length > 0) lines.push(lineOf(EMPTY));
    return { text: bytes, lines };
  };

  const splitCr = (bytes: Buffer, final: boolean): SplitPiece => {
    if (!final && bytes.length > 0 && bytes[bytes.length - 1] === CR) {
      carry = bytes.subarray(bytes.length - 1);
      bytes = bytes.subarray(0, bytes.length - 1);
    }
    const lines: Buffer[] = [];
    const text: Buffer[] = [];
    let from = 0;
    for (let i = 0; i < bytes.length; i++) {
      const c = bytes[i];
      if (c !== CR && c !== LF) continue;
      const content = bytes.subarray(from, i);
      text.push(content, NEWLINE);
      lines.push(lineOf(Buffer.concat([content, NEWLINE])));
      if (c === CR && bytes[i + 1] === LF) i++;
      from = i + 1;
    }
    if (from < bytes.length) {
      partial.push(bytes.subarray(from));
      text.push(bytes.subarray(from));
    }
    if (final && partial.length > 0) lines.push(lineOf(EMPTY));
    return { text: Buffer.concat(text), lines };
  };

  return {
    push(chunk) {
      let bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      if (head) {
        bytes = Buffer.concat([head, bytes]);
        if (bytes.length < BOM.length && BOM.slice(0, bytes.length).every((b, i) => bytes[i] === b)) {
          head = bytes;
          return { text: EMPTY, lines: [] };
        }
        head = undefined;
        if (BOM.every((b, i) => bytes[i] === b)) bytes = bytes.subarray(BOM.length);
      }
      return split(bytes, false);
    },
    end() {
      const rest = head ?? EMPTY; // fewer bytes than a BOM, all of them a BOM's start: kept, as the reader keeps them
      head = undefined;
      return split(rest, true);
    },
  };
}
