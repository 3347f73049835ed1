import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { aws_dynamodb as dynamodb, RemovalPolicy } from 'aws-cdk-lib';
import { createTableInput, orderTableSpec, type Billing } from '@ecomlake/dynamodb-repository';
import type { Construct } from 'constructs';

export interface OrderTableProps {
  /** The physical table name. Default: CloudFormation names it (several stacks per account then never clash). */
  readonly tableName?: string;
  /** Default on-demand (`PAY_PER_REQUEST`); provisioned capacity applies to the table and each index, as in `orderTableSpec`. */
  readonly billing?: Billing;
  /** Default RETAIN: deleting the stack keeps the loaded data. */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The order table, from the same `createTableInput(orderTableSpec(...))` the apps send to
 * DynamoDB, so keys, GSIs, projections and billing cannot drift from the code that reads them.
 */
export function orderTable(scope: Construct, id: string, props: OrderTableProps = {}): dynamodb.CfnTable {
  const input = createTableInput(orderTableSpec(props.tableName ?? 'orders', { ...(props.billing && { billing: props.billing }) }));
  const table = new dynamodb.CfnTable(scope, id, { ...cfnTableProps(input), ...(props.tableName === undefined && { tableName: undefined }) });
  table.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);
  return table;
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
