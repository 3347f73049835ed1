import { formatCount, formatDay, formatMonth, formatPounds, formatPoundsCompact, milliToPounds } from './format';

describe('format', () => {
  it('converts exact thousandths to pounds', () => {
    expect(milliToPounds(8_911_407_904)).toBe(8_911_407.904);
  });

  it('writes pounds with thousands separators and pence below £1,000', () => {
    expect(formatPounds(1234567.8)).toBe('£1,234,568');
    expect(formatPounds(12.5)).toBe('£12.50');
    expect(formatPounds(-3.2)).toBe('−£3.20');
    expect(formatPounds(-0.001)).toBe('£0.00');
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
    expect(formatPounds(Infinity)).toBe('–');
    expect(formatCount(Number.NaN)).toBe('–');
  });

  it('groups counts and names months and days', () => {
    expect(formatCount(18532)).toBe('18,532');
    expect(formatMonth('2010-12')).toBe('Dec 2010');
    expect(formatDay('2011-01-04')).toBe('4 Jan 2011');
  });
});
