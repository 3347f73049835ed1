import { mapConcurrent } from './concurrency';

/** A call that waits until the test releases it, so the test decides the order of events. */
function gated() {
  const waiting: { item: number; release: () => void; fail: (error: Error) => void }[] = [];
  let inFlight = 0;
  let peak = 0;
  const started: number[] = [];
  const map = (item: number): Promise<number> => {
    started.push(item);
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    return new Promise<number>((resolve, reject) => {
      waiting.push({
        item,
        release: () => { inFlight -= 1; resolve(item * 10); },
        fail: (error) => { inFlight -= 1; reject(error); },
      });
    });
  };
  /** Lets every pending continuation run (workers pick their next item). */
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return { map, waiting, started, settle, peak: () => peak, inFlight: () => inFlight };
}

describe('mapConcurrent', () => {
  it('keeps the input order and never has more than `limit` calls in flight', async () => {
    const g = gated();
    const run = mapConcurrent([1, 2, 3, 4, 5], 2, g.map);
    await g.settle();
    expect(g.started).toEqual([1, 2]);
    // Release the later call first: results still come back in input order.
    g.waiting.splice(1, 1)[0].release();
    await g.settle();
    expect(g.started).toEqual([1, 2, 3]);
    while (g.waiting.length > 0) {
      g.waiting.shift()?.release();
      await g.settle();
    }
    expect(await run).toEqual([10, 20, 30, 40, 50]);
    expect(g.peak()).toBe(2);
  });

  it('passes each item its index', async () => {
    expect(await mapConcurrent(['a', 'b', 'c'], 3, async (item, index) => `${index}:${item}`)).toEqual(['0:a', '1:b', '2:c']);
  });

  it('returns an empty array for no items without calling map', async () => {
    let calls = 0;
    expect(await mapConcurrent([], 4, async () => (calls += 1))).toEqual([]);
    expect(calls).toBe(0);
  });

  it('after a failure starts nothing new, waits for the calls in flight, then throws the first error', async () => {
    const g = gated();
    let done = false;
    const run = mapConcurrent([1, 2, 3, 4], 2, g.map).finally(() => (done = true));
    await g.settle();
    g.waiting.shift()?.fail(new Error('item 1 failed'));
    await g.settle();
    // Item 2 is still running: the call has not settled, and item 3 was not started.
    expect(done).toBe(false);
    expect(g.started).toEqual([1, 2]);
    g.waiting.shift()?.fail(new Error('item 2 failed'));
    await expect(run).rejects.toThrow('item 1 failed');
    expect(g.started).toEqual([1, 2]);
    expect(g.inFlight()).toBe(0);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects a limit of %p with a RangeError', async (limit) => {
    await expect(mapConcurrent([1], limit, async (n) => n)).rejects.toThrow(new RangeError(`The concurrency limit must be a whole number ≥ 1, got ${limit}.`));
  });
});
