import { parseMilli, sumMilli } from './money';

describe('parseMilli', () => {
  it('parses prices into exact thousandths, without float artefacts', () => {
    expect(parseMilli('2.55')).toBe(2550);
    expect(parseMilli('0.001')).toBe(1);
    expect(parseMilli('1.1')).toBe(1100);
    expect(parseMilli('-11062.06')).toBe(-11062060);
    expect(parseMilli('.5')).toBe(500);
    expect(parseMilli('+3')).toBe(3000);
    expect(parseMilli(' 4.5 ')).toBe(4500);
    expect(parseMilli('999999999.999')).toBe(999999999999);
    // 2.55 * 1000 in floating point is 2549.9999999999995
    expect((parseMilli('2.55') ?? NaN) * 6).toBe(15300);
  });

  it('accepts trailing zeros beyond three decimals but rejects inexact values', () => {
    expect(parseMilli('2.5500')).toBe(2550);
    expect(parseMilli('2.5555')).toBeUndefined();
  });

  it('rejects what is not a plain decimal number', () => {
    for (const bad of ['', ' ', '-', '.', 'NaN', 'Infinity', '-Infinity', '1e400', '1e3', '0x10', '1,5', '£2.55', '1234567890', '2.5.5']) {
      expect(parseMilli(bad)).toBeUndefined();
    }
  });

  it('ignores spaces and tabs around the number, and nothing else', () => {
    expect(parseMilli('\t2.5')).toBe(2500);
    expect(parseMilli(' \t2.5\t ')).toBe(2500);
    for (const bad of ['\u00a02.5', '2.5\u00a0', '2.5\n', '\r2.5', '2 .5']) expect(parseMilli(bad)).toBeUndefined();
  });

  it('gives 0, not -0, for negative zero', () => {
    expect(Object.is(parseMilli('-0.00'), 0)).toBe(true);
  });

  it('reads a span of a larger text', () => {
    expect(parseMilli('x,2.55,y', 2, 6)).toBe(2550);
  });
});

// formatMilli's tests live with it, in @ecomlake/model (libs/model/src/lib/money.spec.ts).

describe('sumMilli', () => {
  it('sums exactly where a float sum rounds', () => {
    // 2^53 − 1 + 2 = 9,007,199,254,740,993, which no double holds (it rounds to ...992).
    expect(9007199254740991 + 2).toBe(9007199254740992);
    expect(sumMilli([9007199254740991, 2])).toBe(9007199254740993n);
    // 3 × 9,007,190,246,800,746 = 27,021,570,740,402,238.
    expect(sumMilli(new Float64Array([9007190246800746, 9007190246800746, 9007190246800746]))).toBe(27021570740402238n);
    expect(sumMilli([9007199254740991, -9007199254740991, 9007199254740991, 1, -5])).toBe(9007199254740987n);
    expect(sumMilli([])).toBe(0n);
  });

  it('refuses a value that is not a whole number of milli, rather than rounding', () => {
    expect(() => sumMilli([1, NaN])).toThrow(RangeError);
    expect(() => sumMilli([0.5])).toThrow('sumMilli: value 0 (0.5) is not a whole number of milli');
  });
});
