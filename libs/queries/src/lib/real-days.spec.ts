import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { deleteTable, ensureTable, loadItems, orderTableSpec, WITH_COUNTRY_INDEX } from '@ecomlake/dynamodb-repository';
import { testStack, uniqueName } from '@ecomlake/local-stack';
import type { OrderItem } from '@ecomlake/model';
import { checkAllQueries, planFor } from '../test-fixtures/check-queries';
import { cleanedItems } from '../test-fixtures/real-data';

// Ten real days through @ecomlake/cleaning: every query must match, to the last milli.
const client = new DynamoDBClient(testStack().dynamodb);
const table = uniqueName('realdays');
let items: OrderItem[];

beforeAll(async () => {
  ({ items } = await cleanedItems(10));
  await ensureTable(client, orderTableSpec(table, { indexes: WITH_COUNTRY_INDEX }), { pollMs: 50 });
  const result = await loadItems(client, table, items);
  expect(result.failed).toEqual([]);
}, 120_000);
afterAll(async () => {
  await deleteTable(client, table, { pollMs: 50 });
  client.destroy();
});

describe('queries on ten cleaned real days', () => {
  it('every query equals the aggregate computed from the cleaned items', async () => {
    expect(items.length).toBeGreaterThan(10_000);
    await checkAllQueries(client, table, items, planFor(items), { splitDays: 3 });
  }, 120_000);
});
