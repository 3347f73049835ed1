import { PartitionOverlapError } from '@ecomlake/cleaning';
import { inRunOrder } from './run-order';

/** A partition as the disjointness check sees it: its id, its source and its invoice numbers. */
export interface DisjointPart {
  readonly id: string;
  /** `s3://bucket/key` of the raw object: errors name it. */
  readonly source: string;
  /** Absent: the run's overlap check is off (as in cleaning's `reduceQuality`). */
  readonly invoices?: Iterable<string>;
}

/** The run's disjointness, checked one partition at a time in run order. */
export interface DisjointFold {
  /** Takes the next partition in run order; keeps its id, source and invoices, nothing else of it. */
  add(part: DisjointPart): void;
  /** The first id given twice, in run order. */
  duplicate(): RangeError | undefined;
  /** The first invoice in two partitions, named as cleaning's `checkNoOverlap` names it; undefined when a partition had no invoices. */
  overlap(): PartitionOverlapError | undefined;
  /** Every partition id, in run order. */
  ids(): readonly string[];
}

/**
 * Keying is per partition, so no invoice may be in two partitions and no id twice. Checked as
 * partitions arrive, holding only each invoice's owner: the same first error as a check over
 * the whole list, without the list.
 */
export function disjointFold(): DisjointFold {
  const sourceOf = new Map<string, string>();
  const ids: string[] = [];
  const sources: string[] = [];
  const owner = invoiceOwners();
  let duplicate: RangeError | undefined;
  let overlap: PartitionOverlapError | undefined;
  let everyPartHasInvoices = true;
  return {
    add(part) {
      const index = ids.length;
      ids.push(part.id);
      sources.push(part.source);
      const other = sourceOf.get(part.id);
      if (other !== undefined) duplicate ??= new RangeError(`partition "${part.id}" is given twice (${other} and ${part.source}); partition ids must be unique`);
      else sourceOf.set(part.id, part.source);
      if (part.invoices === undefined) {
        everyPartHasInvoices = false;
        owner.clear();
      }
      // Once the answer is known (an overlap, or no check at all) the invoices are not kept.
      if (!everyPartHasInvoices || overlap || part.invoices === undefined) return;
      for (const invoice of part.invoices) {
        const first = owner.claim(invoice, index);
        if (first !== index) {
          overlap = new PartitionOverlapError(invoice, [sources[first], part.source]);
          owner.clear();
          return;
        }
      }
    },
    duplicate: () => duplicate,
    overlap: () => (everyPartHasInvoices ? overlap : undefined),
    ids: () => ids,
  };
}

/** A run's first pass, checked as plans arrive: `add(index, plan)` in any order, then `finish()`. */
export interface DisjointCheck {
  /** Takes partition `index`'s plan (0-based run order); kept until the earlier ones arrive, then only its invoices' owner. */
  add(index: number, part: DisjointPart): void;
  /** Throws what `checkPartitionsDisjoint` throws over all the plans (an id twice, then an invoice in two partitions), or a RangeError naming a plan that never arrived. */
  finish(): void;
}

/** `checkPartitionsDisjoint` as plans arrive: memory holds the invoices' owners, not the plans. */
export function createDisjointCheck(): DisjointCheck {
  const fold = disjointFold();
  const order = inRunOrder<DisjointPart>((part) => fold.add(part));
  return {
    add: (index, part) => order.add(index, part),
    finish() {
      order.finish();
      const problem = fold.duplicate() ?? fold.overlap();
      if (problem) throw problem;
    },
  };
}

/** Which partition each invoice is in: the one thing a run keeps of every partition. */
interface InvoiceOwners {
  /** The invoice's owner: `index` when it had none (it has now). */
  claim(invoice: string, index: number): number;
  clear(): void;
}

/** Invoice numbers are mostly whole numbers: those are kept as numbers, at a third of a string's memory. */
function invoiceOwners(): InvoiceOwners {
  const numbers = new Map<number, number>();
  const others = new Map<string, number>();
  return {
    claim(invoice, index) {
      // Only a canonical decimal maps back to the same string ('0123' and '123' stay two invoices).
      if (CANONICAL_INTEGER.test(invoice)) {
        const key = Number(invoice);
        const first = numbers.get(key);
        if (first !== undefined) return first;
        numbers.set(key, index);
        return index;
      }
      const first = others.get(invoice);
      if (first !== undefined) return first;
      others.set(invoice, index);
      return index;
    },
    clear() {
      numbers.clear();
      others.clear();
    },
  };
}

/** Up to 9 digits, no leading zero: a small integer V8 stores inline in the map. */
const CANONICAL_INTEGER = /^(0|[1-9]\d{0,8})$/;
