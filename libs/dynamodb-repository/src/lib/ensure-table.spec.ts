import { CreateTableCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { testDynamoDb, uniqueName } from '../test-fixtures/stack';
import { deleteTable, describeTable, ensureTable } from './ensure-table';
import { EndpointUnreachableError, TableNotFoundError, TableSchemaMismatchError } from './errors';
import { send } from './send';
import { createTableInput, orderTableSpec } from './table-spec';

const client = new DynamoDBClient(testDynamoDb());
afterAll(() => client.destroy());

describe('ensureTable', () => {
  it('creates the table with its two indexes, then accepts it as is', async () => {
    const spec = orderTableSpec(uniqueName('ensure'));
    const first = await ensureTable(client, spec, { pollMs: 50 });
    expect(first.created).toBe(true);
    expect(first.table.TableStatus).toBe('ACTIVE');
    expect(first.table.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual(['CountryIndex', 'CustomerIndex']);
    const country = first.table.GlobalSecondaryIndexes?.find((index) => index.IndexName === 'CountryIndex');
    expect(country?.Projection).toEqual({ ProjectionType: 'INCLUDE', NonKeyAttributes: ['TotalAmount', 'CustomerID'] });
    const second = await ensureTable(client, spec, { pollMs: 50 });
    expect(second.created).toBe(false);
    await deleteTable(client, spec.name, { pollMs: 50 });
  });

  it('refuses an existing table whose indexes differ, saying how', async () => {
    const name = uniqueName('mismatch');
    await client.send(new CreateTableCommand(createTableInput(orderTableSpec(name, { indexes: ['CountryIndex'], projectAll: true }))));
    const error = await ensureTable(client, orderTableSpec(name), { pollMs: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TableSchemaMismatchError);
    expect((error as TableSchemaMismatchError).differences).toEqual([
      'index CountryIndex projects ALL, expected CustomerID,TotalAmount',
      'index CustomerIndex is missing',
    ]);
    await deleteTable(client, name, { pollMs: 50 });
  });

  it('creates provisioned tables when asked', async () => {
    const spec = orderTableSpec(uniqueName('prov'), {
      indexes: ['CustomerIndex'],
      billing: { mode: 'PROVISIONED', readCapacityUnits: 5, writeCapacityUnits: 7 },
    });
    const { table } = await ensureTable(client, spec, { pollMs: 50 });
    expect(table.ProvisionedThroughput?.WriteCapacityUnits).toBe(7);
    expect(table.GlobalSecondaryIndexes?.[0].ProvisionedThroughput?.ReadCapacityUnits).toBe(5);
    await deleteTable(client, spec.name, { pollMs: 50 });
  });
});

describe('deleteTable', () => {
  it('deletes, and reports a table that was not there', async () => {
    const spec = orderTableSpec(uniqueName('delete'), { indexes: [] });
    await ensureTable(client, spec, { pollMs: 50 });
    expect(await deleteTable(client, spec.name, { pollMs: 50 })).toBe(true);
    expect(await describeTable(client, spec.name)).toBeUndefined();
    expect(await deleteTable(client, spec.name, { pollMs: 50 })).toBe(false);
  });
});

describe('errors keep their meaning', () => {
  it('a missing table is an error, not an empty result', async () => {
    const table = uniqueName('absent');
    await expect(send(client, table, () => client.send(new ScanCommand({ TableName: table })))).rejects.toThrow(TableNotFoundError);
  });

  it('an endpoint nobody listens on is reported as unreachable', async () => {
    const offline = new DynamoDBClient({ ...testDynamoDb(), endpoint: 'http://127.0.0.1:9', maxAttempts: 1 });
    const error = await send(offline, 'x-table', () => offline.send(new ScanCommand({ TableName: 'x-table' }))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EndpointUnreachableError);
    expect((error as Error).message).toContain('http://127.0.0.1:9');
    offline.destroy();
  });
});
