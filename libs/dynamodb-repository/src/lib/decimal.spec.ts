import { decimalToMilli, milliToDecimal } from './decimal';

describe('decimal money', () => {
  it('writes Milli as the shortest exact decimal in pounds', () => {
    expect(milliToDecimal(15300)).toBe('15.3');
    expect(milliToDecimal(2550)).toBe('2.55');
    expect(milliToDecimal(1)).toBe('0.001');
    expect(milliToDecimal(0)).toBe('0');
    expect(milliToDecimal(-1250)).toBe('-1.25');
    expect(milliToDecimal(8911407904)).toBe('8911407.904');
    expect(milliToDecimal(12000)).toBe('12');
  });

  it('reads decimals, including exponent forms, back to exact Milli', () => {
    expect(decimalToMilli('15.3')).toBe(15300);
    expect(decimalToMilli('0.001')).toBe(1);
    expect(decimalToMilli('1.53E+1')).toBe(15300);
    expect(decimalToMilli('1E-3')).toBe(1);
    expect(decimalToMilli('-2.5')).toBe(-2500);
    expect(decimalToMilli('12')).toBe(12000);
    expect(decimalToMilli('.5')).toBe(500);
  });

  it('round-trips values a float would get wrong', () => {
    for (const milli of [15300, 100, 4165, 999999999, 3, 10010]) {
      expect(decimalToMilli(milliToDecimal(milli))).toBe(milli);
    }
    expect(milliToDecimal(5100 * 3)).not.toContain('99999');
  });

  it('rejects values that are not exact thousandths', () => {
    expect(() => decimalToMilli('0.0001')).toThrow(RangeError);
    expect(() => decimalToMilli('1.2345')).toThrow(RangeError);
    expect(() => decimalToMilli('abc')).toThrow(RangeError);
    expect(() => milliToDecimal(1.5)).toThrow(RangeError);
  });
});
