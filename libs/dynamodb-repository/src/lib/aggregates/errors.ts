import { EcomlakeError } from '@ecomlake/util';
/** The table holds order items but no aggregates at all: it was loaded by other means (e.g. plain BatchWriteItem). */
export class AggregatesMissingError extends EcomlakeError<'dynamodb-repository.aggregatesMissing'> {
  override readonly name = 'AggregatesMissingError';
  constructor(readonly table: string) {
    super('dynamodb-repository.aggregatesMissing',
      `DynamoDB table "${table}" holds order items but no aggregates (it was not loaded by loadPartitions with aggregates), ` +
        `so analytics from aggregates would answer zero. Run rebuildAggregates(client, "${table}") once (it scans the table), ` +
        'or reload the table with the pipeline.',
    );
  }
}

/** Some partitions' aggregates are missing, incomplete, of another format or counted twice. */
export class AggregatesStaleError extends EcomlakeError<'dynamodb-repository.aggregatesStale'> {
  override readonly name = 'AggregatesStaleError';
  constructor(
    readonly table: string,
    /** Ids of the partitions concerned (empty when the cause is the table-wide rebuild). */
    readonly partitions: readonly string[],
    /** What is wrong, in a sentence. */
    readonly reason: string,
  ) {
    const named = partitions.slice(0, 5).map((id) => JSON.stringify(id)).join(', ');
    const more = partitions.length > 5 ? ` and ${partitions.length - 5} more` : '';
    const fix =
      partitions.length > 0
        ? `Rerun the load of those partitions with aggregates (a kill or a failed item leaves them loading), or run rebuildAggregates(client, "${table}").`
        : `Run rebuildAggregates(client, "${table}").`;
    super('dynamodb-repository.aggregatesStale', `Aggregates of DynamoDB table "${table}" are not exact: ${reason}${partitions.length > 0 ? ` (partitions ${named}${more})` : ''}. ${fix}`);
  }
}
