import { loadShare } from './load-share';

describe('loadShare', () => {
  it("keeps 4 partitions in flight when they are big (the real dataset's days)", () => {
    // 1,700 items: 68 batches, 34 rounds at 2 a partition; busy 34/40 → ⌈3 / 0.85⌉ = 4.
    expect(loadShare({ concurrency: 6, itemsPerPartition: 1_700 })).toEqual({ partitionsInFlight: 4, concurrency: 2 });
  });

  it('loads more partitions at once when they are small (the default run: ~160 items a day)', () => {
    // 160 items: 7 batches, 4 rounds at 2 a partition; busy 4/10 → ⌈3 / 0.4⌉ = 8.
    expect(loadShare({ concurrency: 6, itemsPerPartition: 160 })).toEqual({ partitionsInFlight: 8, concurrency: 2 });
    // On AWS's 16: 4 a partition, 2 rounds; busy 2/8 → ⌈4 / 0.25⌉ = 16.
    expect(loadShare({ concurrency: 16, itemsPerPartition: 160 })).toEqual({ partitionsInFlight: 16, concurrency: 4 });
  });

  it('stays within its bounds', () => {
    expect(loadShare({ concurrency: 6, itemsPerPartition: 1, maxPartitions: 10 }).partitionsInFlight).toBe(10);
    expect(loadShare({ concurrency: 1, itemsPerPartition: 1_000_000 })).toEqual({ partitionsInFlight: 4, concurrency: 1 });
    expect(() => loadShare({ concurrency: 0, itemsPerPartition: 10 })).toThrow(RangeError);
  });
});
