/** Where the copy reads rows from: SQL Server in production, a synthetic generator in tests and benchmarks. */
import type { PlanTable } from '../plan/plan-model.js';

/** Key bounds as exact text: lower exclusive, upper inclusive, undefined open. */
export interface KeyRange {
  readonly lower?: readonly string[] | undefined;
  readonly upper?: readonly string[] | undefined;
}

export interface RowSource {
  /** Every `rowsPerChunk`-th key of the table, in key order. */
  boundaries(table: PlanTable, rowsPerChunk: number): Promise<string[][]>;
  /** Exact number of rows (COUNT_BIG(*)), never a catalog estimate. */
  count(table: PlanTable): Promise<number>;
  /** The copied columns of the rows in `range`, in key order, as arrays in plan column order. */
  read(table: PlanTable, range: KeyRange): AsyncIterable<readonly unknown[]>;
  close(): Promise<void>;
}

/** The columns the copy writes: generated columns are left to PostgreSQL. */
export function copiedColumns(table: PlanTable): PlanTable['columns'] {
  return table.columns.filter((c) => c.copied);
}
