/** Values that arrive in any order, handed on in run order. */
export interface RunOrder<T> {
  /** Takes value `index` (0-based run position); it is handed on once every earlier one has. */
  add(index: number, value: T): void;
  /** Throws a RangeError naming the first value that never arrived, if one is missing. */
  finish(): void;
  /** Values handed on so far. */
  readonly count: number;
}

/**
 * Partitions finish in any order, but a run's report and first error follow partition order:
 * this holds early arrivals (`hold` may shrink them) until the ones before them have come.
 */
export function inRunOrder<T>(take: (value: T, index: number) => void, hold: (value: T) => T = (value) => value): RunOrder<T> {
  const pending = new Map<number, T>();
  let next = 0;
  return {
    add(index, value) {
      if (!Number.isInteger(index) || index < next || pending.has(index)) throw new RangeError(`result ${index} is given twice or is not a run position`);
      pending.set(index, index === next ? value : hold(value));
      for (let v = pending.get(next); v !== undefined; v = pending.get(next)) {
        pending.delete(next);
        take(v, next);
        next += 1;
      }
    },
    finish() {
      if (pending.size > 0) throw new RangeError(`partition results ${[...pending.keys()].join(', ')} arrived before result ${next}`);
    },
    get count() {
      return next;
    },
  };
}
