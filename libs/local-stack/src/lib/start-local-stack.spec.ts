import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { startLocalStack } from './start-local-stack';
import { testStack, uniqueName } from './testing';
import { requireJava } from './java';
import { JavaNotFoundError } from './errors';

describe('the shared test stack', () => {
  const { s3, dynamodb } = testStack();
  const s3Client = new S3Client(s3);
  const dynamoClient = new DynamoDBClient(dynamodb);
  afterAll(() => {
    s3Client.destroy();
    dynamoClient.destroy();
  });

  test('listens on loopback ports', () => {
    expect(s3.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(dynamodb.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s3.endpoint).not.toBe(dynamodb.endpoint);
  });

  test('S3 stores objects and pages through listings with continuation tokens', async () => {
    const Bucket = uniqueName('stack');
    await s3Client.send(new CreateBucketCommand({ Bucket }));
    const keys = Array.from({ length: 7 }, (_, i) => `raw/day-${i}.csv`);
    for (const Key of keys) await s3Client.send(new PutObjectCommand({ Bucket, Key, Body: `body of ${Key}` }));

    const listed: string[] = [];
    let pages = 0;
    for await (const page of paginateListObjectsV2({ client: s3Client, pageSize: 3 }, { Bucket, Prefix: 'raw/' })) {
      pages += 1;
      listed.push(...(page.Contents ?? []).map((o) => o.Key ?? ''));
    }
    expect(listed.sort()).toEqual([...keys].sort());
    expect(pages).toBe(3);

    const got = await s3Client.send(new GetObjectCommand({ Bucket, Key: keys[3] }));
    expect(await got.Body?.transformToString()).toBe('body of raw/day-3.csv');
  });

  test('DynamoDB is AWS DynamoDB Local with a shared database', async () => {
    const TableName = uniqueName('stack');
    await dynamoClient.send(
      new CreateTableCommand({
        TableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    // Another region and key pair sees the same tables (-sharedDb).
    const other = new DynamoDBClient({ ...dynamodb, region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
    const { TableNames } = await other.send(new ListTablesCommand({}));
    other.destroy();
    expect(TableNames).toContain(TableName);
  });
});

describe('startLocalStack', () => {
  test('stop() shuts both servers down and is idempotent', async () => {
    const stack = await startLocalStack({ inMemory: true, javaHeapMiB: 256, stopOnSignal: false });
    const client = new S3Client({ ...stack.s3, maxAttempts: 1 });
    await client.send(new CreateBucketCommand({ Bucket: 'alive' }));
    expect(stack.env.AWS_ENDPOINT_URL_S3).toBe(stack.s3.endpoint);
    expect(stack.env.AWS_ENDPOINT_URL_DYNAMODB).toBe(stack.dynamodb.endpoint);

    await stack.stop();
    await stack.stop();
    await expect(client.send(new ListObjectsV2Command({ Bucket: 'alive' }))).rejects.toThrow();
    await expect(fetch(stack.dynamodb.endpoint, { method: 'POST' })).rejects.toThrow();
    client.destroy();
  });

  test('a missing Java is reported with what to install', () => {
    expect(() => requireJava('/nonexistent/bin/java')).toThrow(JavaNotFoundError);
    expect(() => requireJava('/nonexistent/bin/java')).toThrow(/Java 17 or newer.*apt-get install openjdk-17/);
  });
});
