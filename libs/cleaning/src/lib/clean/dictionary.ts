import { createInterner } from './interner';

/**
 * The string dictionary of a cleaning run: every string column is stored as codes into
 * it, so repeated values (countries, dates, stock codes) are kept once, and partitions
 * cross a worker-thread boundary as typed arrays plus a list of new strings.
 */
export interface Dictionary {
  readonly strings: string[];
  /** Code of a whole string. */
  code(value: string): number;
  /** Code of `text.slice(start, end)`, without creating the slice when it is known. */
  codeOf(text: string, start: number, end: number): number;
}

export function createDictionary(): Dictionary {
  const interner = createInterner();
  return {
    strings: interner.keys,
    code: (value) => interner.intern(value, 0, value.length),
    codeOf: (text, start, end) => interner.intern(text, start, end),
  };
}

/** Code of an absent value (a guest's customerId). */
export const NONE = -1;
