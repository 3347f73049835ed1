// The whole report built from a real table on the embedded stack: every chart file, one
// self-contained page, and answers that equal sums computed here from the items loaded.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AggregatesMissingError, computeAggregates, deleteTable, ensureTable, loadItems, loadPartitions, orderTableSpec } from '@ecomlake/dynamodb-repository';
import { makeItems } from '@ecomlake/dynamodb-repository/testing';
import { testStack, uniqueName } from '@ecomlake/local-stack';
import { formatMilli, formatMoney, milli, type OrderItem } from '@ecomlake/model';
import { buildReport, chartFiles, reportFigures, reportPage } from './build-report';
import { verifyAnalysis } from './verify';

jest.setTimeout(120_000);
const client = new DynamoDBClient(testStack().dynamodb);
const table = uniqueName('report');
const partitioned = uniqueName('report-agg');
const hostile = '<img src=x onerror=alert(1)>';
const items: OrderItem[] = [
  ...makeItems(600, { seed: 7, days: 20 }),
  { ...makeItems(1, { seed: 8, firstDay: '2011-01-10', days: 1 })[0], invoiceNo: '999001', country: hostile },
];

beforeAll(async () => {
  await ensureTable(client, orderTableSpec(table), { pollMs: 50 });
  expect((await loadItems(client, table, items)).failed).toEqual([]);
  // The same items loaded as daily partitions, with their aggregates.
  await ensureTable(client, orderTableSpec(partitioned), { pollMs: 50 });
  const days = [...new Set(items.map((i) => i.invoiceDay))].sort();
  const parts = days.map((day) => {
    const dayItems = items.filter((i) => i.invoiceDay === day);
    return { id: day, identity: 'v1', items: dayItems, aggregates: computeAggregates(dayItems) };
  });
  expect((await loadPartitions(client, partitioned, parts)).failed).toEqual([]);
});
afterAll(async () => {
  await deleteTable(client, table, { pollMs: 50 });
  await deleteTable(client, partitioned, { pollMs: 50 });
  client.destroy();
});

