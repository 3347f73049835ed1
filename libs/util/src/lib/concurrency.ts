/**
 * Maps `items` with at most `limit` calls of `map` in flight; the results keep the input order.
 *
 * On the first failure no further item is started; the calls already running are awaited
 * (so nothing keeps working, and no rejection goes unobserved, after this returns), then
 * the first error is thrown.
 *
 * @param limit Calls in flight at most: a whole number ≥ 1 (a RangeError otherwise).
 * @example
 * const sizes = await mapConcurrent(keys, 8, async (key) => (await head(key)).size);
 */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  map: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`The concurrency limit must be a whole number ≥ 1, got ${limit}.`);
  const results: R[] = new Array(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (!failure && next < items.length) {
      const index = next++;
      try {
        results[index] = await map(items[index], index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
  return results;
}
