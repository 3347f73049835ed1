import type { Milli } from '@ecomlake/model';

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Reads what `formatMilli` (from `@ecomlake/model`, the one writer of money) stored.
 * A DynamoDB number in pounds (`"15.3"`, `"1.53E+1"`) → Milli, exactly.
 * Throws if it has more than 3 decimals: such a value cannot be Milli.
 */
export function decimalToMilli(text: string): Milli {
  const match = DECIMAL.exec(text.trim());
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) throw new RangeError(`Not a decimal number: "${text}"`);
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  // Shift the decimal point by the exponent on the digit string, then by 3 for thousandths.
  const digits = whole + fraction;
  const point = whole.length + Number(exponent) + 3;
  let integer: string;
  if (point <= 0) integer = '0';
  else if (point >= digits.length) integer = digits + '0'.repeat(point - digits.length);
  else {
    if (/[^0]/.test(digits.slice(point))) throw new RangeError(`"${text}" has more than 3 decimals; not a Milli amount`);
    integer = digits.slice(0, point);
  }
  if (point <= 0 && /[^0]/.test(digits)) throw new RangeError(`"${text}" has more than 3 decimals; not a Milli amount`);
  const value = Number(integer);
  if (!Number.isSafeInteger(value)) throw new RangeError(`"${text}" is too large to be exact in Milli`);
  return (sign === '-' && value !== 0 ? -value : value) as Milli;
}
