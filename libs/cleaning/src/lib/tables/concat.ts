import { table, type ColumnTable } from 'arquero';
import type { Schema } from './schema';

/**
 * Concatenates tables of one schema by value (the slow path, for tables a caller has
 * transformed). Number columns stay typed arrays.
 */
export function concatTables(schema: Schema, tables: readonly ColumnTable[]): ColumnTable {
  const n = tables.reduce((sum, t) => sum + t.numRows(), 0);
  const out: Record<string, ArrayLike<unknown>> = {};
  for (const [name, type] of Object.entries(schema)) {
    if (type === 'int' || type === 'float') {
      const target = type === 'int' ? new Int32Array(n) : new Float64Array(n);
      let at = 0;
      for (const t of tables) {
        const values = t.array(name, type === 'int' ? Int32Array : Float64Array) as Int32Array | Float64Array;
        target.set(values, at);
        at += values.length;
      }
      out[name] = target;
    } else {
      out[name] = ([] as unknown[]).concat(...tables.map((t) => t.array(name) as unknown[]));
    }
  }
  return table(out as Record<string, unknown[]>);
}
