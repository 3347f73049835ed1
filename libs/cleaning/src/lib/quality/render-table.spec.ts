import { cleanBuffer } from '../clean-buffer';
import { csv, line } from '../../test-fixtures/retail-csv';
import { renderQualityTable } from './render-table';

describe('renderQualityTable', () => {
  const report = cleanBuffer(Buffer.from(csv(line(), line(), line({ invoice: 'C9', quantity: '-2' }), line({ quantity: '?' }))), 'day.csv').report;

  it('lists rows in, every rule in order with count, share and money, then clean lines', () => {
    const lines = renderQualityTable(report, { samples: 0 }).split('\n');
    expect(lines[0]).toMatch(/^rule\s+action\s+rows\s+share\s+amount$/);
    expect(lines.slice(2, 9).map((l) => l.trim().split(/\s{2,}/))).toEqual([
      ['rows in', '4', '100.00%'],
      ['malformed', 'quarantine', '1', '25.00%', '£0.00'],
      ['duplicate', 'exclude', '1', '25.00%', '£15.30'],
      ['cancellation', 'exclude', '1', '25.00%', '−£5.10'],
      ['non_positive_quantity', 'exclude', '0', '0.00%', '£0.00'],
      ['non_positive_price', 'exclude', '0', '0.00%', '£0.00'],
      ['clean lines', 'keep', '1', '25.00%', '£15.30'],
    ]);
    expect(lines).toContain('reconciled: yes  (4 rows in = 1 clean + 2 excluded + 1 quarantined)');
    expect(lines).toContain('lines: 5 in = 1 header + 0 blank + 1 in clean rows + 2 in excluded + 1 in quarantined');
  });

  it('shows samples of removed rows with where they came from and why', () => {
    const text = renderQualityTable(report);
    expect(text).toContain('malformed: first 1 of 1\n  day.csv:5  (quantity "?" is not a whole number)  536365,85123A,');
    expect(text).toContain('duplicate: first 1 of 1\n  day.csv:3  536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,');
  });

  it('counts physical lines, a quoted line break and blank lines included', () => {
    const text = csv(line(), '', line({ description: '"TWO\nLINES"', invoice: '536366' }));
    const table = renderQualityTable(cleanBuffer(Buffer.from(text), 'day.csv').report);
    expect(table).toContain('lines: 5 in = 1 header + 1 blank + 3 in clean rows + 0 in excluded + 0 in quarantined');
  });

  it('escapes control characters of samples, so data cannot drive the terminal', () => {
    const text = csv(line({ quantity: '\u001b]0;pwned\u0007' }));
    const table = renderQualityTable(cleanBuffer(Buffer.from(text), 'day\u001b[2J.csv').report);
    expect(table.includes('\u001b')).toBe(false);
    expect(table).toContain('day\\u001b[2J.csv:2');
    expect(table).toContain(',\\u001b]0;pwned\\u0007,');
  });
});
