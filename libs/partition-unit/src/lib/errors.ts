/** Items of a partition could not be written after every retry; rerunning loads the partition again. */
export class PartitionLoadError extends Error {
  override readonly name = 'PartitionLoadError';
  constructor(
    readonly partition: string,
    readonly failed: number,
    readonly firstReason: string,
  ) {
    super(`partition ${partition}: ${failed} items could not be written (first: ${firstReason}); rerun to load it again.`);
  }
}
