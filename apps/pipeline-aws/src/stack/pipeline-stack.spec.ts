import { Match } from 'aws-cdk-lib/assertions';
import validator from 'asl-validator';
import { PLACEHOLDER_BUCKET, stateMachineDefinition, synthTemplate } from '../test-fixtures/template';

const LAMBDA_RETRY = {
  ErrorEquals: ['Lambda.TooManyRequestsException', 'Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException'],
  IntervalSeconds: 2,
  MaxAttempts: 6,
  BackoffRate: 2,
  MaxDelaySeconds: 60,
  JitterStrategy: 'FULL',
};

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

function statementsOf(template: ReturnType<typeof synthTemplate>['template'], rolePrefix: string): Statement[] {
  return Object.entries(template.findResources('AWS::IAM::Policy'))
    .filter(([id]) => id.startsWith(rolePrefix))
    .flatMap(([, policy]) => (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement);
}

const actions = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);
/** A resource as text: `${Lake.Arn}/raw/*`, `${Orders.Arn}`. */
const resources = (s: Statement): string[] => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]).map(render);
function render(value: unknown): string {
  if (typeof value === 'string') return value;
  const r = value as Record<string, unknown>;
  if (r['Fn::GetAtt']) return `\${${(r['Fn::GetAtt'] as string[]).join('.')}}`;
  if (r.Ref) return `\${${String(r.Ref)}}`;
  if (r['Fn::Join']) return (r['Fn::Join'] as [string, unknown[]])[1].map(render).join('');
  return JSON.stringify(value);
}

