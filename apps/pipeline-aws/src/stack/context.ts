import { EcomlakeError } from '@ecomlake/util';
import type { PipelineStackProps } from './pipeline-stack';

/** A `-c name=value` the stack cannot take: the message names it and says what to do. */
export class ContextError extends EcomlakeError<'pipeline-aws.context'> {
  override readonly name = 'ContextError';
  constructor(message: string, options?: ErrorOptions) {
    super('pipeline-aws.context', message, options);
  }
}

/** Context values that no longer exist, and what replaced them. */
const REMOVED: Readonly<Record<string, string>> = {
  writeCapacityUnits:
    'provisioned capacity was removed: the table is on demand (idle costs nothing). Cap its speed and cost with -c maxWriteRequestUnits=N (and maxReadRequestUnits); see README "What it costs"',
  readCapacityUnits: 'provisioned capacity was removed: the table is on demand. Cap reads with -c maxReadRequestUnits=N',
  toleratedFailurePercentage: 'a run tolerates no failed partition (the reduce refuses one, and pruning with a partition missing would delete its items)',
};

/**
 * The stack's props from CDK context values (`-c name=value`), each checked: a mistake is a
 * `ContextError` naming the value, never a stack trace from deep in a construct.
 */
export function propsFromContext(context: (name: string) => unknown): PipelineStackProps {
  const text = (name: string): string | undefined => {
    const value = context(name);
    return value === undefined || value === null || value === '' ? undefined : String(value);
  };
  const whole = (name: string, min = 1): number | undefined => {
    const value = text(name);
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!(Number.isInteger(parsed) && parsed >= min)) throw new ContextError(`-c ${name}=${value}: expected a whole number, at least ${min}`);
    return parsed;
  };
  for (const [name, why] of Object.entries(REMOVED)) {
    if (text(name) !== undefined) throw new ContextError(`-c ${name}: ${why}.`);
  }
  const lakeFirstDay = text('lakeFirstDay');
  if (lakeFirstDay !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(lakeFirstDay)) throw new ContextError(`-c lakeFirstDay=${lakeFirstDay}: expected a day as YYYY-MM-DD`);
  const alarmEmail = text('alarmEmail');
  if (alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alarmEmail)) throw new ContextError(`-c alarmEmail=${alarmEmail}: expected an email address`);
  const maxWrite = whole('maxWriteRequestUnits');
  const maxRead = whole('maxReadRequestUnits');
  const maxItemsPerBatch = whole('maxItemsPerBatch');
  const itemsPerSecondPerWorker = whole('itemsPerSecondPerWorker');
  const scanGiB = whole('athenaScanLimitGiB');
  const countryIndex = text('countryIndex');
  if (countryIndex !== undefined && countryIndex !== 'true' && countryIndex !== 'false') throw new ContextError(`-c countryIndex=${countryIndex}: expected true or false`);
  const optional = <K extends keyof PipelineStackProps>(key: K, value: PipelineStackProps[K] | undefined): Partial<PipelineStackProps> => (value === undefined ? {} : { [key]: value });
  return {
    ...optional('bucketName', text('bucketName')),
    ...optional('tableName', text('tableName')),
    ...optional('alarmEmail', alarmEmail),
    ...optional('countryIndex', countryIndex === undefined ? undefined : countryIndex === 'true'),
    ...((maxWrite !== undefined || maxRead !== undefined) && {
      onDemandCap: { ...(maxWrite !== undefined && { maxWriteRequestUnits: maxWrite }), ...(maxRead !== undefined && { maxReadRequestUnits: maxRead }) },
    }),
    ...optional('runsExpireDays', whole('runsExpireDays')),
    ...optional('noncurrentVersionDays', whole('noncurrentVersionDays')),
    ...optional('athenaResultsExpireDays', whole('athenaResultsExpireDays')),
    ...optional('lakeFirstDay', lakeFirstDay),
    ...optional('athenaBytesScannedCutoff', scanGiB === undefined ? undefined : scanGiB * 1024 ** 3),
    ...optional('workerTimeoutSeconds', whole('workerTimeoutSeconds')),
    ...(maxItemsPerBatch !== undefined && { batching: { maxItemsPerBatch } }),
    ...(itemsPerSecondPerWorker !== undefined && { concurrency: { itemsPerSecondPerWorker } }),
  };
}
