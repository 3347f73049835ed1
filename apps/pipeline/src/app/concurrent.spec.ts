import { mapConcurrent } from './concurrent';

test('mapConcurrent keeps order and never exceeds the limit', async () => {
  let inFlight = 0;
  let peak = 0;
  const gates: (() => void)[] = [];
  const run = mapConcurrent([1, 2, 3, 4, 5], 2, async (n) => {
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    await new Promise<void>((resolve) => gates.push(resolve));
    inFlight -= 1;
    return n * 10;
  });
  // Release the gates one by one as they appear.
  while (gates.length > 0 || inFlight > 0) {
    await Promise.resolve();
    gates.shift()?.();
    await new Promise((r) => setImmediate(r));
  }
  expect(await run).toEqual([10, 20, 30, 40, 50]);
  expect(peak).toBe(2);
});
