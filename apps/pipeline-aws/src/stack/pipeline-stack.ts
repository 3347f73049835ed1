import {
  ArnFormat,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  aws_cloudwatch as cloudwatch,
  aws_iam as iam,
  aws_s3 as s3,
  aws_stepfunctions as sfn,
  type StackProps,
} from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import type { Construct } from 'constructs';
import { pipelineFunction } from './functions';
import { mapConcurrency, type MapConcurrencyOptions } from './map-concurrency';
import { orderTable } from './order-table';
import { partitionsStateMachine, type BatchingProps } from './state-machine';

export interface PipelineStackProps extends StackProps {
  /** The lake bucket's name. Default: CloudFormation names it. */
  readonly bucketName?: string;
  /** The order table's name. Default: CloudFormation names it. */
  readonly tableName?: string;
  /** Provisioned capacity for the table and each index. Default: on-demand. */
  readonly provisioned?: { readonly readCapacityUnits: number; readonly writeCapacityUnits: number };
  /** Default `raw/`: the raw objects, one partition each; executions list it unless their input names a `prefix` under it. */
  readonly rawPrefix?: string;
  /** Default `clean/`: the cleaned, Hive-partitioned lake. */
  readonly cleanPrefix?: string;
  /** Default `runs/`: each execution's map results, reports and charts under `runs/<execution name>/`. */
  readonly runsPrefix?: string;
  /** How MaxConcurrency is derived from the table's write capacity (see `mapConcurrency`). Default: its defaults. */
  readonly concurrency?: Omit<MapConcurrencyOptions, 'writeCapacityUnits'>;
  /** Overrides the derived MaxConcurrency. Default: derived. */
  readonly maxConcurrency?: number;
  /** Default 0: any failed partition fails the run. */
  readonly toleratedFailurePercentage?: number;
  /** Default: none, one object per worker invocation. Batch when objects are small (many shops, tiny files). */
  readonly batching?: BatchingProps;
  /** Default EXPRESS (see `PartitionsStateMachineProps.childExecutionType`). */
  readonly childExecutionType?: sfn.StateMachineType;
  /** Worker memory in MiB. Default 1,769 (one full vCPU: cleaning is CPU-bound). */
  readonly workerMemoryMiB?: number;
  /** Default RETAIN for the bucket and the table: deleting the stack keeps the data. */
  readonly removalPolicy?: RemovalPolicy;
}

/** What tests and other stacks reach: the pieces of the pipeline. */
export interface PipelineStackParts {
  readonly bucket: s3.Bucket;
  readonly stateMachine: sfn.StateMachine;
  readonly maxConcurrency: number;
}

/**
 * The lake bucket, the order table, the worker / reduce / analytics Lambdas and the Step
 * Functions state machine that fans the partition unit out with a Distributed Map.
 */
export class PipelineStack extends Stack implements PipelineStackParts {
  readonly bucket: s3.Bucket;
  readonly stateMachine: sfn.StateMachine;
  readonly maxConcurrency: number;

