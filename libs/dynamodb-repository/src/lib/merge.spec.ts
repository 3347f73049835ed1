import { mergeIterators } from './merge';

function counting(name: string, count: number, log: string[]): AsyncIterator<string> {
  let i = 0;
  return {
    async next() {
      if (i >= count) return { done: true, value: undefined };
      i += 1;
      log.push(`${name}${i}`);
      return { done: false, value: `${name}${i}` };
    },
  };
}

describe('mergeIterators', () => {
  it('yields every value of every source exactly once', async () => {
    const log: string[] = [];
    const values: string[] = [];
    for await (const { value } of mergeIterators([counting('a', 3, log), counting('b', 5, log), counting('c', 0, log)])) values.push(value);
    expect(values.sort()).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'b3', 'b4', 'b5']);
  });

  it('pulls at most one value ahead per source (backpressure)', async () => {
    const log: string[] = [];
    const merged = mergeIterators([counting('a', 100, log), counting('b', 100, log)]);
    await merged.next();
    await merged.next();
    // Two taken, and each source may have at most one more fetched in advance.
    expect(log.length).toBeLessThanOrEqual(4);
    await merged.return(undefined);
  });

  it('fails when a source fails', async () => {
    const failing: AsyncIterator<string> = { next: () => Promise.reject(new Error('boom')) };
    const merged = mergeIterators([counting('a', 5, []), failing]);
    await expect((async () => {
      for await (const _ of merged) void _;
    })()).rejects.toThrow('boom');
  });
});

describe('mergeIterators with a concurrency limit', () => {
  it('opens at most that many sources at once and still yields everything', async () => {
    const log: string[] = [];
    let open = 0;
    let maxOpen = 0;
    const source = (name: string) => () => {
      open += 1;
      maxOpen = Math.max(maxOpen, open);
      const inner = counting(name, 3, log);
      return {
        async next() {
          const result = await inner.next();
          if (result.done) open -= 1;
          return result;
        },
      };
    };
    const values: string[] = [];
    for await (const { value } of mergeIterators(['a', 'b', 'c', 'd', 'e'].map(source), 2)) values.push(value);
    expect(values).toHaveLength(15);
    expect(new Set(values).size).toBe(15);
    expect(maxOpen).toBe(2);
  });
});
