// The Glue table over the lake against parts really written: one real day goes through the
// worker handler on the embedded stack (so the table's location is where the worker writes),
// more days through runPartition into the same lake; a part's Parquet footer is read with hyparquet, and
// each column's type (from the file's physical and logical types, by the Parquet spec) must be
// the Glue column's type in the synthesized template, in the same order. The README's Athena
// query then runs on those parts, DuckDB standing in for Athena.
import { Match } from 'aws-cdk-lib/assertions';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { lakePrefix, partitionId, runPartition, type LakePart } from '@ecomlake/partition-unit';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetMetadata, parquetReadObjects, type SchemaElement } from 'hyparquet';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { uniqueName } from '@ecomlake/local-stack';
import { handler as reduce } from '../handlers/reduce';
import { handler as worker } from '../handlers/worker';
import { holdRun } from '../test-fixtures/execution';
import { readWorkerOutput } from '../handlers/worker-output';
import { handlerWorld, uploadDays, type HandlerWorld } from '../test-fixtures/handler-env';
import { listedItems } from '../test-fixtures/step-functions';
import { synthTemplate } from '../test-fixtures/template';
import { ordersPrefix } from './lake-table';

/** Athena's type for a Parquet column, from the file alone (Parquet logical types → Athena/Trino types). */
function athenaTypeOfColumn(e: SchemaElement): string {
  const logical = e.logical_type;
  if (logical?.type === 'DECIMAL' || e.converted_type === 'DECIMAL') return `decimal(${e.precision},${e.scale})`;
  if (logical?.type === 'TIMESTAMP' || e.converted_type === 'TIMESTAMP_MILLIS' || e.converted_type === 'TIMESTAMP_MICROS') return 'timestamp';
  if (logical?.type === 'DATE' || e.converted_type === 'DATE') return 'date';
  if (e.type === 'BYTE_ARRAY' && (e.converted_type === 'UTF8' || logical?.type === 'STRING')) return 'string';
  const plain: Record<string, string> = { INT64: 'bigint', INT32: 'int', BOOLEAN: 'boolean', DOUBLE: 'double', FLOAT: 'float' };
  const type = plain[String(e.type)];
  if (!type) throw new Error(`column ${e.name}: no Athena type for Parquet ${JSON.stringify(e)}`);
  return type;
}

interface GlueTableInput {
  Parameters: Record<string, string>;
  PartitionKeys: { Name: string; Type: string }[];
  StorageDescriptor: { Columns: { Name: string; Type: string }[]; SerdeInfo: { SerializationLibrary: string }; InputFormat: string; Location: unknown };
}

