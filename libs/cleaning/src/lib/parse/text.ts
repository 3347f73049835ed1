import { quoteValue } from '../escape';
import { trimBlanks } from './blank';

const WHITESPACE_RUN = /\s+/g;
const NEEDS_WORK = /^\s|\s$|\s\s|[\t\n\r\f\v]/;

/** Trims and collapses inner whitespace (including line breaks) to one space; text is otherwise kept. */
export function normalizeDescription(raw: string): string {
  return NEEDS_WORK.test(raw) ? raw.trim().replace(WHITESPACE_RUN, ' ') : raw;
}

const DECIMAL_ZERO = /^(\d+)\.0*$/;
const EDGE_SPACE = /^\s|\s$/;

/**
 * `17850.0` → `17850` (the float artefact broke lookups by customer); empty means a
 * guest order and gives `undefined`, so the attribute is absent downstream. Spaces and
 * tabs around the id are ignored (see `blank.ts`).
 */
export function normalizeCustomerId(raw: string): string | undefined {
  const text = trimBlanks(raw);
  if (text.length === 0) return undefined;
  const m = DECIMAL_ZERO.exec(text);
  return m ? m[1] : text;
}

/**
 * Why a CustomerID is unreadable under the whitespace rule (`blank.ts`): other
 * whitespace than spaces and tabs around it (`"17850\u00a0"` would be a second,
 * invisible customer). `undefined` when it is readable.
 */
export function customerIdProblem(raw: string): string | undefined {
  return EDGE_SPACE.test(trimBlanks(raw)) ? `customerId ${quoteValue(raw)} has other whitespace than spaces and tabs around it` : undefined;
}
