import { formatCount, formatDay, formatMonth } from './format';

// Money formats live in @ecomlake/model (formatMoney, formatPounds, formatMoneyCompact) and are tested there.
describe('format', () => {
  it('never writes NaN', () => {
    expect(formatCount(Number.NaN)).toBe('–');
  });

  it('groups counts and names months and days', () => {
    expect(formatCount(18532)).toBe('18,532');
    expect(formatMonth('2010-12')).toBe('Dec 2010');
    expect(formatDay('2011-01-04')).toBe('4 Jan 2011');
  });
});
