import { EcomlakeError } from '@ecomlake/util';
/** The table does not exist at this endpoint (never reported as "no data"). */
export class TableNotFoundError extends EcomlakeError<'dynamodb-repository.tableNotFound'> {
  override readonly name = 'TableNotFoundError';
  constructor(readonly table: string, options?: { cause?: unknown }) {
    super('dynamodb-repository.tableNotFound', `DynamoDB table "${table}" does not exist. Create it with ensureTable() (or check the table name and endpoint).`, options);
  }
}

/** An existing table's keys or indexes differ from the spec; the data cannot be trusted to fit. */
export class TableSchemaMismatchError extends EcomlakeError<'dynamodb-repository.tableSchemaMismatch'> {
  override readonly name = 'TableSchemaMismatchError';
  constructor(readonly table: string, readonly differences: readonly string[]) {
    super('dynamodb-repository.tableSchemaMismatch',
      `DynamoDB table "${table}" exists with a different layout: ${differences.join('; ')}. ` +
        'Delete it (deleteTable) and reload, or use another table name.',
    );
  }
}

/** Nothing answers at the DynamoDB endpoint: no connection (`unreachable`), or silence past the timeout (`timeout`). */
export class EndpointUnreachableError extends EcomlakeError<'dynamodb-repository.endpointUnreachable'> {
  override readonly name = 'EndpointUnreachableError';
  readonly reason: 'unreachable' | 'timeout';
  constructor(
    readonly endpoint: string,
    options?: { cause?: unknown; reason?: 'unreachable' | 'timeout' },
  ) {
    super('dynamodb-repository.endpointUnreachable',
      options?.reason === 'timeout'
        ? `DynamoDB at ${endpoint} stopped answering (no response within the client's timeout). ` +
            'Check that the endpoint is healthy and not overloaded, or raise the timeout.'
        : `Cannot reach DynamoDB at ${endpoint}. Start the embedded stack (npx nx run local-stack:serve) ` +
            'or check AWS_ENDPOINT_URL_DYNAMODB / the region.',
      options,
    );
    this.reason = options?.reason ?? 'unreachable';
  }
}

/** An operation was stopped through its AbortSignal. `partial` says what had been done. */
export class OperationAbortedError<T = unknown> extends EcomlakeError<'dynamodb-repository.operationAborted'> {
  override readonly name = 'OperationAbortedError';
  constructor(readonly partial: T, options?: { cause?: unknown }) {
    super('dynamodb-repository.operationAborted', 'The DynamoDB operation was aborted; its partial result is in `partial`.', options);
  }
}
