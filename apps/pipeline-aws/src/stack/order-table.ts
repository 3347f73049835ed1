import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { aws_dynamodb as dynamodb, RemovalPolicy } from 'aws-cdk-lib';
import { createTableInput, DEFAULT_INDEXES, orderTableSpec, WITH_COUNTRY_INDEX } from '@ecomlake/dynamodb-repository';
import type { Construct } from 'constructs';

/**
 * The most request units per second on-demand may serve, on the table and on each index
 * (DynamoDB `OnDemandThroughput`): a runaway loop or an oversized run throttles instead of
 * billing without bound. Default: no cap.
 */
export interface OnDemandCap {
  readonly maxWriteRequestUnits?: number;
  readonly maxReadRequestUnits?: number;
}

export interface OrderTableProps {
  /** The physical table name. Default: CloudFormation names it (several stacks per account then never clash). */
  readonly tableName?: string;
  /** Default: uncapped on-demand. */
  readonly onDemandCap?: OnDemandCap;
  /** Add CountryIndex (opt-in). Default false: the default table's indexes (`DEFAULT_INDEXES`, CustomerIndex). */
  readonly countryIndex?: boolean;
  /** Default RETAIN: deleting the stack keeps the loaded data. */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The order table, from the same `createTableInput(orderTableSpec(...))` the apps send to
 * DynamoDB, so keys, GSIs and projections cannot drift from the code that reads them. Always
 * on-demand: provisioned capacity bills every hour whether a run loads or not (the table and
 * each index hold the capacity), and a pipeline that runs now and then is idle most
 * of the time. Deletion protection is on: only someone who turns it off first can drop it.
 */
export function orderTable(scope: Construct, id: string, props: OrderTableProps = {}): dynamodb.CfnTable {
  const input = createTableInput(orderTableSpec(props.tableName ?? 'orders', { indexes: props.countryIndex ? WITH_COUNTRY_INDEX : DEFAULT_INDEXES }));
  const cap = onDemandThroughput(props.onDemandCap);
  const base = cfnTableProps(input);
  const table = new dynamodb.CfnTable(scope, id, {
    ...base,
    ...(props.tableName === undefined && { tableName: undefined }),
    deletionProtectionEnabled: true,
    ...(cap && {
      onDemandThroughput: cap,
      globalSecondaryIndexes: (base.globalSecondaryIndexes as dynamodb.CfnTable.GlobalSecondaryIndexProperty[] | undefined)?.map((gsi) => ({ ...gsi, onDemandThroughput: cap })),
    }),
  });
  table.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);
  return table;
}

function onDemandThroughput(cap: OnDemandCap | undefined): dynamodb.CfnTable.OnDemandThroughputProperty | undefined {
  if (!cap || (cap.maxWriteRequestUnits === undefined && cap.maxReadRequestUnits === undefined)) return undefined;
  for (const [name, value] of Object.entries(cap)) {
    if (value !== undefined && !(Number.isInteger(value) && value >= 1)) throw new RangeError(`orderTable: onDemandCap.${name} must be a whole number of request units per second, at least 1, got ${value}`);
  }
  return { ...(cap.maxWriteRequestUnits !== undefined && { maxWriteRequestUnits: cap.maxWriteRequestUnits }), ...(cap.maxReadRequestUnits !== undefined && { maxReadRequestUnits: cap.maxReadRequestUnits }) };
}

/** A `CreateTable` request as CloudFormation properties: the same fields, camel-cased. */
export function cfnTableProps(input: CreateTableCommandInput): dynamodb.CfnTableProps {
  const throughput = (t: CreateTableCommandInput['ProvisionedThroughput']): dynamodb.CfnTable.ProvisionedThroughputProperty | undefined =>
    t ? { readCapacityUnits: t.ReadCapacityUnits ?? 0, writeCapacityUnits: t.WriteCapacityUnits ?? 0 } : undefined;
  const keys = (schema: CreateTableCommandInput['KeySchema']): dynamodb.CfnTable.KeySchemaProperty[] =>
    (schema ?? []).map((k) => ({ attributeName: String(k.AttributeName), keyType: String(k.KeyType) }));
  return {
    tableName: input.TableName,
    billingMode: input.BillingMode,
    attributeDefinitions: (input.AttributeDefinitions ?? []).map((a) => ({ attributeName: String(a.AttributeName), attributeType: String(a.AttributeType) })),
    keySchema: keys(input.KeySchema),
    provisionedThroughput: throughput(input.ProvisionedThroughput),
    globalSecondaryIndexes: input.GlobalSecondaryIndexes?.map((gsi) => ({
      indexName: String(gsi.IndexName),
      keySchema: keys(gsi.KeySchema),
      projection: { projectionType: gsi.Projection?.ProjectionType, nonKeyAttributes: gsi.Projection?.NonKeyAttributes },
      provisionedThroughput: throughput(gsi.ProvisionedThroughput),
    })),
    // Cheap insurance for a table a pipeline rewrites: restore to any second of the last 35 days.
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  };
}
