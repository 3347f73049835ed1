import { formatMilli, milli } from '@ecomlake/model';
import { decimalToMilli } from './decimal';

describe('decimal money', () => {
  it('reads decimals, including exponent forms, back to exact Milli', () => {
    expect(decimalToMilli('15.3')).toBe(15300);
    expect(decimalToMilli('0.001')).toBe(1);
    expect(decimalToMilli('1.53E+1')).toBe(15300);
    expect(decimalToMilli('1E-3')).toBe(1);
    expect(decimalToMilli('-2.5')).toBe(-2500);
    expect(decimalToMilli('12')).toBe(12000);
    expect(decimalToMilli('.5')).toBe(500);
  });

  it('reads back exactly what formatMilli (the one writer) stored, for values a float would get wrong', () => {
    for (const m of [15300, 100, 4165, 999999999, 3, 10010, -1250, 0]) {
      expect(decimalToMilli(formatMilli(milli(m)))).toBe(m);
    }
    expect(formatMilli(milli(5100 * 3))).toBe('15.3');
  });

  it('rejects values that are not exact thousandths', () => {
    expect(() => decimalToMilli('0.0001')).toThrow(RangeError);
    expect(() => decimalToMilli('1.2345')).toThrow(RangeError);
    expect(() => decimalToMilli('abc')).toThrow(RangeError);
  });
});
