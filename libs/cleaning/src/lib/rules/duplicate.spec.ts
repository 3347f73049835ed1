import { cleanBoth, rowsOf } from '../../test-fixtures/clean-both';
import { csv, line } from '../../test-fixtures/retail-csv';

describe('the duplicate rule', () => {
  it('excludes an exact duplicate of an earlier row and keeps the first', async () => {
    const day = await cleanBoth(csv(line(), line({ stock: '71053' }), line()));
    expect(rowsOf(day.excluded)).toEqual([
      expect.objectContaining({ rule: 'duplicate', source: 'day.csv', line: 4, stockCode: '85123A', quantity: 6 }),
    ]);
    expect(day.report.excluded.duplicate).toBe(1);
    expect(day.report.clean).toBe(2);
    expect(day.report.rules.find((r) => r.id === 'duplicate')?.amountMilli).toBe(15300);
  });

  it('compares parsed values: 2.50 equals 2.5, 17850.0 equals 17850, whitespace in descriptions is normalized', async () => {
    const day = await cleanBoth(csv(line({ price: '2.5' }), line({ price: '2.50', customer: '17850', description: ' WHITE HANGING  HEART T-LIGHT HOLDER' })));
    expect(day.report.excluded.duplicate).toBe(1);
  });

  it('compares an empty description as a value too, whatever came between the two rows', async () => {
    const day = await cleanBoth(csv(line({ description: '' }), line({ description: 'OTHER' }), line({ description: '' })));
    expect(rowsOf(day.excluded)).toEqual([expect.objectContaining({ rule: 'duplicate', line: 4, description: '' })]);
  });

  it('does not exclude rows that differ in any one field', async () => {
    const variants = [
      line({ description: 'OTHER' }),
      line({ quantity: '7' }),
      line({ date: '2010-12-01 08:27:00' }),
      line({ price: '2.56' }),
      line({ customer: '' }),
      line({ country: 'France' }),
    ];
    const day = await cleanBoth(csv(line(), ...variants));
    expect(day.report.excluded.duplicate).toBe(0);
    expect(day.report.clean).toBe(7);
  });

  it('can be turned off: duplicates then become clean lines, combined by keying', async () => {
    const day = await cleanBoth(csv(line(), line()), { rules: { duplicate: false } });
    expect(day.report.excluded).not.toHaveProperty('duplicate');
    expect(day.report.rules.map((r) => r.id)).not.toContain('duplicate');
    expect(day.report.clean).toBe(2);
    expect(rowsOf(day.items)[0]).toMatchObject({ quantity: 12, lineCount: 2 });
  });
});
