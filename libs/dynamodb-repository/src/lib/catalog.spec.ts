import { listOnce } from './catalog';

/** A write that resolves (or rejects) when the test says, recording what it was asked to list. */
function gatedWrites() {
  const calls: string[][] = [];
  const gates: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const write = (fresh: readonly string[]): Promise<void> => {
    calls.push([...fresh]);
    return new Promise<void>((resolve, reject) => gates.push({ resolve, reject }));
  };
  return { calls, gates, write };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('listOnce: each value listed once per shared set', () => {
  it('lists a value two loads ask for at the same time once; the second waits for the first', async () => {
    const listed = new Set<string>(['France']);
    const { calls, gates, write } = gatedWrites();
    let secondDone = false;
    const first = listOnce(listed, ['Spain', 'France', 'Spain', 'Italy'], write);
    const second = listOnce(listed, ['Italy', 'Norway'], write).then(() => (secondDone = true));
    await tick();
    // France was listed before; Italy is in flight for the first: the second writes Norway alone.
    expect(calls).toEqual([['Spain', 'Italy'], ['Norway']]);
    gates[1].resolve();
    await tick();
    expect(secondDone).toBe(false); // Italy is not listed until the first's write ends
    gates[0].resolve();
    await Promise.all([first, second]);
    expect([...listed].sort()).toEqual(['France', 'Italy', 'Norway', 'Spain']);
    await listOnce(listed, ['Spain', 'Norway'], write);
    expect(calls).toHaveLength(2); // all listed: nothing written
  });

  it("rejects on its own failed write; a load waiting on that write lists the value itself", async () => {
    const listed = new Set<string>();
    const { calls, gates, write } = gatedWrites();
    const first = listOnce(listed, ['Spain'], write);
    const second = listOnce(listed, ['Spain', 'Italy'], write);
    await tick();
    expect(calls).toEqual([['Spain'], ['Italy']]);
    gates[0].reject(new Error('throttled for good'));
    await expect(first).rejects.toThrow('throttled for good');
    gates[1].resolve();
    await tick();
    // The first load's Spain failed: the second lists it itself.
    expect(calls).toEqual([['Spain'], ['Italy'], ['Spain']]);
    gates[2].resolve();
    await second;
    expect([...listed].sort()).toEqual(['Italy', 'Spain']);
  });
});
