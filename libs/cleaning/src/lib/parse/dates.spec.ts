import { parseInvoiceDate } from './dates';

describe('parseInvoiceDate', () => {
  it('reads ISO dates into sortable ISO-8601 strings with day and month', () => {
    expect(parseInvoiceDate('2010-12-01 08:26:00', 'iso')).toEqual({ iso: '2010-12-01T08:26:00', day: '2010-12-01', month: '2010-12' });
    expect(parseInvoiceDate('2011-06-30T23:59', 'iso')?.iso).toBe('2011-06-30T23:59:00');
  });

  it('reads month-first dates with four- and two-digit years as explicit formats', () => {
    expect(parseInvoiceDate('12/1/2010 8:26', 'mdy')?.iso).toBe('2010-12-01T08:26:00');
    expect(parseInvoiceDate('1/12/2011 14:05', 'mdy')?.iso).toBe('2011-01-12T14:05:00');
    expect(parseInvoiceDate('12/1/10 8:26', 'mdyy')?.iso).toBe('2010-12-01T08:26:00');
  });

  it('never guesses: a date in another format than the one given does not parse', () => {
    expect(parseInvoiceDate('12/1/2010 8:26', 'iso')).toBeUndefined();
    expect(parseInvoiceDate('2010-12-01 08:26:00', 'mdy')).toBeUndefined();
    expect(parseInvoiceDate('12/1/10 8:26', 'mdy')).toBeUndefined();
    expect(parseInvoiceDate('12/1/2010 8:26', 'mdyy')).toBeUndefined();
  });

  it('ignores spaces and tabs around the date, and nothing else', () => {
    expect(parseInvoiceDate('\t2010-12-01 08:26:00 ', 'iso')?.iso).toBe('2010-12-01T08:26:00');
    expect(parseInvoiceDate('2010-12-01 08:26:00\u00a0', 'iso')).toBeUndefined();
    expect(parseInvoiceDate('\n12/1/2010 8:26', 'mdy')).toBeUndefined();
  });

  it('rejects dates that are not on the calendar', () => {
    expect(parseInvoiceDate('2/30/2011 10:00', 'mdy')).toBeUndefined();
    expect(parseInvoiceDate('2/29/2011 10:00', 'mdy')).toBeUndefined();
    expect(parseInvoiceDate('2/29/2012 10:00', 'mdy')?.day).toBe('2012-02-29');
    expect(parseInvoiceDate('13/1/2011 10:00', 'mdy')).toBeUndefined();
    expect(parseInvoiceDate('2011-04-31 10:00:00', 'iso')).toBeUndefined();
    expect(parseInvoiceDate('2011-04-30 24:00:00', 'iso')).toBeUndefined();
    expect(parseInvoiceDate('2011-04-30 10:60:00', 'iso')).toBeUndefined();
    expect(parseInvoiceDate('', 'iso')).toBeUndefined();
  });
});
