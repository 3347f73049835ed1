import { createKeyIndex } from './key-index';

describe('the key index', () => {
  it('numbers (invoiceNo, stockCode) pairs by first sight, and gives a pair its slot again after the table grew', () => {
    const keys = createKeyIndex(4);
    const pairs: [number, number][] = [];
    for (let invoice = 0; invoice < 60; invoice++) for (let stock = 0; stock < 50; stock++) pairs.push([invoice, stock]);
    pairs.forEach(([invoice, stock], i) => expect(keys.slot(invoice, stock)).toBe(i));
    // 3,000 pairs: the 128-entry table has doubled five times since they were first seen.
    expect(pairs.map(([invoice, stock]) => keys.slot(invoice, stock))).toEqual(pairs.map((_, i) => i));
    expect(keys.slot(7, 1)).not.toBe(keys.slot(1, 7));
  });

  it('forgets every pair on reset: slots start at 0 again', () => {
    const keys = createKeyIndex();
    keys.slot(536365, 12);
    keys.slot(536365, 13);
    keys.reset();
    expect(keys.slot(536365, 13)).toBe(0);
    expect(keys.slot(536365, 12)).toBe(1);
  });
});
