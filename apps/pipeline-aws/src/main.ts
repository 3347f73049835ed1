// The CDK app: `npx nx run pipeline-aws:synth` (offline, into dist/apps/pipeline-aws/cdk.out), or
// `npx cdk deploy --app "npx tsx --tsconfig tsconfig.base.json apps/pipeline-aws/src/main.ts"`.
// Context (-c name=value) sets the stack's main props; see README.md.
import { App } from 'aws-cdk-lib';
import { PipelineStack, type PipelineStackProps } from './stack/pipeline-stack';

const app = new App();
const context = (name: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(name);
  return value === undefined || value === null || value === '' ? undefined : String(value);
};
const number = (name: string): number | undefined => {
  const value = context(name);
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`-c ${name}=${value}: expected a positive number`);
  return parsed;
};

const wcu = number('writeCapacityUnits');
const rcu = number('readCapacityUnits');
const maxItemsPerBatch = number('maxItemsPerBatch');
const props: PipelineStackProps = {
  ...(process.env.CDK_DEFAULT_ACCOUNT && { env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION } }),
  ...(context('bucketName') && { bucketName: context('bucketName') }),
  ...(context('tableName') && { tableName: context('tableName') }),
  ...(wcu && { provisioned: { writeCapacityUnits: wcu, readCapacityUnits: rcu ?? wcu } }),
  ...(maxItemsPerBatch && { batching: { maxItemsPerBatch } }),
  ...(number('itemsPerSecondPerWorker') && { concurrency: { itemsPerSecondPerWorker: number('itemsPerSecondPerWorker') } }),
};
new PipelineStack(app, context('stackName') ?? 'EcomlakePipeline', props);
app.synth();
