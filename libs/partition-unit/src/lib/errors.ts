import { EcomlakeError } from '@ecomlake/util';

/** The codes of partition-unit's errors (`EcomlakeError.code`). */
export type PartitionUnitErrorCode = 'partition-unit.partitionLoad' | 'partition-unit.regroupInput';

/** Items of a partition could not be written after every retry; rerunning loads the partition again. */
export class PartitionLoadError extends EcomlakeError<'partition-unit.partitionLoad'> {
  override readonly name = 'PartitionLoadError';
  constructor(
    readonly partition: string,
    readonly failed: number,
    readonly firstReason: string,
  ) {
    super('partition-unit.partitionLoad', `partition ${partition}: ${failed} items could not be written (first: ${firstReason}); rerun to load it again.`);
  }
}
