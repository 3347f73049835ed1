import { cleanBuffer, renderQualityTable } from '@ecomlake/cleaning';
import { qualitySections } from '@ecomlake/report';
import { textTable } from './text-table';

test('textTable aligns text left and numbers right', () => {
  expect(textTable('Top', ['Country', 'Orders'], [['United Kingdom', 16649], ['EIRE', 260]])).toBe(
    ['Top', 'Country         Orders', '──────────────  ──────', 'United Kingdom  16,649', 'EIRE               260'].join('\n'),
  );
});

test('textTable right-aligns money columns', () => {
  expect(textTable('M', ['c', 'revenue'], [['a', '£1,000.50'], ['b', '−£5.00']]).split('\n').slice(3)).toEqual(['a  £1,000.50', 'b     −£5.00']);
});

test('textTable escapes control characters in data, so a country cannot re-title the terminal', () => {
  const text = textTable('Top countries', ['country', 'orders'], [['\u001b]0;pwned\u0007', 3]]);
  // eslint-disable-next-line no-control-regex
  expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/); // only the table's own line breaks
  // The escaped country is 20 characters: \u001b (6) + ]0;pwned (8) + \u0007 (6).
  expect(text.split('\n')).toEqual([
    'Top countries',
    'country               orders',
    `${'─'.repeat(20)}  ──────`,
    '\\u001b]0;pwned\\u0007       3',
  ]);
});

describe('money in the terminal: the rule table and the report sections print it through formatMoney', () => {
  // Amounts by hand: 6 × 2.55 = 15.30, 3 × 1.255 = 3.765, 1000 × 1.10 = 1,100.00, so clean
  // revenue is £1,119.065 exactly (printed £1,119.07: half a penny rounds up); the
  // cancellation is −2 × 11,504.815 = −£23,009.63.
  const text = [
    'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
    '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom',
    '536365,71053,WHITE METAL LANTERN,3,2010-12-01 08:26:00,1.255,17850.0,United Kingdom',
    '536366,22633,HAND WARMER UNION JACK,1000,2010-12-01 08:28:00,1.10,17850.0,United Kingdom',
    'C536367,22423,REGENCY CAKESTAND 3 TIER,-2,2010-12-01 08:34:00,11504.815,13047.0,United Kingdom',
  ].join('\n');
  const report = cleanBuffer(Buffer.from(`${text}\n`), 'day.csv').report;

  it('the rule table the pipeline prints after the reduce: amounts to the penny, with the sign before £', () => {
    expect(report.cleanRevenueMilli).toBe(1_119_065); // the cleaning's exact total, kept in quality-report.json
    const rows = renderQualityTable(report, { samples: 0 }).split('\n').map((l) => l.trim().split(/\s{2,}/));
    expect(rows.find((r) => r[0] === 'cancellation')).toEqual(['cancellation', 'exclude', '1', '25.00%', '−£23,009.63']);
    expect(rows.find((r) => r[0] === 'clean lines')).toEqual(['clean lines', 'keep', '3', '75.00%', '£1,119.07']);
  });

  it('the quality report section: the same amounts, right-aligned, and the note’s clean revenue', () => {
    const [, quality] = qualitySections(report);
    const lines = textTable(quality.title, quality.columns, quality.rows).split('\n');
    const cancellation = lines.find((l) => l.startsWith('cancellation')) ?? '';
    expect(cancellation.endsWith('  −£23,009.63')).toBe(true);
    expect(lines.find((l) => l.startsWith('duplicate'))?.endsWith('£0.00')).toBe(true);
    expect(quality.note).toContain('clean revenue £1,119.07');
  });
});
