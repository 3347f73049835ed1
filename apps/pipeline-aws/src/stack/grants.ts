import { ArnFormat, Stack, aws_iam as iam, type aws_dynamodb as dynamodb, type aws_lambda as lambda, type aws_s3 as s3 } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/**
 * Exactly what each handler calls, read from its code paths into the libraries and checked by
 * recording a real run's requests (iam-calls.spec.ts): an action nobody calls is not granted,
 * and a new call fails that test until it is granted here.
 */
export interface LakePrefixes {
  readonly raw: string;
  /** The table's lake, `lakePrefix(table)`: `clean/<table>/`. */
  readonly lake: string;
  readonly runs: string;
}

/** DynamoDB actions per Lambda, on the table only: no handler reads an index but the analytics (CustomerIndex). */
export const TABLE_ACTIONS = {
  // Partition replace: head and key pages (GetItem, Query), catalog and months (UpdateItem),
  // items and records (BatchWriteItem), stale items of a changed partition (DeleteItem); the
  // lease joined (GetItem) and heartbeated (UpdateItem); the identity check before the read
  // (head and summary in one BatchGetItem: an unchanged partition is answered from the table).
  Worker: ['dynamodb:BatchWriteItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
  // Prune: partition heads and key pages (Query), items and records (BatchWriteItem, DeleteItem);
  // the lease taken, joined, heartbeated and released (GetItem, UpdateItem); the table run begun
  // (the marker: GetItem, UpdateItem; a check: Query; invalidated heads: UpdateItem) and committed (UpdateItem).
  Reduce: ['dynamodb:Query', 'dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem'],
  // Report: aggregates and catalog by key (GetItem, Query), a customer's orders (Query on CustomerIndex).
  Analytics: ['dynamodb:Query', 'dynamodb:GetItem'],
} as const;

/** Every DynamoDB operation the pipeline sends (throttle alarms count each). */
export function tableOperations(): string[] {
  return [...new Set(Object.values(TABLE_ACTIONS).flat())].map((a) => a.replace('dynamodb:', '')).sort();
}

export interface LambdaGrantsProps {
  readonly bucket: s3.IBucket;
  readonly table: dynamodb.CfnTable;
  readonly prefixes: LakePrefixes;
  readonly worker: lambda.IFunction;
  readonly reduce: lambda.IFunction;
  readonly analytics: lambda.IFunction;
}

const objects = (bucket: s3.IBucket, prefix: string): string => bucket.arnForObjects(`${prefix}*`);

/** `s3:ListBucket` limited to keys under one prefix. */
export function listUnder(bucket: s3.IBucket, prefix: string): iam.PolicyStatement {
  return new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn], conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } } });
}

/** The three Lambdas' policies. */
export function grantLambdas(props: LambdaGrantsProps): void {
  const { bucket, table, prefixes, worker, reduce, analytics } = props;
  const grant = (fn: lambda.IFunction, statements: iam.PolicyStatement[]): void => statements.forEach((s) => fn.addToRolePolicy(s));
  const tableArn = table.attrArn;

  // Worker: read its raw object (GET pinned to the ETag), write its lake parts (lib-storage
  // Upload: PUT, or multipart past 5 MiB, aborted on failure) and oversized results (one PUT).
  grant(worker, [
    new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [objects(bucket, prefixes.raw)] }),
    new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:AbortMultipartUpload'], resources: [objects(bucket, prefixes.lake)] }),
    new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [objects(bucket, `${prefixes.runs}partition-results/`)] }),
    new iam.PolicyStatement({ actions: [...TABLE_ACTIONS.Worker], resources: [tableArn] }),
  ]);
  // Reduce: read the map's results (and spilled ones), write the run's reports, prune the lake
  // (list, DeleteObjects) and the table of partitions no longer in the input.
  grant(reduce, [
    new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [objects(bucket, prefixes.runs)] }),
    listUnder(bucket, prefixes.lake),
    new iam.PolicyStatement({ actions: ['s3:DeleteObject'], resources: [objects(bucket, prefixes.lake)] }),
    new iam.PolicyStatement({ actions: [...TABLE_ACTIONS.Reduce], resources: [tableArn] }),
  ]);
  // Analytics: read the quality report, write the charts and report; read the table by key and CustomerIndex.
  grant(analytics, [
    new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [objects(bucket, prefixes.runs)] }),
    new iam.PolicyStatement({ actions: [...TABLE_ACTIONS.Analytics], resources: [tableArn] }),
    new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${tableArn}/index/CustomerIndex`] }),
  ]);
}

export interface StateMachineRoleProps {
  readonly bucket: s3.IBucket;
  readonly prefixes: LakePrefixes;
  readonly functions: readonly lambda.IFunction[];
  readonly stateMachineName: string;
  /** The Distributed Maps' labels: their child executions' and Map Runs' names start with them. */
  readonly mapRunLabels: readonly string[];
}

/**
 * The state machine's role, whole: the constructs' own grants (the whole bucket for the
 * ResultWriter, ListBucket without a prefix) are broader than it needs, so the role is handed
 * to the state machine with `withoutPolicyUpdates()`, and what the constructs would add is
 * written here instead (Distributed Map, logging).
 */
export function stateMachineRole(scope: Construct, props: StateMachineRoleProps): iam.Role {
  const { bucket, prefixes, stateMachineName: name, mapRunLabels: labels } = props;
  const stack = Stack.of(scope);
  const arn = (resource: string, resourceName: string): string => stack.formatArn({ service: 'states', resource, resourceName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  const role = new iam.Role(scope, 'StateMachineRole', { assumedBy: new iam.ServicePrincipal('states.amazonaws.com') });
  // ItemReader: list the raw prefix; ResultWriter: write the results under runs/.
  role.addToPolicy(listUnder(bucket, prefixes.raw));
  role.addToPolicy(
    new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'], resources: [objects(bucket, prefixes.runs)] }),
  );
  role.addToPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: props.functions.flatMap((fn) => [fn.functionArn, `${fn.functionArn}:*`]) }));
  // A Distributed Map starts its children as executions of this state machine, then describes
  // and (when the run fails) stops them. Their ARNs: `execution:<machine>:<name>` for the
  // machine's own executions, `execution:<machine>/<label>:<id>` for STANDARD children, and
  // `express:<machine>[/<label>]:<name>:<id>` for EXPRESS ones (Step Functions IAM docs,
  // "IAM policies for using Distributed Map states").
  role.addToPolicy(new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [arn('stateMachine', name)] }));
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: ['states:DescribeExecution', 'states:StopExecution'],
      resources: [
        arn('execution', `${name}:*`),
        ...labels.map((label) => arn('execution', `${name}/${label}:*`)),
        arn('express', `${name}:*:*`),
        ...labels.map((label) => arn('express', `${name}/${label}:*:*`)),
      ],
    }),
  );
  // Redriving the parent redrives its failed Map Run, whose children it restarts.
  role.addToPolicy(new iam.PolicyStatement({ actions: ['states:RedriveExecution'], resources: labels.map((label) => arn('execution', `${name}/${label}:*`)) }));
  // Logging to CloudWatch Logs goes through log deliveries, whose APIs take no resource ARN (Step Functions docs, "IAM policies for logging").
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: [
        'logs:CreateLogDelivery',
        'logs:GetLogDelivery',
        'logs:UpdateLogDelivery',
        'logs:DeleteLogDelivery',
        'logs:ListLogDeliveries',
        'logs:PutResourcePolicy',
        'logs:DescribeResourcePolicies',
        'logs:DescribeLogGroups',
      ],
      resources: ['*'],
    }),
  );
  return role;
}
