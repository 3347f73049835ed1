/** Runs tasks with at most `parallelism` at once; rejects on the first failure (after the others settle). */
export async function runPool(tasks: readonly (() => Promise<void>)[], parallelism: number): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (next < tasks.length && !failure) {
      const task = tasks[next++];
      try {
        await task();
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallelism, tasks.length)) }, worker));
  if (failure) throw failure.error;
}