describe('the lake as a Glue table', () => {
  const { template } = synthTemplate();
  const tableInput = (Object.values(template.findResources('AWS::Glue::Table'))[0] as { Properties: { TableInput: GlueTableInput } }).Properties.TableInput;
  let world: HandlerWorld;
  let part: LakePart;
  let file: ArrayBuffer;
  /** The lake's parts copied to a local folder, keys as paths (DuckDB reads them there). */
  let local: string;
  const files = new Map<string, ArrayBuffer>();

  beforeAll(async () => {
    world = await handlerWorld();
    const { s3, bucket } = world;
    local = mkdtempSync(path.join(tmpdir(), 'lake-table-'));
    // The README query's days (2011-12-01..09) and one day before them, which it must not count.
    const days = ['2011-11-30.csv', '2011-12-01.csv', '2011-12-02.csv', '2011-12-04.csv', '2011-12-05.csv', '2011-12-06.csv', '2011-12-07.csv', '2011-12-08.csv', '2011-12-09.csv'];
    await uploadDays(s3, bucket, days);
    const items = await listedItems(s3, bucket, 'raw/');
    // One day as AWS runs it: the worker handler, with the stack's environment, under a lease and a table run.
    const held = await holdRun(reduce, world.dynamodb, world.table, uniqueName('exec'));
    const output = await worker({ mode: 'load', lease: held.token, run: held.run, object: items.find((item) => item.Key === 'raw/2011-12-01.csv') }).finally(() => held.release());
    const [viaWorker] = await readWorkerOutput(output, s3);
    part = viaWorker.lake.filter((p) => p.dataset === 'orders')[0];
    // The other days into the same lake, without loading the table (the lake is what is tested here).
    const lakeUri = `s3://${bucket}/${part.key.slice(0, part.key.indexOf('orders/'))}`;
    const others = await Promise.all(
      items
        .filter((item) => item.Key !== 'raw/2011-12-01.csv')
        .map((item) => runPartition({ object: { bucket, key: item.Key, etag: item.Etag, size: item.Size }, id: partitionId(item.Key, 'raw/') }, { s3, lakeUri })),
    );
    for (const written of [viaWorker, ...others].flatMap((r) => r.lake.filter((p) => p.dataset === 'orders'))) {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: written.key }));
      const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
      mkdirSync(path.dirname(path.join(local, written.key)), { recursive: true });
      writeFileSync(path.join(local, written.key), bytes);
      files.set(written.key, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    }
    file = files.get(part.key) as ArrayBuffer;
  });
  afterAll(() => {
    world?.restore();
    if (local) rmSync(local, { recursive: true, force: true });
  });

  it('has the columns, in order and with the types, of a part the partition unit writes (money decimal(18,3), invoiceDate timestamp, quantity bigint)', () => {
    const columns = parquetMetadata(file).schema.slice(1);
    const fromFile = columns.map((c) => ({ Name: c.name.toLowerCase(), Type: athenaTypeOfColumn(c) }));
    expect(tableInput.StorageDescriptor.Columns).toEqual(fromFile);
    // By hand, the types the issue names:
    expect(fromFile).toEqual(
      expect.arrayContaining([
        { Name: 'unitprice', Type: 'decimal(18,3)' },
        { Name: 'totalamount', Type: 'decimal(18,3)' },
        { Name: 'invoicedate', Type: 'timestamp' },
        { Name: 'quantity', Type: 'bigint' },
      ]),
    );
  });

  it('finds day partitions by projection over the folders the worker handler writes: day=YYYY-MM-DD under clean/<table>/orders/, no crawler', () => {
    expect(part.key).toMatch(new RegExp(`^${ordersPrefix(lakePrefix(world.table))}day=2011-12-01/part-[^/]+\\.parquet$`));
    expect(tableInput.PartitionKeys).toEqual([{ Name: 'day', Type: 'date' }]);
    // The partition column lives in the path only, not in the file.
    expect(parquetMetadata(file).schema.map((c) => c.name)).not.toContain('day');
    expect(tableInput.Parameters).toEqual({
      classification: 'parquet',
      EXTERNAL: 'TRUE',
      'projection.enabled': 'true',
      'projection.day.type': 'date',
      'projection.day.format': 'yyyy-MM-dd',
      'projection.day.range': '2010-12-01,NOW',
      'projection.day.interval': '1',
      'projection.day.interval.unit': 'DAYS',
      'storage.location.template': { 'Fn::Join': ['', ['s3://', { Ref: expect.stringMatching(/^Lake/) }, '/clean/', { Ref: 'Orders' }, '/orders/day=${day}/']] },
    });
    expect(tableInput.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe('org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe');
    expect(template.findResources('AWS::Glue::Crawler')).toEqual({});
  });

  it('queries through a workgroup that writes results under athena-results/ and caps the bytes a query scans', () => {
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'TestPipeline-lake',
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 10 * 1024 ** 3,
        EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
        ResultConfiguration: { OutputLocation: { 'Fn::Join': ['', ['s3://', { Ref: Match.stringLikeRegexp('^Lake') }, '/athena-results/']] }, EncryptionConfiguration: { EncryptionOption: 'SSE_S3' } },
      },
    });
    const custom = synthTemplate({ athenaBytesScannedCutoff: 100 * 1024 ** 2, lakeFirstDay: '2011-01-01' }).template;
    custom.hasResourceProperties('AWS::Athena::WorkGroup', { WorkGroupConfiguration: { BytesScannedCutoffPerQuery: 100 * 1024 ** 2 } });
    custom.hasResourceProperties('AWS::Glue::Table', { TableInput: { Parameters: { 'projection.day.range': '2011-01-01,NOW' } } });
    expect(() => synthTemplate({ athenaBytesScannedCutoff: 1_000 })).toThrow("at least 10,000,000 (Athena's minimum), got 1000");
    expect(() => synthTemplate({ lakeFirstDay: '2011-13-45' })).toThrow('firstDay must be a day as YYYY-MM-DD');
  });

  it('answers the README\u2019s Athena query on those parts: revenue by country over Dec 1-9, the same sums hyparquet reads from the files', async () => {
    const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    const sql = /--query-string "([^"]+)"/.exec(readme)?.[1];
    expect(sql).toContain('FROM ecomlakepipeline_lake.orders');
    const dataset = `read_parquet('${local}/${ordersPrefix(lakePrefix(world.table))}**/*.parquet', hive_partitioning = true, hive_types = {'day': DATE})`;
    const duck = await DuckDBInstance.create(':memory:');
    const connection = await duck.connect();
    try {
      const rows = (await connection.runAndReadAll(`SELECT country, revenue::VARCHAR AS revenue, orders::INTEGER AS orders FROM (${String(sql).replace('ecomlakepipeline_lake.orders', dataset)})`)).getRowObjectsJson();
      // The same question answered without SQL: every row of every part in those days, money in thousandths.
      const byCountry = new Map<string, { milli: bigint; invoices: Set<string> }>();
      for (const [key, buffer] of files) {
        const day = /day=(\d{4}-\d{2}-\d{2})\//.exec(key)?.[1] ?? '';
        if (day < '2011-12-01' || day > '2011-12-09') continue;
        for (const row of (await parquetReadObjects({ file: buffer })) as { country: string; totalAmount: number; invoiceNo: string; nonProduct: boolean }[]) {
          if (row.nonProduct) continue;
          const entry = byCountry.get(row.country) ?? { milli: 0n, invoices: new Set<string>() };
          entry.milli += BigInt(Math.round(row.totalAmount * 1000));
          entry.invoices.add(row.invoiceNo);
          byCountry.set(row.country, entry);
        }
      }
      const expected = [...byCountry]
        .sort(([, a], [, b]) => (b.milli > a.milli ? 1 : b.milli < a.milli ? -1 : 0))
        .slice(0, 10)
        .map(([country, e]) => ({ country, revenue: `${e.milli / 1000n}.${String(e.milli % 1000n).padStart(3, '0')}`, orders: e.invoices.size }));
      expect(rows).toEqual(expected);
      expect(rows[0]).toMatchObject({ country: 'United Kingdom' });
    } finally {
      connection.closeSync();
      duck.closeSync();
    }
  });
});
