const WHITESPACE_RUN = /\s+/g;
const NEEDS_WORK = /^\s|\s$|\s\s|[\t\n\r\f\v]/;

/** Trims and collapses inner whitespace (including line breaks) to one space; text is otherwise kept. */
export function normalizeDescription(raw: string): string {
  return NEEDS_WORK.test(raw) ? raw.trim().replace(WHITESPACE_RUN, ' ') : raw;
}

const DECIMAL_ZERO = /^(\d+)\.0*$/;

/**
 * `17850.0` → `17850` (the float artefact broke lookups by customer); empty means a
 * guest order and gives `undefined`, so the attribute is absent downstream.
 */
export function normalizeCustomerId(raw: string): string | undefined {
  const text = raw.trim();
  if (text.length === 0) return undefined;
  const m = DECIMAL_ZERO.exec(text);
  return m ? m[1] : text;
}
