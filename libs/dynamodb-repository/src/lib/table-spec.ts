import type {
  AttributeDefinition,
  CreateTableCommandInput,
  GlobalSecondaryIndex,
  KeySchemaElement,
} from '@aws-sdk/client-dynamodb';
import { ATTRIBUTE, type AttributeName } from './attributes';

/** The indexes this repository knows. */
export type IndexName = 'CountryIndex' | 'CustomerIndex';

export interface IndexSpec {
  name: IndexName;
  partitionKey: AttributeName;
  sortKey: AttributeName;
  /** Non-key attributes copied into the index (keys of the table and index always are). */
  include: readonly AttributeName[] | 'ALL';
}

export type Billing =
  | { mode: 'PAY_PER_REQUEST' }
  | { mode: 'PROVISIONED'; readCapacityUnits: number; writeCapacityUnits: number };

export interface TableSpec {
  name: string;
  partitionKey: AttributeName;
  sortKey: AttributeName;
  indexes: readonly IndexSpec[];
  billing: Billing;
}

/**
 * The indexes and their projections. Each GSI costs one extra write (≥ 1 WCU) per item, so
 * each projects only what its queries read: INCLUDE keeps index entries ~100 bytes, where
 * ALL would copy the description and every other attribute into each of them.
 */
export const INDEXES: Readonly<Record<IndexName, IndexSpec>> = {
  // Opt-in (not in DEFAULT_INDEXES): salesByCountry and orderValues({ countries }) by Query,
  // and revenue on a date by one Query per country of the catalog. The report reads aggregates
  // instead; this index costs 1 WCU of every item, and its hottest key (United Kingdom, ~91% of
  // the items) holds a load on AWS to one index partition's 1,000 WCU/s.
  CountryIndex: {
    name: 'CountryIndex',
    partitionKey: ATTRIBUTE.country,
    sortKey: ATTRIBUTE.invoiceDate,
    include: [ATTRIBUTE.totalAmountMilli, ATTRIBUTE.customerId],
  },
  // ordersByCustomer; sparse: guest items have no CustomerID and no entry here.
  CustomerIndex: {
    name: 'CustomerIndex',
    partitionKey: ATTRIBUTE.customerId,
    sortKey: ATTRIBUTE.invoiceDate,
    include: [ATTRIBUTE.totalAmountMilli, ATTRIBUTE.country],
  },
};

/**
 * The indexes of a default table: only those a default question reads. CustomerIndex
 * (ordersByCustomer) is sparse and its hottest customer takes ~2% of its writes on the real
 * dataset; CountryIndex is opt-in (`{ indexes: WITH_COUNTRY_INDEX }`, the pipeline's
 * `--country-index`).
 */
export const DEFAULT_INDEXES: readonly IndexName[] = Object.freeze(['CustomerIndex'] as const);

/** The default indexes plus CountryIndex: for Queries by country (`salesByCountry`, `orderValues({ countries })`). */
export const WITH_COUNTRY_INDEX: readonly IndexName[] = Object.freeze(['CustomerIndex', 'CountryIndex'] as const);

export interface OrderTableOptions {
  /** Which GSIs to create. Default `DEFAULT_INDEXES` (CustomerIndex); `WITH_COUNTRY_INDEX` adds CountryIndex. */
  indexes?: readonly IndexName[];
  /** Project every attribute into every index (the original layout; for comparisons). Default false. */
  projectAll?: boolean;
  /** Default on-demand (`PAY_PER_REQUEST`). Provisioned capacity applies to the table and each index. */
  billing?: Billing;
}

/**
 * The orders table: PK `InvoiceNo`, SK `StockCode` (its hottest invoice takes ~0.2% of the
 * item writes on the real dataset), and its GSIs.
 */
export function orderTableSpec(name: string, options: OrderTableOptions = {}): TableSpec {
  const { indexes = DEFAULT_INDEXES, projectAll = false } = options;
  return {
    name,
    partitionKey: ATTRIBUTE.invoiceNo,
    sortKey: ATTRIBUTE.stockCode,
    indexes: indexes.map((index) => (projectAll ? { ...INDEXES[index], include: 'ALL' } : INDEXES[index])),
    billing: options.billing ?? { mode: 'PAY_PER_REQUEST' },
  };
}

/** The `CreateTable` request for a spec. All key attributes are strings. */
export function createTableInput(spec: TableSpec): CreateTableCommandInput {
  const keyNames = new Set<string>([spec.partitionKey, spec.sortKey]);
  for (const index of spec.indexes) keyNames.add(index.partitionKey).add(index.sortKey);
  const attributeDefinitions: AttributeDefinition[] = [...keyNames].map((name) => ({ AttributeName: name, AttributeType: 'S' }));
  const throughput =
    spec.billing.mode === 'PROVISIONED'
      ? { ReadCapacityUnits: spec.billing.readCapacityUnits, WriteCapacityUnits: spec.billing.writeCapacityUnits }
      : undefined;
  const gsis: GlobalSecondaryIndex[] = spec.indexes.map((index) => ({
    IndexName: index.name,
    KeySchema: keySchema(index.partitionKey, index.sortKey),
    Projection:
      index.include === 'ALL'
        ? { ProjectionType: 'ALL' }
        : { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.include] },
    ...(throughput ? { ProvisionedThroughput: throughput } : {}),
  }));
  return {
    TableName: spec.name,
    AttributeDefinitions: attributeDefinitions,
    KeySchema: keySchema(spec.partitionKey, spec.sortKey),
    BillingMode: spec.billing.mode,
    ...(throughput ? { ProvisionedThroughput: throughput } : {}),
    ...(gsis.length > 0 ? { GlobalSecondaryIndexes: gsis } : {}),
  };
}

function keySchema(partitionKey: string, sortKey: string): KeySchemaElement[] {
  return [
    { AttributeName: partitionKey, KeyType: 'HASH' },
    { AttributeName: sortKey, KeyType: 'RANGE' },
  ];
}
