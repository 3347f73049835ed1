import { Duration, aws_cloudwatch as cloudwatch, aws_cloudwatch_actions as actions, aws_sns as sns, aws_sns_subscriptions as subscriptions, type aws_dynamodb as dynamodb, type aws_lambda as lambda, type aws_stepfunctions as sfn } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

export interface PipelineAlarmsProps {
  readonly stateMachine: sfn.StateMachine;
  /** The functions by name (`Worker`, `Reduce`, `Analytics`): alarm ids and descriptions use it. */
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  readonly table: dynamodb.CfnTable;
  /** The DynamoDB operations the pipeline sends (the roles' grants): throttles are counted on each. */
  readonly tableOperations: readonly string[];
  /** Who is told, by email (they confirm the subscription once). Default: nobody, the topic has no subscriber. */
  readonly email?: string;
}

/** The topic every alarm notifies, and the alarms. */
export interface PipelineAlarms {
  readonly topic: sns.Topic;
  readonly alarms: readonly cloudwatch.Alarm[];
}

const PERIOD = Duration.minutes(5);

/**
 * One alarm per way a run goes wrong, each notifying one SNS topic (when it fires and when it
 * clears): executions failed, timed out or aborted; each Lambda's errors and throttles; the
 * table's throttled requests. Missing data is not breaching: no run, no alarm.
 */
export function pipelineAlarms(scope: Construct, props: PipelineAlarmsProps): PipelineAlarms {
  const topic = new sns.Topic(scope, 'AlarmTopic', { displayName: 'ecomlake pipeline alarms', enforceSSL: true });
  if (props.email !== undefined) {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(props.email)) throw new RangeError(`pipelineAlarms: alarmEmail must be an email address, got "${props.email}"`);
    topic.addSubscription(new subscriptions.EmailSubscription(props.email));
  }
  const alarms: cloudwatch.Alarm[] = [];
  const alarm = (id: string, metric: cloudwatch.IMetric, description: string, periods = 1): void => {
    const created = new cloudwatch.Alarm(scope, id, {
      metric,
      threshold: 1,
      evaluationPeriods: periods,
      datapointsToAlarm: periods,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    created.addAlarmAction(new actions.SnsAction(topic));
    created.addOkAction(new actions.SnsAction(topic));
    alarms.push(created);
  };

  const machine = props.stateMachine;
  const sum = { period: PERIOD, statistic: 'Sum' };
  // ToleratedFailurePercentage is 0: a failed partition fails the execution, so these cover partitions too.
  alarm('ExecutionsFailed', machine.metricFailed(sum), 'A pipeline execution failed: a partition failed after its retries, or the run did not reconcile. See the state machine log group.');
  alarm('ExecutionsTimedOut', machine.metricTimedOut(sum), 'A pipeline execution timed out.');
  alarm('ExecutionsAborted', machine.metricAborted(sum), 'A pipeline execution was stopped (aborted) before it finished: its run was not reduced.');
  for (const [name, fn] of Object.entries(props.functions)) {
    alarm(`${name}Errors`, fn.metricErrors(sum), `The ${name.toLowerCase()} Lambda failed (retried invocations included).`);
    alarm(`${name}Throttles`, fn.metricThrottles(sum), `The ${name.toLowerCase()} Lambda was throttled: account concurrency is short, or MaxConcurrency too high.`);
  }
  // ThrottledRequests is reported per operation: one expression sums those the pipeline sends.
  // The loader finds the table's pace by backing off when throttled (AIMD), so a throttle now
  // and then is normal: the alarm wants throttles in three 5-minute periods running.
  const tableName = props.table.ref;
  const usingMetrics = Object.fromEntries(
    props.tableOperations.map((operation, i) => [
      `m${i}`,
      new cloudwatch.Metric({ namespace: 'AWS/DynamoDB', metricName: 'ThrottledRequests', dimensionsMap: { TableName: tableName, Operation: operation }, ...sum }),
    ]),
  );
  alarm(
    'TableThrottledRequests',
    new cloudwatch.MathExpression({ expression: `SUM([${Object.keys(usingMetrics).map((m) => `FILL(${m}, 0)`).join(', ')}])`, usingMetrics, period: PERIOD, label: 'ThrottledRequests' }),
    'Requests to the order table were throttled for 15 minutes running (the on-demand cap, or a hot key): loads crawl, workers may time out.',
    3,
  );
  return { topic, alarms };
}