  constructor(scope: Construct, id: string, props: PipelineStackProps = {}) {
    super(scope, id, props);
    // The Distributed Map renders `resultWriterV2` only with this flag (new apps get it from `cdk init`).
    this.node.setContext(cxapi.STEPFUNCTIONS_USE_DISTRIBUTED_MAP_RESULT_WRITER_V2, true);
    const { rawPrefix = 'raw/', cleanPrefix = 'clean/', runsPrefix = 'runs/', removalPolicy = RemovalPolicy.RETAIN } = props;
    for (const [name, prefix] of [['rawPrefix', rawPrefix], ['cleanPrefix', cleanPrefix], ['runsPrefix', runsPrefix]] as const) {
      if (!/^[^/*]+\/$/.test(prefix)) throw new RangeError(`PipelineStack: ${name} must be one folder ending in "/" (e.g. "raw/"), got "${prefix}"`);
    }

    this.bucket = new s3.Bucket(this, 'Lake', {
      ...(props.bucketName && { bucketName: props.bucketName }),
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // SSE-S3: encrypted at rest with no KMS key policy to grant and no per-request KMS charge.
      encryption: s3.BucketEncryption.S3_MANAGED,
      removalPolicy,
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(7) }],
    });
    const bucket = this.bucket;
    const table = orderTable(this, 'Orders', {
      ...(props.tableName && { tableName: props.tableName }),
      ...(props.provisioned && { billing: { mode: 'PROVISIONED', ...props.provisioned } }),
      removalPolicy,
    });

    const environment = { BUCKET: bucket.bucketName, TABLE_NAME: table.ref, RAW_PREFIX: rawPrefix, CLEAN_PREFIX: cleanPrefix, RUNS_PREFIX: runsPrefix };
    const worker = pipelineFunction(this, 'Worker', { entry: 'worker.ts', memorySize: props.workerMemoryMiB ?? 1_769, timeout: Duration.minutes(4), environment });
    const reduce = pipelineFunction(this, 'Reduce', { entry: 'reduce.ts', memorySize: 2_048, timeout: Duration.minutes(15), environment });
    const analytics = pipelineFunction(this, 'Analytics', { entry: 'analytics.ts', memorySize: 2_048, timeout: Duration.minutes(15), environment, withSharp: true });

    const objects = (prefix: string): string => bucket.arnForObjects(`${prefix}*`);
    const listUnder = (prefix: string): iam.PolicyStatement =>
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn], conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } } });
    const tableArn = table.attrArn;
    const indexArns = `${table.attrArn}/index/*`;
    const grant = (fn: { addToRolePolicy(s: iam.PolicyStatement): void }, statements: iam.PolicyStatement[]): void => statements.forEach((s) => fn.addToRolePolicy(s));

    // Worker: read its raw object, write its clean parts (and an oversized result), load its partition.
    grant(worker, [
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [objects(rawPrefix)] }),
      new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:AbortMultipartUpload'], resources: [objects(cleanPrefix), objects(`${runsPrefix}partition-results/`)] }),
      new iam.PolicyStatement({
        actions: ['dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:Query'],
        resources: [tableArn],
      }),
    ]);
    // Reduce: read the map's results, write the run's reports, prune the lake and the table of partitions no longer in the input.
    grant(reduce, [
      new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [objects(runsPrefix)] }),
      listUnder(cleanPrefix),
      new iam.PolicyStatement({ actions: ['s3:DeleteObject'], resources: [objects(cleanPrefix)] }),
      new iam.PolicyStatement({ actions: ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:BatchWriteItem', 'dynamodb:DeleteItem'], resources: [tableArn] }),
    ]);
    // Analytics: query the table and its indexes (the scan is the independent check), write the charts and report.
    grant(analytics, [
      new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [objects(runsPrefix)] }),
      new iam.PolicyStatement({ actions: ['dynamodb:Query', 'dynamodb:Scan', 'dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:DescribeTable'], resources: [tableArn, indexArns] }),
    ]);

    const derived = mapConcurrency({ ...props.concurrency, ...(props.provisioned && { writeCapacityUnits: props.provisioned.writeCapacityUnits }) });
    this.maxConcurrency = props.maxConcurrency ?? derived.maxConcurrency;

    // The state machine's role is written out here, whole: the constructs' own grants (the
    // whole bucket for the ResultWriter, ListBucket without a prefix) are broader than it needs.
    const stateMachineName = `${this.stackName}-partitions`;
    const role = new iam.Role(this, 'StateMachineRole', { assumedBy: new iam.ServicePrincipal('states.amazonaws.com') });
    const machineArn = this.formatArn({ service: 'states', resource: 'stateMachine', resourceName: stateMachineName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    role.addToPolicy(listUnder(rawPrefix));
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'],
        resources: [objects(runsPrefix)],
      }),
    );
    role.addToPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [worker, reduce, analytics].flatMap((fn) => [fn.functionArn, `${fn.functionArn}:*`]) }));
    // A Distributed Map starts its child workflows as executions of this state machine.
    role.addToPolicy(new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [machineArn] }));
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['states:DescribeExecution', 'states:StopExecution'],
        resources: [this.formatArn({ service: 'states', resource: 'execution', resourceName: `${stateMachineName}/*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      }),
    );
    this.stateMachine = partitionsStateMachine(this, 'Pipeline', {
      bucket,
      worker,
      reduce,
      analytics,
      rawPrefix,
      runsPrefix,
      maxConcurrency: this.maxConcurrency,
      ...(props.toleratedFailurePercentage !== undefined && { toleratedFailurePercentage: props.toleratedFailurePercentage }),
      ...(props.batching && { batching: props.batching }),
      ...(props.childExecutionType && { childExecutionType: props.childExecutionType }),
      role: role.withoutPolicyUpdates(),
      stateMachineName,
    });

    // ToleratedFailurePercentage 0 turns any failed item into a failed execution, so this alarm covers failed partitions.
    new cloudwatch.Alarm(this, 'ExecutionsFailed', {
      metric: this.stateMachine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: 'A pipeline execution failed: a partition failed after its retries, or the run did not reconcile.',
    });
    for (const [name, fn] of [['Worker', worker], ['Reduce', reduce], ['Analytics', analytics]] as const) {
      new cloudwatch.Alarm(this, `${name}Errors`, {
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `The ${name.toLowerCase()} Lambda threw (retried invocations included).`,
      });
    }

    new CfnOutput(this, 'BucketName', { value: bucket.bucketName });
    new CfnOutput(this, 'TableName', { value: table.ref });
    new CfnOutput(this, 'StateMachineArn', { value: this.stateMachine.stateMachineArn });
    new CfnOutput(this, 'MaxConcurrency', { value: String(this.maxConcurrency), description: derived.explanation });
  }
}
