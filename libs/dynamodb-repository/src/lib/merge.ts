/** A source to merge: an iterator, or a function that opens one when its turn comes. */
export type MergeSource<T> = AsyncIterator<T> | (() => AsyncIterator<T>);

/**
 * Interleaves async iterators into one, in arrival order. At most `concurrency` sources are
 * open at once (the next opens when one ends); each open source has at most one `next()`
 * outstanding, so a slow consumer holds every source back (backpressure) and at most one
 * result per open source waits in memory. If one source fails, the others are closed.
 */
export async function* mergeIterators<T>(
  sources: readonly MergeSource<T>[],
  concurrency = sources.length,
): AsyncGenerator<{ source: number; value: T }> {
  const open = new Map<number, AsyncIterator<T>>();
  const pending = new Map<number, Promise<{ source: number; result: IteratorResult<T> }>>();
  let nextSource = 0;
  const pull = (source: number) =>
    pending.set(
      source,
      (open.get(source) as AsyncIterator<T>).next().then((result) => ({ source, result })),
    );
  const openNext = () => {
    if (nextSource >= sources.length) return;
    const source = nextSource++;
    const given = sources[source];
    open.set(source, typeof given === 'function' ? given() : given);
    pull(source);
  };
  while (open.size < Math.max(1, concurrency) && nextSource < sources.length) openNext();
  try {
    while (pending.size > 0) {
      const { source, result } = await Promise.race(pending.values());
      pending.delete(source);
      if (result.done) {
        open.delete(source);
        openNext();
        continue;
      }
      // Ask for the next value only after the consumer took this one.
      yield { source, value: result.value };
      pull(source);
    }
  } finally {
    for (const iterator of open.values()) void iterator.return?.(undefined)?.catch?.(() => undefined);
    // Outstanding next() promises may still reject; they are no longer anyone's concern.
    for (const promise of pending.values()) promise.catch(() => undefined);
  }
}
