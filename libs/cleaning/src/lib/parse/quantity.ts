import { isBlank } from './blank';

// Bound once: imported bindings compiled to CommonJS are property reads (often getters).
const blank = isBlank;

/**
 * Parses a whole number of units (`"6"`, `"-12"`, `" 3 "`, `"\t3"`: spaces and tabs around
 * it are ignored, see `blank.ts`); `undefined` for `1.5`,
 * `NaN`, `1e3`, `Infinity`, or more than 9 digits. Hand-written because it runs for
 * every row; `start`/`stop` read a span of a larger text without slicing it.
 */
export function parseQuantity(raw: string, start = 0, stop = raw.length): number | undefined {
  let i = start;
  let end = stop;
  while (i < end && blank(raw.charCodeAt(i))) i++;
  while (end > i && blank(raw.charCodeAt(end - 1))) end--;
  const sign = raw.charCodeAt(i);
  const negative = sign === 45; // '-'
  if (negative || sign === 43) i++; // '+'
  if (end - i < 1 || end - i > 9) return undefined;
  let value = 0;
  for (; i < end; i++) {
    const d = raw.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    value = value * 10 + d;
  }
  return negative && value !== 0 ? -value : value;
}
