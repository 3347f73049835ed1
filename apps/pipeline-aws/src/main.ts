// The CDK app: `npx nx run pipeline-aws:synth` (offline, into dist/apps/pipeline-aws/cdk.out), or
// `npx cdk deploy --app "npx tsx --tsconfig tsconfig.base.json apps/pipeline-aws/src/main.ts"`.
// Context (-c name=value) sets the stack's main props; see README.md.
import { App } from 'aws-cdk-lib';
import { ContextError, propsFromContext } from './stack/context';
import { PipelineStack } from './stack/pipeline-stack';

const app = new App();
try {
  const props = propsFromContext((name) => app.node.tryGetContext(name));
  const stackName = String(app.node.tryGetContext('stackName') ?? '') || 'EcomlakePipeline';
  new PipelineStack(app, stackName, {
    ...(process.env.CDK_DEFAULT_ACCOUNT && { env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION } }),
    ...props,
  });
  app.synth();
} catch (error) {
  // A context value the stack refuses (ContextError) or a prop out of range (RangeError): say which, no stack trace.
  if (error instanceof ContextError || error instanceof RangeError) {
    console.error(`pipeline-aws: ${error.message}`);
    process.exit(2);
  }
  throw error;
}
