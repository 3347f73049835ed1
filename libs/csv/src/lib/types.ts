import type { FieldSpans } from './field-spans';

/**
 * Record shapes. They are structurally identical to `RawRecord` / `RecordError` in
 * `@ecomlake/model`, so a `CsvRow` is assignable to a model `RawRow` without this
 * library depending on the model (the csv layer depends on nothing of ours).
 */

/** One CSV record as read: the header's columns to raw, unparsed strings. */
export interface CsvRecord {
  readonly kind: 'record';
  /** Where the input came from (S3 key, URI or path), as given in the options. */
  readonly source: string;
  /** 1-based physical line where the record starts (the header is line 1). */
  readonly line: number;
  /** Physical lines the record spans: 1, more when a quoted field holds line breaks. */
  readonly lines: number;
  /** The header as written (shared by every record of one input); `[]` without a header. */
  readonly header: readonly string[];
  /** The fields in header order. */
  readonly fields: readonly string[];
}

/** A line that could not be read as a record: reported with its reason, never dropped. */
export interface CsvError {
  readonly kind: 'error';
  readonly source: string;
  readonly line: number;
  /** Physical lines the error stands for, from `line` on (reading resumes after them). */
  readonly lines: number;
  /** Why, for people: `unterminated quote`, `expected 8 fields, found 9`, ... */
  readonly reason: string;
  /** The raw text of the record, truncated to {@link MAX_ERROR_TEXT} characters. */
  readonly text: string;
}

export type CsvRow = CsvRecord | CsvError;

/** Text encodings the reader decodes. */
export type CsvEncoding = 'utf-8' | 'latin1';

/** What a reader accepts as one chunk of input. */
export type CsvChunk = Uint8Array | string;

export interface CsvOptions {
  /** Where the input came from, copied into every record. Default `''`. */
  source?: string;
  /**
   * Byte encoding of the input. Default `'utf-8'`; `'latin1'` (ISO-8859-1) for the
   * widely shared Kaggle copy of Online Retail. Ignored for string chunks.
   */
  encoding?: CsvEncoding;
  /**
   * Longest record accepted, in bytes of input (a quoted field with newlines counts
   * as one record). Longer records become an error and reading resumes after them,
   * so memory stays bounded. Default 1 MiB.
   */
  maxLineBytes?: number;
  /**
   * Most physical lines one record may span (a quoted field with line breaks). A quote
   * still open after this many lines is taken as stray: its line becomes an
   * `unterminated quote` error and reading resumes at the next line. Default 100.
   */
  maxRecordLines?: number;
  /** The first record is the header; later records must have as many fields. Default `true`. */
  header?: boolean;
}

/**
 * Where every physical line of an input went, counted by the reader. `lines` is counted
 * from the line breaks alone, apart from the parse, so
 * `lines = header + blank + records + errors` is a real check that no line was lost.
 */
export interface CsvLineCounts {
  /** Physical lines: line breaks, plus a last line without one. */
  lines: number;
  /** Lines of the header record (0 without a header, or when it could not be read). */
  header: number;
  /** Empty lines, skipped (they hold no data). */
  blank: number;
  /** Lines of the records handed to `onRecord` / `onRecordSpans`. */
  records: number;
  /** Lines of the errors handed to `onError`. */
  errors: number;
}

/** Low-level callbacks of the push parser; the fast path avoids per-record objects. */
export interface CsvVisitor {
  /** The header fields (only with `header: true`). */
  onHeader?(header: string[]): void;
  /** A record: `fields` is a fresh array the visitor may keep; it spans `lines` physical lines. */
  onRecord(fields: string[], line: number, lines: number): void;
  /**
   * The fastest path: when given, it is called instead of `onRecord` with the record's
   * field positions in `text`, and no field string is created unless the visitor asks
   * (`spanText`). `spans` is reused: read it during the call only.
   */
  onRecordSpans?(text: string, spans: FieldSpans, line: number, lines: number): void;
  /** A record that could not be read, standing for `lines` physical lines from `line` on. */
  onError(line: number, reason: string, text: string, lines: number): void;
  /** Called once, after the last record, with where every physical line went. */
  onEnd?(counts: CsvLineCounts): void;
}

/** Error texts are cut to this many characters so a 10 MB line cannot flood a report. */
export const MAX_ERROR_TEXT = 1024;
