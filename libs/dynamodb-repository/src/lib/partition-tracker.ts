/**
 * Counts each open partition's unsettled items; a partition is finished when its input
 * ended and every item settled without failure. A partition with a failed item is never
 * finished, so its records keep saying `loading` and a rerun loads it again.
 */
export function partitionTracker(onFinished: (partition: string) => void | Promise<void>) {
  const state = new Map<string, { pending: number; closed: boolean; failed: boolean }>();
  const finishIfDone = async (id: string) => {
    const partition = state.get(id);
    if (!partition || !partition.closed || partition.pending > 0) return;
    state.delete(id);
    if (!partition.failed) await onFinished(id);
  };
  return {
    open: (id: string) => void state.set(id, { pending: 0, closed: false, failed: false }),
    add: (id: string) => void (state.get(id) as { pending: number }).pending++,
    async close(id: string) {
      (state.get(id) as { closed: boolean }).closed = true;
      await finishIfDone(id);
    },
    async settle(id: string, failed: boolean) {
      const partition = state.get(id);
      if (!partition) return;
      partition.pending -= 1;
      partition.failed ||= failed;
      await finishIfDone(id);
    },
  };
}