describe('the pipeline stack', () => {
  const { template } = synthTemplate();
  const definition = stateMachineDefinition(template);
  const map = definition.States.Partitions;

  it('fans out with a DISTRIBUTED Map whose ItemReader lists the raw prefix (raw/ unless the execution input names one)', () => {
    expect(map.Type).toBe('Map');
    expect(map.ItemProcessor).toMatchObject({ ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' } });
    expect(map.ItemReader).toEqual({ Resource: 'arn:aws:states:::s3:listObjectsV2', Parameters: { Bucket: PLACEHOLDER_BUCKET, 'Prefix.$': '$.run.prefix' } });
    expect(definition.States.Defaults).toMatchObject({ Type: 'Pass', Result: { prefix: 'raw/' } });
    expect(definition.States.Settings).toMatchObject({ Parameters: { 'run.$': 'States.JsonMerge($.defaults, $$.Execution.Input, false)' } });
    expect(map.ItemBatcher).toBeUndefined();
  });

  it('tolerates no failed partition, writes the results to runs/<execution>/map, then reduces and reports', () => {
    expect(map.ToleratedFailurePercentage).toBe(0);
    expect(map.ResultWriter).toEqual({
      Resource: 'arn:aws:states:::s3:putObject',
      Parameters: { Bucket: PLACEHOLDER_BUCKET, 'Prefix.$': "States.Format('runs/{}/map', $$.Execution.Name)" },
    });
    expect(map.ResultPath).toBe('$.map');
    expect(map.Next).toBe('Reduce');
    expect(definition.States.Reduce).toMatchObject({
      Parameters: { 'execution.$': '$$.Execution.Name', 'prefix.$': '$.run.prefix', 'resultWriter.$': '$.map' },
      Next: 'Analytics',
    });
    expect(definition.States.Analytics).toMatchObject({ Parameters: { 'execution.$': '$$.Execution.Name' }, End: true });
  });

  it('retries only the Lambda service errors, with capped exponential backoff and jitter, on every task', () => {
    const worker = (map.ItemProcessor as { States: Record<string, { Retry: unknown }> }).States['Clean and load partition'];
    for (const task of [worker, definition.States.Reduce, definition.States.Analytics]) expect(task.Retry).toEqual([LAMBDA_RETRY]);
  });

  it('derives MaxConcurrency from the write capacity: on-demand 4,000 units/s / (1.001 WCU per item × 1,000 items/s) = 3', () => {
    expect(map.MaxConcurrency).toBe(3);
  });

  it('derives MaxConcurrency from provisioned WCU: 10,000 / (1.001 × 500) = 19.98 → 19, and batches when asked', () => {
    const provisioned = synthTemplate({ provisioned: { readCapacityUnits: 100, writeCapacityUnits: 10_000 }, concurrency: { itemsPerSecondPerWorker: 500 }, batching: { maxItemsPerBatch: 8 } });
    const d = stateMachineDefinition(provisioned.template);
    expect(d.States.Partitions.MaxConcurrency).toBe(19);
    expect(d.States.Partitions.ItemBatcher).toEqual({ MaxItemsPerBatch: 8 });
    provisioned.template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PROVISIONED',
      ProvisionedThroughput: { ReadCapacityUnits: 100, WriteCapacityUnits: 10_000 },
      GlobalSecondaryIndexes: Match.arrayWith([Match.objectLike({ IndexName: 'CountryIndex', ProvisionedThroughput: { ReadCapacityUnits: 100, WriteCapacityUnits: 10_000 } })]),
    });
  });

  it('renders a definition asl-validator accepts', () => {
    const result = validator(JSON.parse(JSON.stringify(definition)));
    expect(result.errorsText()).toBe('');
    expect(result.isValid).toBe(true);
  });

  it('creates the order table of orderTableSpec: keys, both GSIs with their projections, on-demand', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'InvoiceNo', KeyType: 'HASH' },
        { AttributeName: 'StockCode', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'CountryIndex',
          KeySchema: [{ AttributeName: 'Country', KeyType: 'HASH' }, { AttributeName: 'InvoiceDate', KeyType: 'RANGE' }],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['TotalAmount', 'CustomerID'] },
        },
        {
          IndexName: 'CustomerIndex',
          KeySchema: [{ AttributeName: 'CustomerID', KeyType: 'HASH' }, { AttributeName: 'InvoiceDate', KeyType: 'RANGE' }],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['TotalAmount', 'Country'] },
        },
      ],
    });
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
  });

  it('keeps the lake private, encrypted and reachable over TLS only', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('runs the three Lambdas on Node.js 22, the analytics one on x86_64 (sharp), the others on arm64', () => {
    const functions = Object.entries(template.findResources('AWS::Lambda::Function')) as [string, { Properties: { Runtime: string; Architectures: string[] } }][];
    const byName = Object.fromEntries(functions.map(([id, f]) => [id.replace(/[0-9A-F]{8}$/, ''), f.Properties]));
    expect(Object.keys(byName).sort()).toEqual(['Analytics', 'Reduce', 'Worker']);
    for (const f of Object.values(byName)) expect(f.Runtime).toBe('nodejs22.x');
    expect([byName.Worker.Architectures, byName.Reduce.Architectures, byName.Analytics.Architectures]).toEqual([['arm64'], ['arm64'], ['x86_64']]);
  });

  it('grants no wildcard action, and no data action beyond its bucket prefixes and the table', () => {
    const all = statementsOf(template, '');
    expect(all.length).toBeGreaterThan(10);
    for (const s of all) {
      for (const a of actions(s)) expect(a).not.toMatch(/(^\*$|:\*$)/);
      for (const r of resources(s)) expect(r).not.toBe('*');
    }
  });

  it('scopes each role to what it does', () => {
    const lake = '${Lake5F1B88EA.Arn}';
    const table = '${Orders.Arn}';
    const grants = (prefix: string): string[] =>
      statementsOf(template, prefix).flatMap((s) => actions(s).flatMap((a) => resources(s).map((r) => `${a} ${r}${s.Condition ? ` if ${JSON.stringify(s.Condition)}` : ''}`))).sort();
    expect(grants('WorkerServiceRole')).toEqual(
      [
        `s3:GetObject ${lake}/raw/*`,
        `s3:PutObject ${lake}/clean/*`,
        `s3:PutObject ${lake}/runs/partition-results/*`,
        `s3:AbortMultipartUpload ${lake}/clean/*`,
        `s3:AbortMultipartUpload ${lake}/runs/partition-results/*`,
        ...['BatchWriteItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'GetItem', 'Query'].map((a) => `dynamodb:${a} ${table}`),
      ].sort(),
    );
    expect(grants('ReduceServiceRole')).toEqual(
      [
        `s3:GetObject ${lake}/runs/*`,
        `s3:PutObject ${lake}/runs/*`,
        `s3:ListBucket ${lake} if {"StringLike":{"s3:prefix":["clean/*"]}}`,
        `s3:DeleteObject ${lake}/clean/*`,
        ...['Query', 'GetItem', 'BatchWriteItem', 'DeleteItem'].map((a) => `dynamodb:${a} ${table}`),
      ].sort(),
    );
    expect(grants('AnalyticsServiceRole')).toEqual(
      [
        `s3:GetObject ${lake}/runs/*`,
        `s3:PutObject ${lake}/runs/*`,
        ...['Query', 'Scan', 'GetItem', 'BatchGetItem', 'DescribeTable'].flatMap((a) => [`dynamodb:${a} ${table}`, `dynamodb:${a} ${table}/index/*`]),
      ].sort(),
    );
    const machine = grants('StateMachineRole');
    expect(machine.filter((g) => g.startsWith('s3:'))).toEqual(
      [
        `s3:ListBucket ${lake} if {"StringLike":{"s3:prefix":["raw/*"]}}`,
        ...['PutObject', 'GetObject', 'ListMultipartUploadParts', 'AbortMultipartUpload'].map((a) => `s3:${a} ${lake}/runs/*`),
      ].sort(),
    );
    expect(machine.filter((g) => g.startsWith('lambda:')).map((g) => g.split(' ')[1])).toEqual(
      ['${Analytics0CFCBF3B.Arn}', '${Analytics0CFCBF3B.Arn}:*', '${ReduceC0057B67.Arn}', '${ReduceC0057B67.Arn}:*', '${Worker11F36D0F.Arn}', '${Worker11F36D0F.Arn}:*'],
    );
    expect(machine.filter((g) => g.startsWith('states:'))).toEqual([
      'states:DescribeExecution arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:TestPipeline-partitions/*',
      'states:StartExecution arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:TestPipeline-partitions',
      'states:StopExecution arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:TestPipeline-partitions/*',
    ]);
    expect(machine).toHaveLength(4 + 1 + 6 + 3);
  });

  it('alarms on failed executions and on each Lambda\u2019s errors', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/States', MetricName: 'ExecutionsFailed', Threshold: 1 });
    expect(Object.values(template.findResources('AWS::CloudWatch::Alarm', { Properties: { Namespace: 'AWS/Lambda', MetricName: 'Errors' } }))).toHaveLength(3);
  });

  it('refuses a prefix that is not one folder', () => {
    expect(() => synthTemplate({ rawPrefix: 'raw' })).toThrow('rawPrefix must be one folder ending in "/" (e.g. "raw/"), got "raw"');
  });
});
