import { EcomlakeError } from '@ecomlake/util';
import type { CsvEncoding, CsvOptions } from './types';

/** Options with every default filled in. */
export interface ResolvedCsvOptions {
  source: string;
  encoding: CsvEncoding;
  maxLineBytes: number;
  maxRecordLines: number;
  header: boolean;
}

export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;
/** Generous for real multi-line text (addresses, notes), small enough that a stray quote cannot hide much. */
export const DEFAULT_MAX_RECORD_LINES = 100;

const ENCODINGS: readonly string[] = ['utf-8', 'latin1'];

/** An option value the reader cannot work with; the message names the option. */
export class CsvOptionsError extends EcomlakeError<'csv.invalidOption'> {
  override readonly name = 'CsvOptionsError';
  constructor(
    readonly option: keyof CsvOptions,
    readonly value: unknown,
    hint: string,
  ) {
    super('csv.invalidOption', `Invalid CSV option ${option}: ${JSON.stringify(value)}. ${hint}`);
  }
}

/** Fills in defaults and rejects values that would make reading wrong or unbounded. */
export function resolveCsvOptions(options: CsvOptions = {}): ResolvedCsvOptions {
  const encoding = normalizeEncoding(options.encoding ?? 'utf-8');
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  if (!Number.isInteger(maxLineBytes) || maxLineBytes < 1) {
    throw new CsvOptionsError('maxLineBytes', maxLineBytes, 'Use a positive whole number of bytes.');
  }
  const maxRecordLines = options.maxRecordLines ?? DEFAULT_MAX_RECORD_LINES;
  if (!Number.isInteger(maxRecordLines) || maxRecordLines < 1) {
    throw new CsvOptionsError('maxRecordLines', maxRecordLines, 'Use a positive whole number of lines.');
  }
  return { source: options.source ?? '', encoding, maxLineBytes, maxRecordLines, header: options.header ?? true };
}

function normalizeEncoding(value: string): CsvEncoding {
  const lower = String(value).toLowerCase();
  const name = lower === 'utf8' ? 'utf-8' : lower === 'iso-8859-1' || lower === 'latin-1' ? 'latin1' : lower;
  if (!ENCODINGS.includes(name)) {
    throw new CsvOptionsError('encoding', value, `Use one of: ${ENCODINGS.join(', ')}.`);
  }
  return name as CsvEncoding;
}
