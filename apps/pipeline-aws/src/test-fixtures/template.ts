// Test helpers: synthesize the stack without bundling, and render its state machine definition
// with placeholder values for CloudFormation references.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { PipelineStack, type PipelineStackProps } from '../stack/pipeline-stack';

export const PLACEHOLDER_BUCKET = 'lake-bucket';
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

export function synthTemplate(props: PipelineStackProps = {}): { stack: PipelineStack; template: Template } {
  // Bundling skipped: these tests read the template; `nx run pipeline-aws:synth` bundles for real.
  // Synthesized into a folder of our own, removed once read (an App without one leaves a cdk.out* in the temp folder per call).
  const outdir = mkdtempSync(path.join(tmpdir(), 'pipeline-aws-template-'));
  try {
    const app = new App({ outdir, context: { [cxapi.BUNDLING_STACKS]: [] } });
    const stack = new PipelineStack(app, 'TestPipeline', props);
    return { stack, template: Template.fromStack(stack) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** CloudFormation's intrinsic functions in a definition, resolved to what they would be on AWS (with placeholders). */
export function resolveIntrinsics(value: unknown): unknown {
  if (typeof value === 'string' || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(resolveIntrinsics);
  const record = value as Record<string, unknown>;
  if ('Ref' in record) {
    const ref = String(record.Ref);
    const pseudo: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::Region': REGION, 'AWS::AccountId': ACCOUNT, 'AWS::URLSuffix': 'amazonaws.com' };
    return pseudo[ref] ?? (ref.startsWith('Lake') ? PLACEHOLDER_BUCKET : ref.toLowerCase());
  }
  if ('Fn::GetAtt' in record) {
    const [logicalId, attribute] = record['Fn::GetAtt'] as [string, string];
    if (attribute !== 'Arn') throw new Error(`unexpected Fn::GetAtt ${logicalId}.${attribute}`);
    return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${logicalId}`;
  }
  if ('Fn::Join' in record) {
    const [separator, parts] = record['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => String(resolveIntrinsics(part))).join(separator);
  }
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, resolveIntrinsics(v)]));
}

/** The state machine's definition as AWS would receive it. */
export function stateMachineDefinition(template: Template): AslDefinition {
  const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
  if (machines.length !== 1) throw new Error(`expected one state machine, found ${machines.length}`);
  const definition = (machines[0] as { Properties: { DefinitionString: unknown } }).Properties.DefinitionString;
  return JSON.parse(String(resolveIntrinsics(definition))) as AslDefinition;
}

export interface AslDefinition {
  StartAt: string;
  States: Record<string, Record<string, unknown>>;
}
