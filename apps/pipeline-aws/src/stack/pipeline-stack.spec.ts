import { Match } from 'aws-cdk-lib/assertions';
import validator from 'asl-validator';
import { PLACEHOLDER_BUCKET, stateMachineDefinition, synthTemplate } from '../test-fixtures/template';
import { ContextError, propsFromContext } from './context';

// Written out by hand: the order matters (the first matching retrier is used; permanent names first, never retried).
const TASK_RETRY = [
  {
    ErrorEquals: ['PermanentPartitionError', 'InvalidEventError', 'PartitionsFailedError', 'ReconciliationError', 'LeaseHeldError', 'LeaseLostError', 'PartitionOverlapError'],
    MaxAttempts: 0,
  },
  {
    ErrorEquals: ['Lambda.TooManyRequestsException', 'Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.ClientExecutionTimeoutException'],
    IntervalSeconds: 2,
    MaxAttempts: 4,
    BackoffRate: 2,
    MaxDelaySeconds: 16,
    JitterStrategy: 'FULL',
  },
  { ErrorEquals: ['Lambda.Unknown', 'Sandbox.Timedout', 'States.Timeout', 'States.TaskFailed'], IntervalSeconds: 2, MaxAttempts: 2, BackoffRate: 2, MaxDelaySeconds: 16, JitterStrategy: 'FULL' },
];

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
    expect(definition.States.Defaults).toMatchObject({ Type: 'Pass', Result: { prefix: 'raw/', waitSeconds: 0 } });
    expect(definition.States.Settings).toMatchObject({ Parameters: { 'run.$': 'States.JsonMerge($.defaults, $$.Execution.Input, false)' } });
    expect(map.ItemBatcher).toBeUndefined();
    // Each child: its object, the lease token and the table run the check step began.
    expect(map.ItemSelector).toEqual({ mode: 'load', 'lease.$': '$.lease.token', 'run.$': '$.check.tableRun', 'object.$': '$$.Map.Item.Value' });
  });

  it('takes the lease, plans, checks, loads, reduces, reports and releases, in that order; the first pass is its own Map over the same listing', () => {
    const order: string[] = [];
    for (let name: string | undefined = definition.StartAt; name; name = definition.States[name].Next as string | undefined) order.push(name);
    expect(order).toEqual(['Defaults', 'Settings', 'Begin run', 'Plan', 'Check partitions', 'Partitions', 'Reduce', 'Analytics', 'Release lease']);
    expect(definition.States['Release lease']).toMatchObject({ End: true, ResultPath: '$.released', Parameters: { step: 'release', 'execution.$': '$$.Execution.Name', 'executionArn.$': '$$.Execution.Id' } });
    expect(definition.States['Begin run']).toMatchObject({
      ResultPath: '$.lease',
      Parameters: { step: 'begin', 'execution.$': '$$.Execution.Name', 'executionArn.$': '$$.Execution.Id', 'waitSeconds.$': '$.run.waitSeconds' },
    });
    const plan = definition.States.Plan;
    expect(plan).toMatchObject({ Type: 'Map', Label: 'Plan', ResultPath: '$.plan', ToleratedFailurePercentage: 0, ItemReader: map.ItemReader });
    expect(plan.ItemSelector).toEqual({ mode: 'plan', 'lease.$': '$.lease.token', 'object.$': '$$.Map.Item.Value' });
    expect((plan.ResultWriter as { Parameters: unknown }).Parameters).toEqual({ Bucket: PLACEHOLDER_BUCKET, 'Prefix.$': "States.Format('runs/{}/plan', $$.Execution.Name)" });
    expect(definition.States['Check partitions']).toMatchObject({
      ResultPath: '$.check',
      Parameters: { step: 'check', 'execution.$': '$$.Execution.Name', 'lease.$': '$.lease.token', 'resultWriter.$': '$.plan' },
    });
  });

  it('catches any failure of every task after Settings into the release, then fails with the original error and cause', () => {
    const catchAll = [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Release after failure' }];
    for (const name of ['Begin run', 'Plan', 'Check partitions', 'Partitions', 'Reduce', 'Analytics']) expect([name, definition.States[name].Catch]).toEqual([name, catchAll]);
    expect(definition.States['Release after failure']).toMatchObject({
      Parameters: { step: 'release', 'execution.$': '$$.Execution.Name', 'executionArn.$': '$$.Execution.Id' },
      ResultPath: '$.released',
      Retry: TASK_RETRY,
      // A release that fails still fails the run with its own error; the lease then expires on its own.
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.releaseError', Next: 'Run failed' }],
      Next: 'Run failed',
    });
    expect(definition.States['Run failed']).toEqual({ Type: 'Fail', ErrorPath: '$.error.Error', CausePath: '$.error.Cause' });
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
      Parameters: { step: 'reduce', 'execution.$': '$$.Execution.Name', 'prefix.$': '$.run.prefix', 'lease.$': '$.lease.token', 'run.$': '$.check.tableRun', 'resultWriter.$': '$.map' },
      Next: 'Analytics',
    });
    expect(definition.States.Analytics).toMatchObject({ Parameters: { 'execution.$': '$$.Execution.Name' }, Next: 'Release lease' });
  });

  it('retries every task on transient failures (timeouts, crashes, our errors, Lambda service errors) but never on the permanent names', () => {
    const worker = (map.ItemProcessor as { States: Record<string, { Retry: unknown }> }).States['Clean and load partition'];
    const planner = (definition.States.Plan.ItemProcessor as { States: Record<string, { Retry: unknown }> }).States['Plan partition'];
    const steps = ['Begin run', 'Check partitions', 'Reduce', 'Analytics', 'Release lease', 'Release after failure'].map((name) => definition.States[name]);
    for (const task of [worker, planner, ...steps]) expect(task.Retry).toEqual(TASK_RETRY);
  });

  it('fits the worker and its retries in an Express child\u2019s 5 minutes: 80 s timeout, 3 runs + waits of 2+4+8+16 and 2+4 s = 276 s', () => {
    const fn = Object.entries(template.findResources('AWS::Lambda::Function')).find(([id]) => id.startsWith('Worker'))?.[1] as { Properties: { Timeout: number } };
    expect(fn.Properties.Timeout).toBe(80);
    expect(3 * 80 + (2 + 4 + 8 + 16) + (2 + 4)).toBeLessThanOrEqual(300);
    expect(() => synthTemplate({ workerTimeoutSeconds: 120 })).toThrow(
      "workerTimeoutSeconds 120 with its retries takes 396 s at worst, past an Express child's 300 s",
    );
    expect(() => synthTemplate({ workerTimeoutSeconds: 89 })).toThrow('use at most 88 s, or childExecutionType STANDARD');
    expect(() => synthTemplate({ workerTimeoutSeconds: 88 })).not.toThrow();
  });

  it('derives MaxConcurrency from the write capacity: on-demand 4,000 units/s / (1.001 WCU per item × 1,000 items/s) = 3', () => {
    expect(map.MaxConcurrency).toBe(3);
  });

  it('caps on-demand throughput on the table and each index when asked, and derives MaxConcurrency from the cap: 1,500 / (1.001 × 500) = 2.99 → 2', () => {
    const capped = synthTemplate({ onDemandCap: { maxWriteRequestUnits: 1_500, maxReadRequestUnits: 300 }, concurrency: { itemsPerSecondPerWorker: 500 }, batching: { maxItemsPerBatch: 8 } });
    const d = stateMachineDefinition(capped.template);
    expect(d.States.Partitions.MaxConcurrency).toBe(2);
    // A batch carries the mode, the lease and the table run once, in BatchInput.
    expect(d.States.Partitions.ItemBatcher).toEqual({ MaxItemsPerBatch: 8, BatchInput: { mode: 'load', 'lease.$': '$.lease.token', 'run.$': '$.check.tableRun' } });
    expect(d.States.Plan.ItemBatcher).toEqual({ MaxItemsPerBatch: 8, BatchInput: { mode: 'plan', 'lease.$': '$.lease.token' } });
    expect(d.States.Partitions.ItemSelector).toBeUndefined();
    const cap = { MaxWriteRequestUnits: 1_500, MaxReadRequestUnits: 300 };
    capped.template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      OnDemandThroughput: cap,
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'CustomerIndex', OnDemandThroughput: cap })],
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', { OnDemandThroughput: Match.absent(), ProvisionedThroughput: Match.absent() });
  });

  it('protects the table from deletion (and keeps it when the stack goes)', () => {
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ DeletionProtectionEnabled: true }) });
  });

  it('refuses the removed context values and other mistakes with a message naming them', () => {
    const from = (values: Record<string, string>) => () => propsFromContext((name) => values[name]);
    expect(from({ writeCapacityUnits: '2000' })).toThrow(ContextError);
    expect(from({ writeCapacityUnits: '2000' })).toThrow('-c writeCapacityUnits: provisioned capacity was removed: the table is on demand');
    expect(from({ toleratedFailurePercentage: '5' })).toThrow('-c toleratedFailurePercentage: a run tolerates no failed partition');
    expect(from({ maxWriteRequestUnits: 'lots' })).toThrow('-c maxWriteRequestUnits=lots: expected a whole number, at least 1');
    expect(from({ alarmEmail: 'ops' })).toThrow('-c alarmEmail=ops: expected an email address');
    expect(from({ lakeFirstDay: '1/12/2010' })).toThrow('-c lakeFirstDay=1/12/2010: expected a day as YYYY-MM-DD');
    expect(propsFromContext((name) => ({ maxWriteRequestUnits: '1000', runsExpireDays: '7', alarmEmail: 'ops@example.com', athenaScanLimitGiB: '2' })[name])).toEqual({
      onDemandCap: { maxWriteRequestUnits: 1000 },
      runsExpireDays: 7,
      alarmEmail: 'ops@example.com',
      athenaBytesScannedCutoff: 2 * 1024 ** 3,
    });
  });

  it('renders a definition asl-validator accepts, with and without an ItemBatcher', () => {
    const batched = stateMachineDefinition(synthTemplate({ batching: { maxItemsPerBatch: 8 } }).template);
    for (const d of [definition, batched]) {
      const result = validator(JSON.parse(JSON.stringify(d)));
      expect(result.errorsText()).toBe('');
      expect(result.isValid).toBe(true);
    }
  });

  it('creates the order table of orderTableSpec: keys, the default GSI (CustomerIndex, no CountryIndex) with its projection, on-demand', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'InvoiceNo', KeyType: 'HASH' },
        { AttributeName: 'StockCode', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'CustomerIndex',
          KeySchema: [{ AttributeName: 'CustomerID', KeyType: 'HASH' }, { AttributeName: 'InvoiceDate', KeyType: 'RANGE' }],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['TotalAmount', 'Country'] },
        },
      ],
    });
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
  });

  it('adds CountryIndex when asked (-c countryIndex=true), and its hottest key (the UK, 0.914 of its writes) holds the Map to one worker', () => {
    const withIndex = synthTemplate({ countryIndex: true });
    withIndex.template.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: [
        Match.objectLike({ IndexName: 'CustomerIndex' }),
        Match.objectLike({
          IndexName: 'CountryIndex',
          KeySchema: [{ AttributeName: 'Country', KeyType: 'HASH' }, { AttributeName: 'InvoiceDate', KeyType: 'RANGE' }],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['TotalAmount', 'CustomerID'] },
        }),
      ],
    });
    // 1,000 WCU/s per key / 0.914 = 1,094 units/s; / (1.0 WCU per item × 1,000 items/s) = 1.09 → 1.
    expect(stateMachineDefinition(withIndex.template).States.Partitions.MaxConcurrency).toBe(1);
    expect(propsFromContext((name) => ({ countryIndex: 'true' })[name])).toEqual({ countryIndex: true });
    expect(() => propsFromContext((name) => ({ countryIndex: 'yes' })[name])).toThrow('-c countryIndex=yes: expected true or false');
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

  it('versions the lake (raw/ is the source of truth), expires old versions, runs/ outputs and Athena results, each after its days', () => {
    const rules = (t: typeof template) => (Object.values(t.findResources('AWS::S3::Bucket'))[0] as { Properties: { VersioningConfiguration: unknown; LifecycleConfiguration: { Rules: unknown[] } } }).Properties;
    expect(rules(template).VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(rules(template).LifecycleConfiguration.Rules).toEqual([
      { Id: 'abort-incomplete-uploads', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 }, Status: 'Enabled' },
      { Id: 'expire-noncurrent-versions', NoncurrentVersionExpiration: { NoncurrentDays: 30 }, Status: 'Enabled' },
      { Id: 'remove-expired-delete-markers', ExpiredObjectDeleteMarker: true, Status: 'Enabled' },
      { Id: 'expire-runs', Prefix: 'runs/', ExpirationInDays: 30, Status: 'Enabled' },
      { Id: 'expire-athena-results', Prefix: 'athena-results/', ExpirationInDays: 7, Status: 'Enabled' },
    ]);
    const custom = rules(synthTemplate({ runsExpireDays: 90, noncurrentVersionDays: 10, athenaResultsExpireDays: 1 }).template).LifecycleConfiguration.Rules;
    expect(custom).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Id: 'expire-runs', ExpirationInDays: 90 }),
        expect.objectContaining({ Id: 'expire-noncurrent-versions', NoncurrentVersionExpiration: { NoncurrentDays: 10 } }),
        expect.objectContaining({ Id: 'expire-athena-results', ExpirationInDays: 1 }),
      ]),
    );
    expect(() => synthTemplate({ runsExpireDays: 0 })).toThrow('runsExpireDays must be a whole number of days, at least 1, got 0');
  });

  it('runs the three Lambdas on Node.js 22, the analytics one on x86_64 (sharp), the others on arm64', () => {
    const functions = Object.entries(template.findResources('AWS::Lambda::Function')) as [string, { Properties: { Runtime: string; Architectures: string[] } }][];
    const byName = Object.fromEntries(functions.map(([id, f]) => [id.replace(/[0-9A-F]{8}$/, ''), f.Properties]));
    expect(Object.keys(byName).sort()).toEqual(['Analytics', 'Reduce', 'Worker']);
    for (const f of Object.values(byName)) expect(f.Runtime).toBe('nodejs24.x');
    expect([byName.Worker.Architectures, byName.Reduce.Architectures, byName.Analytics.Architectures]).toEqual([['arm64'], ['arm64'], ['x86_64']]);
  });

  it('grants no wildcard action, and no resource "*" but for log deliveries (their APIs take no ARN)', () => {
    const all = statementsOf(template, '');
    expect(all.length).toBeGreaterThan(10);
    for (const s of all) {
      for (const a of actions(s)) expect(a).not.toMatch(/(^\*$|:\*$)/);
      if (resources(s).includes('*')) expect(actions(s).every((a) => /^logs:[A-Za-z]+(LogDelivery|LogDeliveries|ResourcePolicy|ResourcePolicies|LogGroups)$/.test(a))).toBe(true);
    }
  });

  // The committed list of each role's grants: a change nobody meant fails here. What the
  // handlers really call is checked against the same roles in iam-calls.spec.ts.
  it('grants each role exactly the committed list', () => {
    const lake = '${Lake5F1B88EA.Arn}';
    const table = '${Orders.Arn}';
    const states = (resource: string) => `arn:\${AWS::Partition}:states:\${AWS::Region}:\${AWS::AccountId}:${resource}`;
    const grants = (prefix: string): string[] =>
      statementsOf(template, prefix).flatMap((s) => actions(s).flatMap((a) => resources(s).map((r) => `${a} ${r}${s.Condition ? ` if ${JSON.stringify(s.Condition)}` : ''}`))).sort();
    expect(grants('WorkerServiceRole')).toEqual(
      [
        `s3:GetObject ${lake}/raw/*`,
        // The table's own lake, lakePrefix(table): clean/<table>/.
        `s3:PutObject ${lake}/clean/\${Orders}/*`,
        `s3:AbortMultipartUpload ${lake}/clean/\${Orders}/*`,
        `s3:PutObject ${lake}/runs/partition-results/*`,
        ...['BatchWriteItem', 'UpdateItem', 'DeleteItem', 'GetItem', 'Query', 'BatchGetItem'].map((a) => `dynamodb:${a} ${table}`),
      ].sort(),
    );
    expect(grants('ReduceServiceRole')).toEqual(
      [
        `s3:GetObject ${lake}/runs/*`,
        `s3:PutObject ${lake}/runs/*`,
        `s3:ListBucket ${lake} if {"StringLike":{"s3:prefix":[{"Fn::Join":["",["clean/",{"Ref":"Orders"},"/*"]]}]}}`,
        `s3:DeleteObject ${lake}/clean/\${Orders}/*`,
        // The lease (GetItem, UpdateItem) and the table run (the marker: GetItem, UpdateItem) besides the prune.
        ...['Query', 'BatchWriteItem', 'DeleteItem', 'GetItem', 'UpdateItem'].map((a) => `dynamodb:${a} ${table}`),
      ].sort(),
    );
    expect(grants('AnalyticsServiceRole')).toEqual(
      [
        `s3:GetObject ${lake}/runs/*`,
        `s3:PutObject ${lake}/runs/*`,
        `dynamodb:Query ${table}`,
        `dynamodb:GetItem ${table}`,
        `dynamodb:Query ${table}/index/CustomerIndex`,
      ].sort(),
    );
    expect(grants('StateMachineRole')).toEqual(
      [
        `s3:ListBucket ${lake} if {"StringLike":{"s3:prefix":["raw/*"]}}`,
        ...['PutObject', 'GetObject', 'ListMultipartUploadParts', 'AbortMultipartUpload'].map((a) => `s3:${a} ${lake}/runs/*`),
        ...['Analytics0CFCBF3B', 'ReduceC0057B67', 'Worker11F36D0F'].flatMap((fn) => [`lambda:InvokeFunction \${${fn}.Arn}`, `lambda:InvokeFunction \${${fn}.Arn}:*`]),
        `states:StartExecution ${states('stateMachine:TestPipeline-partitions')}`,
        ...['DescribeExecution', 'StopExecution'].flatMap((a) =>
          [
            'execution:TestPipeline-partitions:*',
            'execution:TestPipeline-partitions/Plan:*',
            'execution:TestPipeline-partitions/Partitions:*',
            'express:TestPipeline-partitions:*:*',
            'express:TestPipeline-partitions/Plan:*:*',
            'express:TestPipeline-partitions/Partitions:*:*',
          ].map((r) => `states:${a} ${states(r)}`),
        ),
        ...['Plan', 'Partitions'].map((label) => `states:RedriveExecution ${states(`execution:TestPipeline-partitions/${label}:*`)}`),
        ...['CreateLogDelivery', 'GetLogDelivery', 'UpdateLogDelivery', 'DeleteLogDelivery', 'ListLogDeliveries', 'PutResourcePolicy', 'DescribeResourcePolicies', 'DescribeLogGroups'].map(
          (a) => `logs:${a} *`,
        ),
      ].sort(),
    );
  });

  it('logs the parent and the Map\u2019s children at ERROR, without execution data, to a log group kept 3 months', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: { Level: 'ERROR', IncludeExecutionData: false, Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^StateMachineLogs'), 'Arn'] } } }] },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/vendedlogs/states/TestPipeline-partitions', RetentionInDays: 90 });
  });

  it('alarms on failed, timed-out and aborted executions, each Lambda\u2019s errors and throttles, and sustained table throttles, all to one SNS topic', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as { Properties: Record<string, unknown> }[];
    const names = alarms.map((a) => String(a.Properties.MetricName ?? 'expression')).sort();
    expect(names).toEqual(['Errors', 'Errors', 'Errors', 'ExecutionsAborted', 'ExecutionsFailed', 'ExecutionsTimedOut', 'Throttles', 'Throttles', 'Throttles', 'expression']);
    const topic = { Ref: Match.stringLikeRegexp('^AlarmTopic') };
    for (const a of alarms) expect(a.Properties).toMatchObject({ AlarmActions: [{ Ref: expect.stringMatching(/^AlarmTopic/) }], OKActions: [{ Ref: expect.stringMatching(/^AlarmTopic/) }] });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Throttles', Namespace: 'AWS/Lambda', AlarmActions: [topic] });
    // The table's throttles: one expression over every operation the roles grant, 3 periods of 5 minutes running.
    const throttles = alarms.find((a) => a.Properties.Metrics)?.Properties as { Metrics: { Id: string; Expression?: string; MetricStat?: { Metric: { Dimensions: { Name: string; Value: unknown }[] } } }[]; EvaluationPeriods: number; DatapointsToAlarm: number };
    const operations = throttles.Metrics.flatMap((m) => m.MetricStat?.Metric.Dimensions.filter((d) => d.Name === 'Operation').map((d) => d.Value) ?? []);
    expect(operations.sort()).toEqual(['BatchGetItem', 'BatchWriteItem', 'DeleteItem', 'GetItem', 'Query', 'UpdateItem']);
    expect(throttles.Metrics.find((m) => m.Expression)?.Expression).toBe('SUM([FILL(m0, 0), FILL(m1, 0), FILL(m2, 0), FILL(m3, 0), FILL(m4, 0), FILL(m5, 0)])');
    expect([throttles.EvaluationPeriods, throttles.DatapointsToAlarm]).toEqual([3, 3]);
    // No email given: the topic has no subscriber; with one, it is subscribed.
    expect(template.findResources('AWS::SNS::Subscription')).toEqual({});
    synthTemplate({ alarmEmail: 'ops@example.com' }).template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com', TopicArn: topic });
  });

  it('refuses a prefix that is not one folder', () => {
    expect(() => synthTemplate({ rawPrefix: 'raw' })).toThrow('rawPrefix must be one folder ending in "/" (e.g. "raw/"), got "raw"');
  });
});
