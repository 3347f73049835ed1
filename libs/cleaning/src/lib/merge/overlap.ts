import { PartitionOverlapError } from '../errors';

/**
 * Keying is per partition, so one invoice in two partitions could give two DynamoDB
 * items with one key. Throws {@link PartitionOverlapError} when that happens.
 */
export function checkNoOverlap(parts: readonly { partition: string; invoices: Iterable<string> }[]): void {
  const owner = new Map<string, number>();
  parts.forEach(({ invoices }, p) => {
    for (const invoice of invoices) {
      const other = owner.get(invoice);
      if (other === undefined) owner.set(invoice, p);
      else if (other !== p) throw new PartitionOverlapError(invoice, [parts[other].partition, parts[p].partition]);
    }
  });
}
