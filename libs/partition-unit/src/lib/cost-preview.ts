import { DYNAMODB_ON_DEMAND_US_EAST_1, onDemandCost, writeUnitsPerItem, type CapacityCost, type OnDemandPrices } from '@ecomlake/dynamodb-repository';
import type { QualitySummary } from '@ecomlake/model';

/** What a run consumed, and what loading and reading its whole input costs at 1x, 10x and 100x. */
export interface CostPreview {
  readonly prices: OnDemandPrices;
  /** The capacity this run consumed (loads, bookkeeping, prune, queries) and its on-demand cost. */
  readonly run: CapacityCost;
  /** Write units per item used below: measured on this run's writes, or estimated when it wrote nothing. */
  readonly writeUnitsPerItem: number;
  readonly writeUnitsPerItemMeasured: boolean;
  /** A fresh load of the whole input and one analytics refresh, at the input's size and 10x and 100x it. */
  readonly scaled: readonly {
    readonly factor: number;
    readonly items: number;
    readonly load: CapacityCost;
    readonly refresh: CapacityCost;
  }[];
}

export interface CostPreviewInput {
  /** The run's quality report: items, clean lines and guests. */
  readonly report: QualitySummary;
  /** Write units this run consumed, and the items it wrote. */
  readonly writeUnits: number;
  readonly written: number;
  /** Read units this run consumed (bookkeeping reads and queries). */
  readonly readUnits: number;
  /** Read units of one analytics refresh, when the run made one. Default 0. */
  readonly refreshReadUnits?: number;
  /** Default: us-east-1 on-demand list prices. */
  readonly prices?: OnDemandPrices;
}

const FACTORS = [1, 10, 100];

/**
 * Prices a run on DynamoDB on demand. Load cost scales with items (each item's write units
 * are fixed by its size and indexes); a refresh that scans scales with items too.
 */
export function costPreview(input: CostPreviewInput): CostPreview {
  const { report, written, writeUnits, readUnits, refreshReadUnits = 0, prices = DYNAMODB_ON_DEMAND_US_EAST_1 } = input;
  const measured = written > 0;
  // Estimated from the share of clean lines with a customer: they also go to CustomerIndex.
  const perItem = measured ? writeUnits / written : writeUnitsPerItem(report.clean > 0 ? 1 - report.guests / report.clean : 0);
  return {
    prices,
    run: onDemandCost({ writeUnits: round(writeUnits), readUnits: round(readUnits) }, prices),
    writeUnitsPerItem: Math.round(perItem * 10_000) / 10_000,
    writeUnitsPerItemMeasured: measured,
    scaled: FACTORS.map((factor) => {
      const items = report.items * factor;
      return {
        factor,
        items,
        load: onDemandCost({ writeUnits: round(items * perItem), readUnits: 0 }, prices),
        refresh: onDemandCost({ writeUnits: 0, readUnits: round(refreshReadUnits * factor) }, prices),
      };
    }),
  };
}

function round(units: number): number {
  return Math.round(units * 10) / 10;
}
