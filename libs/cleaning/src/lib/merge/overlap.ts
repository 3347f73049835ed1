import { PartitionOverlapError } from '../errors';

/** Where one partition's items sit in the merged items table. */
export interface PartitionRange {
  partition: string;
  start: number;
  end: number;
}

/**
 * Keying is per partition, so one invoice in two partitions could give two DynamoDB
 * items with one key. Throws {@link PartitionOverlapError} when that happens.
 * `codes` are the items' invoice numbers as codes into `strings`.
 */
export function checkNoOverlap(codes: ArrayLike<number>, strings: readonly string[], ranges: readonly PartitionRange[]): void {
  const owner = new Map<string, number>();
  ranges.forEach(({ start, end }, p) => {
    let previous = -2;
    for (let i = start; i < end; i++) {
      if (codes[i] === previous) continue; // an invoice's items are mostly adjacent
      previous = codes[i];
      const invoice = strings[previous];
      const other = owner.get(invoice);
      if (other === undefined) owner.set(invoice, p);
      else if (other !== p) throw new PartitionOverlapError(String(invoice), [ranges[other].partition, ranges[p].partition]);
    }
  });
}

/** Consecutive ranges from partition sizes, in order. */
export function rangesOf(parts: readonly { partition: string; rows: number }[]): PartitionRange[] {
  let start = 0;
  return parts.map(({ partition, rows }) => ({ partition, start, end: (start += rows) }));
}
