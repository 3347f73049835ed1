import { CreateTableCommand, DynamoDBClient, ScanCommand, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { testDynamoDb, uniqueName } from '../test-fixtures/stack';
import { deleteTable, describeTable, dropIndexCommand, ensureTable } from './ensure-table';
import { EndpointUnreachableError, TableNotFoundError, TableSchemaMismatchError } from './errors';
import { send } from './send';
import { createTableInput, orderTableSpec, WITH_COUNTRY_INDEX } from './table-spec';

const client = new DynamoDBClient(testDynamoDb());
afterAll(() => client.destroy());

describe('ensureTable', () => {
  it('creates a default table with only the index a default question reads (CustomerIndex, no CountryIndex), then accepts it as is', async () => {
    const spec = orderTableSpec(uniqueName('ensure'));
    const first = await ensureTable(client, spec, { pollMs: 50 });
    expect(first.created).toBe(true);
    expect(first.table.TableStatus).toBe('ACTIVE');
    expect(first.table.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['CustomerIndex']);
    const customer = first.table.GlobalSecondaryIndexes?.[0];
    expect(customer?.Projection).toEqual({ ProjectionType: 'INCLUDE', NonKeyAttributes: ['TotalAmount', 'Country'] });
    const second = await ensureTable(client, spec, { pollMs: 50 });
    expect(second).toMatchObject({ created: false, extraIndexes: [] });
    await deleteTable(client, spec.name, { pollMs: 50 });
  });

  it('creates CountryIndex when asked (opt-in)', async () => {
    const spec = orderTableSpec(uniqueName('country'), { indexes: WITH_COUNTRY_INDEX });
    const { table } = await ensureTable(client, spec, { pollMs: 50 });
    expect(table.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual(['CountryIndex', 'CustomerIndex']);
    const country = table.GlobalSecondaryIndexes?.find((index) => index.IndexName === 'CountryIndex');
    expect(country?.Projection).toEqual({ ProjectionType: 'INCLUDE', NonKeyAttributes: ['TotalAmount', 'CustomerID'] });
    await deleteTable(client, spec.name, { pollMs: 50 });
  });

  it('refuses an existing table whose indexes differ, saying how', async () => {
    const name = uniqueName('mismatch');
    await client.send(new CreateTableCommand(createTableInput(orderTableSpec(name, { indexes: WITH_COUNTRY_INDEX, projectAll: true }))));
    const error = await ensureTable(client, orderTableSpec(name), { pollMs: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TableSchemaMismatchError);
    expect((error as TableSchemaMismatchError).differences).toEqual(['index CustomerIndex projects ALL, expected Country,TotalAmount']);
    await deleteTable(client, name, { pollMs: 50 });
  });

  it('keeps a table created with CountryIndex, reporting the index and the aws CLI command that drops it, and drops nothing', async () => {
    const name = uniqueName('before');
    await client.send(new CreateTableCommand(createTableInput(orderTableSpec(name, { indexes: WITH_COUNTRY_INDEX }))));
    const { created, extraIndexes } = await ensureTable(client, orderTableSpec(name), { pollMs: 50 });
    expect(created).toBe(false);
    const { endpoint } = testDynamoDb();
    const command = `aws dynamodb update-table --table-name ${name} --global-secondary-index-updates '[{"Delete":{"IndexName":"CountryIndex"}}]' --region us-east-1 --endpoint-url ${endpoint}`;
    expect(extraIndexes).toEqual([{ name: 'CountryIndex', dropCommand: command, note: expect.stringContaining(`It is kept; to drop it, run: ${command}.`) }]);
    expect(extraIndexes[0].note).toContain(`table ${name} has index CountryIndex, which no default question reads`);
    expect(extraIndexes[0].note).toContain("--country-index");
    // Still there: reporting is all ensureTable does.
    expect((await describeTable(client, name))?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual(['CountryIndex', 'CustomerIndex']);

    // The command's update, sent as the aws CLI would send it, drops the index; then nothing is left to report.
    const updates = /--global-secondary-index-updates '([^']+)'/.exec(command)?.[1] ?? '';
    await client.send(new UpdateTableCommand({ TableName: name, GlobalSecondaryIndexUpdates: JSON.parse(updates) }));
    await expect(ensureTable(client, orderTableSpec(name), { pollMs: 50 })).resolves.toMatchObject({ extraIndexes: [] });
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

describe('dropIndexCommand', () => {
  it('names the table and the index, and the region and endpoint when given', () => {
    expect(dropIndexCommand('orders', 'CountryIndex')).toBe(`aws dynamodb update-table --table-name orders --global-secondary-index-updates '[{"Delete":{"IndexName":"CountryIndex"}}]'`);
    expect(dropIndexCommand('orders', 'CountryIndex', { region: 'eu-west-2' })).toBe(
      `aws dynamodb update-table --table-name orders --global-secondary-index-updates '[{"Delete":{"IndexName":"CountryIndex"}}]' --region eu-west-2`,
    );
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
