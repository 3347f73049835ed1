import { Stack, aws_athena as athena, aws_glue as glue, type aws_s3 as s3 } from 'aws-cdk-lib';
import { ORDER_COLUMNS } from '@ecomlake/partition-unit';
import type { ParquetColumnType } from '@ecomlake/s3-extract';
import type { Construct } from 'constructs';

/**
 * The orders dataset's folder under the table's lake prefix (`lakePrefix(table)`, `clean/<table>/`):
 * the one place the stack names it (the partition unit writes `<lake>/orders/day=YYYY-MM-DD/part-….parquet`, run-partition.ts).
 */
export function ordersPrefix(lakePrefix: string): string {
  return `${lakePrefix}orders/`;
}

/** Athena's (Hive DDL) type for each Parquet column type the lake writer declares (parquet-format.ts). */
export function athenaType(type: ParquetColumnType): string {
  if (typeof type === 'object') return `decimal(${type.precision},${type.scale})`;
  const types: Record<Exclude<ParquetColumnType, object>, string> = {
    STRING: 'string',
    BOOLEAN: 'boolean',
    INT32: 'int',
    INT64: 'bigint',
    DOUBLE: 'double',
    // Both are INT64 milliseconds; Athena reads a local (not UTC-adjusted) timestamp as written.
    TIMESTAMP: 'timestamp',
    LOCAL_TIMESTAMP: 'timestamp',
    DATE: 'date',
  };
  return types[type];
}

export interface LakeTableProps {
  readonly bucket: s3.IBucket;
  /** The table's lake prefix, `lakePrefix(table)`: `clean/<table>/`. */
  readonly lakePrefix: string;
  /** Where Athena writes query results, e.g. `athena-results/` (expired by the bucket's lifecycle). */
  readonly resultsPrefix: string;
  /** The first day partition projection offers (`YYYY-MM-DD`); the last is today (`NOW`). */
  readonly firstDay: string;
  /** Most bytes one query may scan before Athena cancels it (at least 10 MB). */
  readonly bytesScannedCutoffPerQuery: number;
}

export interface LakeTable {
  readonly database: glue.CfnDatabase;
  readonly table: glue.CfnTable;
  readonly workGroup: athena.CfnWorkGroup;
  readonly databaseName: string;
  readonly tableName: string;
}

/**
 * The clean orders as a table Athena can query: a Glue database and table over
 * `clean/<table>/orders/`, its `day` partitions found by partition projection (a date from `firstDay`
 * to NOW, `day=YYYY-MM-DD` folders), so there is no crawler to run and no MSCK REPAIR after a
 * load: a new day is queryable as soon as its part is written. Columns come from the partition
 * unit's own column list, so the table cannot drift from what the worker writes.
 */
export function lakeTable(scope: Construct, props: LakeTableProps): LakeTable {
  const { bucket, firstDay } = props;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(firstDay) || Number.isNaN(Date.parse(`${firstDay}T00:00:00Z`))) {
    throw new RangeError(`lakeTable: firstDay must be a day as YYYY-MM-DD (the first day partition projection offers), got "${firstDay}"`);
  }
  if (!(Number.isInteger(props.bytesScannedCutoffPerQuery) && props.bytesScannedCutoffPerQuery >= 10_000_000)) {
    throw new RangeError(`lakeTable: bytesScannedCutoffPerQuery must be a whole number of bytes, at least 10,000,000 (Athena's minimum), got ${props.bytesScannedCutoffPerQuery}`);
  }
  const stack = Stack.of(scope);
  // Glue lower-cases names and allows no "-": the stack name, made fit.
  const databaseName = `${stack.stackName.toLowerCase().replace(/[^a-z0-9_]/g, '_')}_lake`;
  const tableName = 'orders';
  const location = `s3://${bucket.bucketName}/${ordersPrefix(props.lakePrefix)}`;

  const database = new glue.CfnDatabase(scope, 'LakeDatabase', {
    catalogId: stack.account,
    databaseInput: { name: databaseName, description: 'ecomlake: the clean lake (Parquet, Hive-partitioned by day)' },
  });
  const table = new glue.CfnTable(scope, 'OrdersTable', {
    catalogId: stack.account,
    databaseName,
    tableInput: {
      name: tableName,
      description: 'Clean order lines, one Parquet part per raw object and day (partition-unit ORDER_COLUMNS)',
      tableType: 'EXTERNAL_TABLE',
      parameters: {
        classification: 'parquet',
        EXTERNAL: 'TRUE',
        'projection.enabled': 'true',
        'projection.day.type': 'date',
        'projection.day.format': 'yyyy-MM-dd',
        'projection.day.range': `${firstDay},NOW`,
        'projection.day.interval': '1',
        'projection.day.interval.unit': 'DAYS',
        'storage.location.template': `${location}day=\${day}/`,
      },
      partitionKeys: [{ name: 'day', type: 'date' }],
      storageDescriptor: {
        location,
        // Athena and Glue keep column names in lower case; Parquet columns are matched by name, case aside.
        columns: ORDER_COLUMNS.map((c) => ({ name: c.name.toLowerCase(), type: athenaType(c.type) })),
        inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
        outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
        serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe', parameters: { 'serialization.format': '1' } },
      },
    },
  });
  table.addResourceDependency(database);

  const workGroup = new athena.CfnWorkGroup(scope, 'LakeWorkGroup', {
    name: `${stack.stackName}-lake`,
    description: 'Queries over the ecomlake lake: results under athena-results/, scans capped per query',
    // Deleting the stack must not delete saved queries and history with the workgroup.
    recursiveDeleteOption: false,
    workGroupConfiguration: {
      // Users cannot point results elsewhere or lift the cap from their client.
      enforceWorkGroupConfiguration: true,
      publishCloudWatchMetricsEnabled: true,
      bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery,
      // Engine 3 (Trino) reads Parquet decimals stored as INT64, as the lake writes money.
      engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
      resultConfiguration: {
        outputLocation: `s3://${bucket.bucketName}/${props.resultsPrefix}`,
        encryptionConfiguration: { encryptionOption: 'SSE_S3' },
      },
    },
  });
  return { database, table, workGroup, databaseName, tableName };
}
