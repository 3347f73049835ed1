import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { deleteTable, ensureTable, loadItems, orderTableSpec, WITH_COUNTRY_INDEX } from '@ecomlake/dynamodb-repository';
import { testStack, uniqueName } from '@ecomlake/local-stack';
import type { OrderItem, QualitySummary } from '@ecomlake/model';
import { checkAllQueries, planFor } from '../test-fixtures/check-queries';
import { DYNAMODB_LOCAL_QUERIES } from './presets';
import { cleanedItems } from '../test-fixtures/real-data';

// End to end over the whole real dataset (~519,602 items): clean, load in parallel, then
// every query against aggregates of the cleaned items. Slow on DynamoDB Local, so it is
// kept lean: one load, one parallel scan for the bubble map + histograms, targeted queries.
const client = new DynamoDBClient(testStack().dynamodb);
const table = uniqueName('fulldata');
let items: OrderItem[];
let report: QualitySummary;

beforeAll(async () => {
  ({ items, report } = await cleanedItems());
  await ensureTable(client, orderTableSpec(table, { indexes: WITH_COUNTRY_INDEX }), { pollMs: 50 });
}, 120_000);
afterAll(async () => {
  await deleteTable(client, table, { pollMs: 50 });
  client.destroy();
});

describe('the full real dataset', () => {
  it('loads every cleaned item exactly', async () => {
    expect(items.length).toBe(report.items);
    expect(items.reduce((sum, item) => sum + item.totalAmountMilli, 0)).toBe(report.cleanRevenueMilli);
    // No capacity reporting: DynamoDB Local spends ~25% more CPU per item computing it.
    const result = await loadItems(client, table, items, { returnConsumedCapacity: 'NONE' });
    expect(result.failed).toEqual([]);
    expect(result.written).toBe(items.length);
  }, 1_800_000);

  it('answers every query as the cleaned data says', async () => {
    await checkAllQueries(client, table, items, planFor(items), DYNAMODB_LOCAL_QUERIES);
  }, 1_800_000);
});
