import { distinctKeyBatches, type Tagged } from './batches';

function tagged(key: string, value: number): Tagged<number> {
  return { partition: 'p', entry: { key, record: {}, source: value } };
}

async function* from<T>(values: T[]): AsyncGenerator<T> {
  yield* values;
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterable) out.push(value);
  return out;
}

describe('distinct-key batches', () => {
  it('groups entries into requests of at most the batch size', async () => {
    const input = Array.from({ length: 60 }, (_, i) => tagged(`k${i}`, i));
    const batches = await collect(distinctKeyBatches(from(input), 25, () => undefined));
    expect(batches.map((batch) => batch.length)).toEqual([25, 25, 10]);
    expect(batches.flat().map((t) => t.entry.source)).toEqual(input.map((t) => t.entry.source));
  });

  it('never puts one key twice in a request; the later item replaces the earlier', async () => {
    const superseded: number[] = [];
    const input = [tagged('a', 1), tagged('b', 2), tagged('a', 3), tagged('c', 4)];
    const batches = await collect(distinctKeyBatches(from(input), 3, (t) => superseded.push(t.entry.source)));
    expect(batches.map((batch) => batch.map((t) => t.entry.source))).toEqual([[3, 2, 4]]);
    expect(superseded).toEqual([1]);
  });
});
