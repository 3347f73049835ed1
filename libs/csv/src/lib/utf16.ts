import { EcomlakeError } from '@ecomlake/util';

/** A UTF-16 encoding found at the start of an input. */
export type Utf16Encoding = 'UTF-16LE' | 'UTF-16BE';

/**
 * The input is UTF-16 text (Excel's "Unicode text", PowerShell's default), which the
 * reader does not decode: read as UTF-8 or Latin-1 it looks like binary or like a
 * header with missing columns, so it is refused up front with what to do.
 */
export class CsvEncodingError extends EcomlakeError<'csv.utf16Input'> {
  override readonly name = 'CsvEncodingError';
  constructor(
    readonly source: string,
    readonly encoding: Utf16Encoding,
    readonly byteOrderMark: boolean,
  ) {
    super(
      'csv.utf16Input',
      `${source || 'input'}: the file is ${encoding} text${byteOrderMark ? ' (it starts with a UTF-16 byte order mark)' : ''}, ` +
        `but CSV input is read as UTF-8 or Latin-1. Convert it to UTF-8 and run again, ` +
        `e.g. iconv -f ${encoding} -t UTF-8 '${source || 'input.csv'}' > converted.csv`,
    );
  }
}

/** Bytes enough to recognise UTF-16 without a byte order mark (two ASCII characters). */
export const SNIFF_BYTES = 4;
const LOOK_AT = 64;

/**
 * Recognises UTF-16 by its byte order mark, or, without one, by the zero high bytes of
 * ASCII text: a CSV header is ASCII, and UTF-8 or Latin-1 text never holds NUL bytes at
 * every other position.
 */
export function sniffUtf16(bytes: Uint8Array): { encoding: Utf16Encoding; byteOrderMark: boolean } | undefined {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'UTF-16LE', byteOrderMark: true };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'UTF-16BE', byteOrderMark: true };
  const n = Math.min(bytes.length, LOOK_AT) & ~1;
  if (n < SNIFF_BYTES) return undefined;
  let evenZero = true;
  let oddZero = true;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] !== 0) evenZero = false;
    if (bytes[i + 1] !== 0) oddZero = false;
  }
  if (oddZero && !evenZero) return { encoding: 'UTF-16LE', byteOrderMark: false };
  if (evenZero && !oddZero) return { encoding: 'UTF-16BE', byteOrderMark: false };
  return undefined;
}