test('builds every chart and one self-contained page, with answers summed from the items', async () => {
  const report = await buildReport(client, table, { queries: { splitDays: 5 }, title: 'Test <report>', source: 'scan' });
  const names = report.files.map((f) => f.name);
  expect(names).toEqual(expect.arrayContaining(['report.html', 'sales-trend.svg', 'sales-trend.png', 'order-values.svg', 'bubble-map-all.svg', 'bubble-map.gif']));
  expect(report.files.find((f) => f.name === 'sales-trend.png')?.contentType).toBe('image/png');

  const uk = items.filter((i) => i.country === 'United Kingdom');
  expect(report.analysis.answers.salesByCountry).toEqual({
    country: 'United Kingdom',
    revenue: formatMilli(milli(uk.reduce((sum, i) => sum + i.totalAmountMilli, 0))),
    orders: new Set(uk.map((i) => i.invoiceNo)).size,
    items: uk.length,
  });
  expect(report.analysis.summary.orders).toBe(new Set(items.map((i) => i.invoiceNo)).size);
  expect(report.figures).toMatchObject({ charts: report.analysis.charts.files.length, readCapacity: expect.any(Number) });

  // Data is escaped in the page, and the page loads nothing from the network.
  const html = Buffer.from(report.files.find((f) => f.name === 'report.html')?.body ?? []).toString('utf8');
  expect(html).toContain('Test &lt;report&gt;');
  expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  expect(html).not.toContain(hostile);
  expect(html).not.toMatch(/(src|href)="https?:/);
});

test('prints money to the penny through formatMoney: sales summary, top countries and map tooltips, summed here from the items', async () => {
  const report = await buildReport(client, partitioned, { queries: { splitDays: 5 } });
  const html = Buffer.from(report.files.find((f) => f.name === 'report.html')?.body ?? []).toString('utf8');
  const sum = (list: readonly OrderItem[]) => milli(list.reduce((t, i) => t + i.totalAmountMilli, 0));
  const uk = items.filter((i) => i.country === 'United Kingdom');
  // Prices carry thousandths, so these amounts are not whole pennies: exact and printed differ.
  expect([sum(items), sum(uk)].some((m) => m % 10 !== 0)).toBe(true);

  expect(html).toContain(`<td>revenue</td><td class="num">${formatMoney(sum(items))}</td>`);
  expect(html).toContain(`<td>United Kingdom</td><td class="num">${formatMoney(sum(uk))}</td>`);
  // The map's tooltips (the page's bubble data): the United Kingdom in each month of the data.
  const months = new Set(uk.map((i) => i.invoiceDay.slice(0, 7)));
  expect(months.size).toBeGreaterThan(0);
  for (const month of months) {
    expect(html).toMatch(new RegExp(`"country":"United Kingdom"[^}]*"revenue":"${formatMoney(sum(uk.filter((i) => i.invoiceDay.startsWith(month))))}"`));
  }
  // No money anywhere in the page with thousandths, or without its sign.
  expect(html).not.toMatch(/£[\d,]+\.\d{3}/);
  expect(html).not.toContain(formatMilli(sum(items)));
});

test('reads aggregates by default: the same answers as the scan, for a fraction of the capacity', async () => {
  const scan = await buildReport(client, partitioned, { queries: { splitDays: 5 }, source: 'scan' });
  const byKey = await buildReport(client, partitioned, { queries: { splitDays: 5 } });
  expect(byKey.analysis.answers).toEqual(scan.analysis.answers);
  expect(byKey.analysis.countryMonths).toEqual(scan.analysis.countryMonths);
  expect(byKey.analysis.orderValues).toEqual(scan.analysis.orderValues);
  const overview = (a: typeof scan.analysis) => a.queries.find((q) => q.name.startsWith('salesOverview'))?.stats.consumedCapacity ?? NaN;
  expect(overview(byKey.analysis)).toBeLessThan(overview(scan.analysis));
});

test('a table loaded without aggregates says so, and names the way out', async () => {
  const failed = buildReport(client, table);
  await expect(failed).rejects.toThrow(AggregatesMissingError);
  await expect(buildReport(client, table)).rejects.toThrow(/rebuildAggregates/);
});

test('verifyAnalysis finds no difference between the paths, and names one it is shown', async () => {
  const { analysis } = await buildReport(client, partitioned, { queries: { splitDays: 5 } });
  const check = await verifyAnalysis(client, partitioned, analysis, { queries: { splitDays: 5 } });
  expect(check.differences).toEqual([]);
  expect(check.queries.map((q) => q.stats.consumedCapacity).every((rcu) => rcu > 0)).toBe(true);
  const tampered = { ...analysis, orderValues: analysis.orderValues.map((o, i) => (i === 0 ? { ...o, lines: o.lines + 1 } : o)) };
  expect((await verifyAnalysis(client, partitioned, tampered)).differences).toEqual([expect.stringMatching(/^order values: aggregates /)]);
});

test('buildReport is chartFiles + reportPage + reportFigures of its analysis; figures count the queries a check adds afterwards', async () => {
  const report = await buildReport(client, partitioned, { queries: { splitDays: 5 }, title: 'T', subtitle: 'S' });
  const { analysis } = report;
  // An app that writes the page later (after its stages) gets the same files from the same parts.
  expect([...chartFiles(analysis), reportPage({ title: 'T', subtitle: 'S', analysis })]).toEqual(report.files);
  const readCapacity = (queries: typeof analysis.queries) => Math.round(queries.reduce((sum, q) => sum + q.stats.consumedCapacity, 0) * 10) / 10;
  expect(report.figures).toEqual({ ...analysis.answers, charts: analysis.charts.files.length, readCapacity: readCapacity(analysis.queries) });

  const check = await verifyAnalysis(client, partitioned, analysis, { queries: { splitDays: 5 } });
  const verified = { ...analysis, queries: [...analysis.queries, ...check.queries] };
  expect(reportFigures(verified).readCapacity).toBe(readCapacity(verified.queries));
  expect(reportFigures(verified).readCapacity).toBeGreaterThan(reportFigures(analysis).readCapacity as number);
});
