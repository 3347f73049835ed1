type Source<T> = Iterable<T> | AsyncIterable<T>;

/**
 * Maps a source in order with up to `ahead` mappings running at once: element i+1…i+ahead
 * are being prepared while element i is consumed. Mappings start in source order, so a
 * mapping may rely on the ones before it having started. The first failure surfaces when
 * its element is reached; later mappings are left to settle unobserved (never unhandled).
 */
export async function* readAhead<T, R>(source: Source<T>, ahead: number, map: (value: T) => Promise<R>): AsyncGenerator<R> {
  const pending: Promise<R>[] = [];
  const start = (value: T) => {
    const mapped = map(value);
    mapped.catch(() => undefined);
    pending.push(mapped);
  };
  for await (const value of source) {
    start(value);
    if (pending.length > ahead) yield await (pending.shift() as Promise<R>);
  }
  while (pending.length > 0) yield await (pending.shift() as Promise<R>);
}
