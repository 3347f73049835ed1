import { isUtf8 } from 'node:buffer';
import type { CsvChunk, CsvEncoding } from './types';

/** Decoded text of one chunk; `invalid` when it held bytes that are not valid UTF-8. */
export interface DecodedText {
  text: string;
  invalid: boolean;
}

export interface ChunkDecoder {
  decode(chunk: CsvChunk): DecodedText;
  /** Whatever is left at the end of input (an incomplete UTF-8 sequence is invalid). */
  end(): DecodedText;
}

const EMPTY: DecodedText = { text: '', invalid: false };

/**
 * Turns byte chunks into text. A UTF-8 character split across two chunks is carried
 * over to the next one, so chunk boundaries never corrupt text; invalid bytes are
 * decoded as U+FFFD and flagged so the reader can report the lines holding them.
 */
export function createChunkDecoder(encoding: CsvEncoding): ChunkDecoder {
  let carry: Buffer | undefined;
  return {
    decode(chunk) {
      if (typeof chunk === 'string') return { text: chunk, invalid: false };
      let bytes = asBuffer(chunk);
      if (encoding === 'latin1') return { text: bytes.toString('latin1'), invalid: false };
      if (carry) {
        bytes = Buffer.concat([carry, bytes]);
        carry = undefined;
      }
      const end = completeUtf8End(bytes);
      if (end < bytes.length) carry = Buffer.from(bytes.subarray(end));
      const whole = bytes.subarray(0, end);
      return { text: whole.toString('utf8'), invalid: !isUtf8(whole) };
    },
    end() {
      if (!carry) return EMPTY;
      const text = carry.toString('utf8');
      carry = undefined;
      return { text, invalid: true };
    },
  };
}

function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/** Length of the prefix that ends on a character boundary (at most 3 bytes are held back). */
function completeUtf8End(bytes: Buffer): number {
  const n = bytes.length;
  let i = n - 1;
  let continuation = 0;
  while (continuation < 3 && i >= 0 && (bytes[i] & 0xc0) === 0x80) {
    i--;
    continuation++;
  }
  if (i < 0) return n;
  const lead = bytes[i];
  const needed = lead >= 0xf0 && lead < 0xf8 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  // A sequence that is already complete (or a byte that starts none) is left to the decoder.
  return needed > n - i && lead < 0xf8 ? i : n;
}
