/**
 * One slot per (invoiceNo, stockCode) of a partition, shared by the `duplicate` rule
 * and keying so each row costs one lookup. Lines of an invoice mostly come together,
 * so the current invoice's stock codes are looked up in a small map with small-integer
 * keys (cheaper than one big map keyed by a combined number).
 */
export function createKeyIndex() {
  const invoices = new Map<number, Map<number, number>>();
  let invoice = -1;
  let stocks = new Map<number, number>();
  let count = 0;
  return {
    slot(invoiceNo: number, stockCode: number): number {
      if (invoiceNo !== invoice) {
        invoice = invoiceNo;
        let found = invoices.get(invoiceNo);
        if (found === undefined) invoices.set(invoiceNo, (found = new Map()));
        stocks = found;
      }
      let slot = stocks.get(stockCode);
      if (slot === undefined) stocks.set(stockCode, (slot = count++));
      return slot;
    },
    /** Forgets every key: slots start at 0 again. */
    reset(): void {
      invoices.clear();
      invoice = -1;
      stocks = new Map();
      count = 0;
    },
  };
}

export type KeyIndex = ReturnType<typeof createKeyIndex>;
