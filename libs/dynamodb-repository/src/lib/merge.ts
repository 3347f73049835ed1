/**
 * Interleaves async iterators into one, in arrival order. Each source has at most one
 * `next()` outstanding, so a slow consumer holds every source back (backpressure) and at
 * most one result per source waits in memory. If one source fails, the others are closed.
 */
export async function* mergeIterators<T>(sources: readonly AsyncIterator<T>[]): AsyncGenerator<{ source: number; value: T }> {
  const pending = new Map<number, Promise<{ source: number; result: IteratorResult<T> }>>();
  const pull = (source: number) =>
    pending.set(
      source,
      sources[source].next().then((result) => ({ source, result })),
    );
  sources.forEach((_, source) => pull(source));
  try {
    while (pending.size > 0) {
      const { source, result } = await Promise.race(pending.values());
      if (result.done) {
        pending.delete(source);
        continue;
      }
      // Ask for the next value only after the consumer took this one.
      pending.delete(source);
      yield { source, value: result.value };
      pull(source);
    }
  } finally {
    for (const source of pending.keys()) void sources[source].return?.(undefined)?.catch?.(() => undefined);
    // Outstanding next() promises may still reject; they are no longer anyone's concern.
    for (const promise of pending.values()) promise.catch(() => undefined);
  }
}
