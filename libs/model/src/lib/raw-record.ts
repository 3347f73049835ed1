/** Where a raw line came from: the object key (or file path) and its 1-based line number. */
export interface RecordSource {
  /** S3 key, `s3://bucket/key` URI or local path of the object the line was read from. */
  readonly source: string;
  /** 1-based physical line number where the record starts (the header is line 1). */
  readonly line: number;
}

/** One CSV record as read, before any validation: the header's columns to raw strings. */
export interface RawRecord extends RecordSource {
  readonly kind: 'record';
  /** The header of the file, as written. */
  readonly header: readonly string[];
  /** The fields, in header order, unparsed. */
  readonly fields: readonly string[];
}

/** A line that could not be read as a CSV record; it is reported, never dropped. */
export interface RecordError extends RecordSource {
  readonly kind: 'error';
  /** Why it could not be read, for people ("unterminated quote", "line longer than 1 MiB"). */
  readonly reason: string;
  /** The raw text of the line (possibly truncated), for the quarantine output. */
  readonly text: string;
}

/** What readers yield: a record, or an error that stands in for the unreadable lines. */
export type RawRow = RawRecord | RecordError;
