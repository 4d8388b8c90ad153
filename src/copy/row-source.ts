/** Where the copy reads rows from: SQL Server in production, a synthetic generator in tests and benchmarks. */
import type { PlanTable } from '../plan/plan-model.js';
import { averageRowBytes } from '../plan/row-size.js';
import type { ChunkChecksum } from '../verify/checksum.js';
import type { ValueDigest } from '../verify/large-digest.js';

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
  /**
   * The copied columns of the rows in `range`, in key order, as arrays in plan column order, in
   * batches: one asynchronous step per batch, not per row, keeps the copy loop cheap. Values of
   * large columns over INLINE_VALUE_BYTES come as LargeValue (see ReadOptions).
   */
  read(table: PlanTable, range: KeyRange, options?: ReadOptions): AsyncIterable<RowBatch>;
  /**
   * Count and hash sums of the rows in `range`, computed by the source database over the canonical
   * row text (verify/checksum.ts); undefined when the source cannot (then rows are compared).
   */
  checksum?(table: PlanTable, range: KeyRange): Promise<ChunkChecksum | undefined>;
  /** The digest (verify/large-digest.ts) of the value of copied column `column` in the row with these key values (as read). */
  digest(table: PlanTable, column: number, key: readonly unknown[]): Promise<ValueDigest>;
  close(): Promise<void>;
}

export type RowBatch = readonly (readonly unknown[])[];

export interface ReadOptions {
  /** About how many bytes of rows the source holds ahead of the consumer (default READ_AHEAD_BYTES). */
  readonly readAheadBytes?: number;
  /**
   * `pieces` (the copy, default): a large value is a LargeValue that reads its pieces, and each row
   * holding one comes in a largeRowBatch of its own after the chunk's other rows, so that its pieces
   * are read on the source's one connection (and in the chunk's snapshot) once the chunk's rows are.
   * `marked` (verify): a LargeValue with its length only, every row in key order.
   */
  readonly largeValues?: 'pieces' | 'marked';
}

/** The columns the copy writes: generated columns are left to PostgreSQL. */
export function copiedColumns(table: PlanTable): PlanTable['columns'] {
  return table.columns.filter((c) => c.copied);
}

/**
 * Rows a source holds ahead of the copy (and hands over in one batch): about 1 MB of them, from 16
 * to 2,000. Small enough that a batch dies young in the workers' small young generation (see
 * WORKER_RESOURCE_LIMITS) instead of being promoted and waiting for a full GC; 2,000 narrow rows
 * are still one asynchronous step per ~10 ms of work.
 */
export const READ_AHEAD_BYTES = 1024 * 1024;

export function readAheadRows(table: PlanTable, bytes = READ_AHEAD_BYTES): number {
  return Math.max(16, Math.min(2000, Math.floor(bytes / averageRowBytes(table))));
}

/**
 * Limits of the copy's worker threads (verify's are in verify/thread-lane.ts). Their young generation: V8's
 * default lets it grow to ~48 MB, most of it resident once a busy worker has used it. Smaller, it is
 * scavenged every ~4 MB of allocation; what a worker keeps alive at a time (a read-ahead batch,
 * readAheadRows; a COPY slab) is sized to die young in it, not to be promoted and wait for a full GC.
 * Live copy of the benchmark dataset, --jobs 2: peak RSS ~340 MB with V8's default and 8 MB batches
 * and 1 MB slabs, ~210 MB with this, at the same speed.
 */
export const WORKER_RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 12 } as const;
