import { milli, toPounds } from '@ecomlake/model';
import { formatCount, formatDay, formatMonth, formatPoundsCompact } from './format';

describe('format', () => {
  it('takes pounds converted from Milli, and refuses Milli itself at compile time', () => {
    expect(formatPoundsCompact(toPounds(milli(12_500_000)))).toBe('£12.5k');
    // @ts-expect-error: thousandths where pounds are expected (would print £12.5M for £12.5k)
    expect(formatPoundsCompact(milli(12_500_000))).toBe('£12.5M');
  });

  it('writes compact pounds with k, M and bn suffixes and at most three significant digits', () => {
    expect(formatPoundsCompact(0)).toBe('£0');
    expect(formatPoundsCompact(950)).toBe('£950');
    expect(formatPoundsCompact(12_500)).toBe('£12.5k');
    expect(formatPoundsCompact(200_000)).toBe('£200k');
    expect(formatPoundsCompact(1_234_567)).toBe('£1.23M');
    expect(formatPoundsCompact(999_999)).toBe('£1M');
    expect(formatPoundsCompact(3e9)).toBe('£3bn');
    expect(formatPoundsCompact(0.45)).toBe('£0.45');
    expect(formatPoundsCompact(-20_000)).toBe('−£20k');
  });

  it('never writes NaN', () => {
    expect(formatPoundsCompact(Number.NaN)).toBe('–');
    expect(formatPoundsCompact(Infinity)).toBe('–');
    expect(formatCount(Number.NaN)).toBe('–');
  });

  it('groups counts and names months and days', () => {
    expect(formatCount(18532)).toBe('18,532');
    expect(formatMonth('2010-12')).toBe('Dec 2010');
    expect(formatDay('2011-01-04')).toBe('4 Jan 2011');
  });
});
