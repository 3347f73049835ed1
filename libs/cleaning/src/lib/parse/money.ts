import type { Milli } from '@ecomlake/model';
import { isBlank } from './blank';

// Bound once: imported bindings compiled to CommonJS are property reads (often getters).
const blank = isBlank;

/**
 * Parses a decimal string (`"2.55"`, `"-11062.06"`, `".5"`) into exact thousandths,
 * digit by digit, never through a float multiplication (`2.55 * 1000` is
 * 2549.9999999999995). Spaces and tabs around it are ignored (see `blank.ts`). Returns
 * `undefined` for anything else: `NaN`, `Infinity`, `1e400`, more than 9 integer digits,
 * or a non-zero fourth decimal (not exact in milli).
 * `start`/`stop` read a span of a larger text without slicing it.
 */
export function parseMilli(raw: string, start = 0, stop = raw.length): Milli | undefined {
  let i = start;
  let end = stop;
  while (i < end && blank(raw.charCodeAt(i))) i++;
  while (end > i && blank(raw.charCodeAt(end - 1))) end--;
  const sign = raw.charCodeAt(i);
  const negative = sign === 45; // '-'
  if (negative || sign === 43) i++; // '+'
  let int = 0;
  let intDigits = 0;
  for (; i < end; i++) {
    const d = raw.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    if (++intDigits > 9) return undefined;
    int = int * 10 + d;
  }
  let frac = 0;
  let fracDigits = 0;
  if (i < end && raw.charCodeAt(i) === 46) {
    // '.'
    for (i++; i < end; i++) {
      const d = raw.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return undefined;
      if (fracDigits < 3) frac = frac * 10 + d;
      else if (d !== 0) return undefined; // a fourth non-zero decimal is not exact in milli
      fracDigits++;
    }
  }
  if (i !== end || intDigits + fracDigits === 0) return undefined;
  for (let k = Math.min(fracDigits, 3); k < 3; k++) frac *= 10;
  const milli = int * 1000 + frac;
  // At most 9 + 3 digits: always a safe integer, so the brand is earned here.
  return (negative && milli !== 0 ? -milli : milli) as Milli;
}

// The one exact decimal form of money lives in @ecomlake/model; cleaning's report, CSV
// and messages use it through this re-export.
export { formatMilli } from '@ecomlake/model';

/**
 * The exact sum of whole amounts, whatever its size: added as numbers while the running
 * sum stays exact (a check per value, no BigInt in the common case), carried into a
 * `bigint` when it would not. Every value must be a safe integer.
 */
export function sumMilli(values: ArrayLike<number>): bigint {
  let carried = 0n;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const next = sum + values[i];
    if (Number.isSafeInteger(next)) sum = next;
    else {
      if (!Number.isSafeInteger(values[i])) throw new RangeError(`sumMilli: value ${i} (${values[i]}) is not a whole number of milli`);
      // A float sum past 2^53 is rounded, so this pair is added as bigints instead.
      carried += BigInt(sum) + BigInt(values[i]);
      sum = 0;
    }
  }
  return carried + BigInt(sum);
}
