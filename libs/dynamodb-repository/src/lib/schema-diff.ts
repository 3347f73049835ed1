import type { TableDescription } from '@aws-sdk/client-dynamodb';
import type { TableSpec } from './table-spec';

/**
 * What differs between an existing table and a spec so that the data would not fit, in
 * words; empty when they match. Keys, key types, missing indexes, index keys and projections
 * count; billing does not (it can be changed in place), nor do indexes the spec does not
 * have (`extraIndexes`: DynamoDB keeps them up to date whatever writes, so they only cost).
 */
export function schemaDifferences(table: TableDescription, spec: TableSpec): string[] {
  const differences: string[] = [];
  const keys = keysOf(table.KeySchema);
  if (keys !== `${spec.partitionKey}/${spec.sortKey}`) {
    differences.push(`table keys are ${keys}, expected ${spec.partitionKey}/${spec.sortKey}`);
  }
  for (const definition of table.AttributeDefinitions ?? []) {
    if (definition.AttributeType !== 'S') {
      differences.push(`key attribute ${definition.AttributeName} has type ${definition.AttributeType}, expected S`);
    }
  }
  const actual = new Map((table.GlobalSecondaryIndexes ?? []).map((index) => [index.IndexName ?? '', index]));
  for (const index of spec.indexes) {
    const found = actual.get(index.name);
    actual.delete(index.name);
    if (!found) {
      differences.push(`index ${index.name} is missing`);
      continue;
    }
    const indexKeys = keysOf(found.KeySchema);
    if (indexKeys !== `${index.partitionKey}/${index.sortKey}`) {
      differences.push(`index ${index.name} keys are ${indexKeys}, expected ${index.partitionKey}/${index.sortKey}`);
    }
    const projection = found.Projection?.ProjectionType === 'ALL' ? 'ALL' : [...(found.Projection?.NonKeyAttributes ?? [])].sort().join(',');
    const expected = index.include === 'ALL' ? 'ALL' : [...index.include].sort().join(',');
    if (projection !== expected) {
      differences.push(`index ${index.name} projects ${projection || 'keys only'}, expected ${expected}`);
    }
  }
  if ((table.LocalSecondaryIndexes ?? []).length > 0) differences.push('unexpected local secondary indexes');
  return differences;
}

/**
 * Global secondary indexes the table has and the spec does not, by name: e.g. CountryIndex
 * on a table created before it became opt-in. Each costs writes, and none is dropped here.
 */
export function extraIndexes(table: TableDescription, spec: TableSpec): string[] {
  const wanted = new Set<string>(spec.indexes.map((index) => index.name));
  return (table.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName ?? '').filter((name) => name !== '' && !wanted.has(name)).sort();
}

function keysOf(schema: TableDescription['KeySchema']): string {
  const hash = schema?.find((key) => key.KeyType === 'HASH')?.AttributeName ?? '(none)';
  const range = schema?.find((key) => key.KeyType === 'RANGE')?.AttributeName ?? '(none)';
  return `${hash}/${range}`;
}
