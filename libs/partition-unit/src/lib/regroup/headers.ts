import { AmbiguousColumnError, mapHeader, MissingColumnError, type HeaderMap } from '@ecomlake/cleaning';

/** The first file's header, as cleaning will read it in every day file. */
export interface InputHeader {
  readonly fields: readonly string[];
  /** Its raw line(s), as written at the top of each day file. */
  readonly raw: Buffer;
  /** Field index of each canonical column (cleaning's `mapHeader`). */
  readonly columns: HeaderMap;
}

/** Names of the eight columns cleaning needs; a data line names at most one by chance. */
const COLUMN_COUNT = 8;

/**
 * The first record of a later file is that header again when cleaning would read it the same:
 * as many fields, each canonical column at the same place (case, spaces, `_` and `-` ignored,
 * Online Retail II names accepted: `mapHeader`'s normalisation). Columns cleaning ignores may
 * be named differently.
 */
export function isSameHeader(header: InputHeader, fields: readonly string[]): boolean {
  if (fields.length !== header.fields.length) return false;
  const columns = tryMapHeader(fields);
  if (columns === undefined) return false;
  return (Object.keys(header.columns) as (keyof HeaderMap)[]).every((column) => columns[column] === header.columns[column]);
}

/**
 * Whether a first record is a header (another one) rather than data cut off by `split -l`: it
 * names at least two of cleaning's columns. Data names none (invoice numbers, dates, prices),
 * or one by coincidence (a description `Description`).
 */
export function looksLikeHeader(fields: readonly string[]): boolean {
  try {
    mapHeader(fields, '');
    return true;
  } catch (error) {
    if (error instanceof AmbiguousColumnError) return true;
    if (error instanceof MissingColumnError) return COLUMN_COUNT - error.missing.length >= 2;
    throw error;
  }
}

function tryMapHeader(fields: readonly string[]): HeaderMap | undefined {
  try {
    return mapHeader(fields, '');
  } catch (error) {
    if (error instanceof AmbiguousColumnError || error instanceof MissingColumnError) return undefined;
    throw error;
  }
}
