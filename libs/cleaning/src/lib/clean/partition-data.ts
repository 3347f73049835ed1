import type { QualitySummary } from '@ecomlake/model';
import type { CodedColumns, EXCLUDED_SCHEMA, ITEM_REF_SCHEMA, LINE_SCHEMA, QUARANTINE_SCHEMA } from '../tables/schema';

/**
 * A cleaned partition in transport form: typed-array columns whose string values are
 * codes into `strings` (which partitions cleaned by one thread share). Cheap to send
 * between threads: the arrays are transferred, not copied.
 */
export interface PartitionData {
  partition: string;
  strings: readonly string[];
  lines: CodedColumns<typeof LINE_SCHEMA>;
  /** Items as references into `lines` plus their own sums. */
  items: CodedColumns<typeof ITEM_REF_SCHEMA>;
  excluded: CodedColumns<typeof EXCLUDED_SCHEMA>;
  quarantine: CodedColumns<typeof QUARANTINE_SCHEMA>;
  /** Distinct invoice numbers of the items (to check that partitions do not overlap). */
  invoices: string[];
  report: QualitySummary;
}

/** The buffers of a partition, for `postMessage(data, transferList(data))`. */
export function transferList(data: PartitionData): ArrayBuffer[] {
  const buffers = [data.lines, data.items, data.excluded, data.quarantine].flatMap((columns) =>
    Object.values(columns).map((c) => c.buffer as ArrayBuffer),
  );
  return [...new Set(buffers)]; // columns of a table share one buffer
}
