/**
 * One slot per (invoiceNo, stockCode) of a partition, shared by the `duplicate` rule
 * and keying so each row costs one lookup. Slots are numbered 0, 1, 2, ... in order of
 * first sight. An open-addressing table in typed arrays: a row allocates nothing (a map
 * per invoice cost 40 MB of garbage a run), and `reset()` keeps the arrays for the
 * thread's next partition.
 */
export function createKeyIndex(capacity = 1024) {
  let size = 64;
  while (size < capacity * 2) size *= 2;
  let invoices = new Int32Array(size);
  let stocks = new Int32Array(size);
  let slots = new Int32Array(size); // slot + 1, 0 = empty
  let mask = size - 1;
  let count = 0;

  const place = (invoiceNo: number, stockCode: number, slot: number): void => {
    let s = hash(invoiceNo, stockCode) & mask;
    while (slots[s] !== 0) s = (s + 1) & mask;
    invoices[s] = invoiceNo;
    stocks[s] = stockCode;
    slots[s] = slot + 1;
  };

  const grow = (): void => {
    const [oldInvoices, oldStocks, oldSlots] = [invoices, stocks, slots];
    invoices = new Int32Array(oldSlots.length * 2);
    stocks = new Int32Array(oldSlots.length * 2);
    slots = new Int32Array(oldSlots.length * 2);
    mask = slots.length - 1;
    for (let s = 0; s < oldSlots.length; s++) if (oldSlots[s] !== 0) place(oldInvoices[s], oldStocks[s], oldSlots[s] - 1);
  };

  return {
    slot(invoiceNo: number, stockCode: number): number {
      for (let s = hash(invoiceNo, stockCode) & mask; ; s = (s + 1) & mask) {
        const found = slots[s];
        if (found === 0) break;
        if (invoices[s] === invoiceNo && stocks[s] === stockCode) return found - 1;
      }
      if ((count + 1) * 2 > slots.length) grow();
      place(invoiceNo, stockCode, count);
      return count++;
    },
    /** Forgets every key: slots start at 0 again. */
    reset(): void {
      if (count > 0) slots.fill(0);
      count = 0;
    },
  };
}

export type KeyIndex = ReturnType<typeof createKeyIndex>;

function hash(a: number, b: number): number {
  const h = Math.imul(a ^ Math.imul(b, 0x85ebca6b), 0x9e3779b1);
  return h ^ (h >>> 15);
}
