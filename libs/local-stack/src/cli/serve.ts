#!/usr/bin/env node
// `nx run local-stack:serve`: keeps the embedded stack running until Ctrl-C and prints
// how to reach it from elsewhere.
import { startLocalStack, type LocalStackOptions } from '../index';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let stopWith: (failure: Error) => void = () => undefined;
  // A server dying after start-up ends the serve with its message, not a half stack.
  const options: LocalStackOptions = { stopOnSignal: true, onFailure: (failure) => stopWith(failure) };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '--in-memory') options.inMemory = true;
    else if (arg === '--dir' && args[i + 1]) options.dir = args[(i += 1)];
    else throw new Error(`Unknown option ${arg}. Usage: nx run local-stack:serve [-- --dir <folder> | --in-memory]`);
  }
  const stack = await startLocalStack(options);
  console.log(`S3 (s3rver):                ${stack.s3.endpoint}`);
  console.log(`DynamoDB (DynamoDB Local):  ${stack.dynamodb.endpoint}`);
  console.log(`Data: ${options.inMemory ? 'in memory (gone on stop)' : (options.dir ?? '.data/local-stack')}`);
  console.log('\nTo use it from another shell or program:');
  for (const [name, value] of Object.entries(stack.env)) console.log(`export ${name}=${value}`);
  console.log('\nCtrl-C stops it.');
  const failure = await new Promise<Error | undefined>((resolve) => {
    stopWith = resolve;
    process.once('SIGINT', () => resolve(undefined)).once('SIGTERM', () => resolve(undefined));
  });
  await stack.stop();
  if (failure) throw failure;
}

main().catch((error: Error) => {
  console.error(`local-stack: ${error.message}`);
  process.exit(1);
});
