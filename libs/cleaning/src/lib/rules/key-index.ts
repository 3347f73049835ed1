/**
 * One slot per (invoiceNo, stockCode) of a partition, shared by the `duplicate` rule
 * and keying so each row costs one hash lookup. Exact while a partition's dictionary
 * holds fewer than 2^26 strings.
 */
export function createKeyIndex() {
  const slots = new Map<number, number>();
  let count = 0;
  return {
    slot(invoiceNo: number, stockCode: number): number {
      const key = invoiceNo * 0x4000000 + stockCode;
      let slot = slots.get(key);
      if (slot === undefined) slots.set(key, (slot = count++));
      return slot;
    },
  };
}

export type KeyIndex = ReturnType<typeof createKeyIndex>;
