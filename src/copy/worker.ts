/**
 * One copy worker: claims a chunk, reads it from the source, encodes and writes it with binary COPY,
 * and marks it done, all in one target transaction (exactly once). A single-chunk table of 8 MB
 * or more is TRUNCATEd and loaded with COPY FREEZE in that transaction (smaller ones gain nothing
 * from freezing and would pay a TRUNCATE, a new file, per table). With --on-error skip-row, a row that
 * PostgreSQL refuses is isolated by the COPY line number, written to the rejects, and the chunk is
 * copied again without it (rows are read in key order, so positions are stable).
 */
import type pg from 'pg';
import { errorMessage } from '../errors.js';
import type { PlanTable } from '../plan/plan-model.js';
import type { NulPolicy } from '../target/postgres/copy-binary.js';
import { copyRows } from '../target/postgres/copy-writer.js';
import { quoteQualified } from '../target/postgres/quote.js';
import { isLargeRowBatch } from './large-value.js';
import { claimChunk, markDone, recordFailure, type Chunk } from './queue.js';
import { rejectRecord, type RejectRecord } from './rejects.js';
import { copiedColumns, type RowBatch, type RowSource } from './row-source.js';

export interface CopyOptions {
  readonly nul: NulPolicy;
  readonly onError: 'stop' | 'skip-row';
  /** Attempts per chunk before it is marked failed (transient errors are retried with backoff). */
  readonly maxAttempts: number;
  /** Rows one chunk may reject before the chunk fails. */
  readonly maxRejectsPerChunk: number;
}

export type CopyEvent =
  | { readonly type: 'chunk-start'; readonly table: string; readonly chunk: number; readonly chunks: number; readonly worker: string }
  | { readonly type: 'progress'; readonly table: string; readonly rows: number; readonly bytes: number }
  | {
      readonly type: 'chunk-done';
      readonly table: string;
      readonly chunk: number;
      readonly rows: number;
      readonly bytes: number;
      readonly seconds: number;
      readonly rejected: number;
      /** Text values whose U+0000 was stripped or replaced under the NUL policy. */
      readonly nulChanged: number;
    }
  | { readonly type: 'rejects'; readonly records: readonly RejectRecord[] }
  | { readonly type: 'retry'; readonly table: string; readonly chunk: number; readonly attempt: number; readonly error: string }
  | { readonly type: 'chunk-failed'; readonly table: string; readonly chunk: number; readonly error: string };

export interface WorkerDeps {
  readonly workerId: string;
  readonly tables: ReadonlyMap<string, PlanTable>;
  readonly options: CopyOptions;
  readonly openSource: () => Promise<RowSource>;
  readonly openTarget: () => Promise<pg.Client>;
  readonly emit: (event: CopyEvent) => void;
  /** True once the run should stop claiming chunks (e.g. --on-error stop after a failure). */
  readonly stopped: () => boolean;
  /** Settles when the queue may be claimed from: the worker connects meanwhile, while the run prepares the queue. */
  readonly queueReady: Promise<void>;
}

/** WorkerDeps.queueReady, and `claim` that settles it once the queue is prepared. */
export function queueSignal(): { readonly queueReady: Promise<void>; readonly claim: () => void } {
  let claim = (): void => undefined;
  const queueReady = new Promise<void>((resolve) => {
    claim = resolve;
  });
  return { queueReady, claim };
}

/** Below this, a single-chunk table is not worth TRUNCATE + COPY FREEZE. */
const FREEZE_MIN_BYTES = 8 * 1024 * 1024;

const TRANSIENT_PG = /^(08|40001|40P01|53|57P0[123])/;
const TRANSIENT_NODE = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ESOCKET', 'ECONNCLOSED', 'ETIMEOUT', 'ENOTOPEN']);
/** SQL Server: deadlock victim, and Azure SQL's transient errors. */
const TRANSIENT_MSSQL = new Set([1205, 40613, 40197, 40501, 49918, 49919, 49920, 4060, 233, 10053, 10054, 10060, 64]);

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

export function isTransient(error: unknown): boolean {
  const code = errorCode(error);
  const number = (error as { number?: unknown; originalError?: { number?: unknown } }).number ?? (error as { originalError?: { number?: unknown } }).originalError?.number;
  return (code !== undefined && (TRANSIENT_PG.test(code) || TRANSIENT_NODE.has(code))) || (typeof number === 'number' && TRANSIENT_MSSQL.has(number));
}

/** PostgreSQL refused a value: data exceptions (22) and integrity violations (23). */
function isDataError(error: unknown): boolean {
  return /^2[23]/.test(errorCode(error) ?? '');
}

/** The ordinal among rows given to the COPY of the `written`-th row written (0-based), skipping refused ordinals. */
function writtenToOrdinal(written: number, refused: readonly number[]): number {
  let ordinal = written;
  for (const r of [...refused].sort((a, b) => a - b)) if (r <= ordinal) ordinal++;
  return ordinal;
}

/** COPY errors say where: `COPY t, line 12, column c: ...`. */
function copyContext(error: unknown, pattern: RegExp): string | undefined {
  const where = (error as { where?: unknown }).where;
  return typeof where === 'string' ? pattern.exec(where)?.[1] : undefined;
}

function copyLine(error: unknown): number | undefined {
  const line = copyContext(error, /line (\d+)/);
  return line === undefined ? undefined : Number(line);
}

function copyColumn(error: unknown): string | undefined {
  return copyContext(error, /column ([^:]+)/);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function runWorker(deps: WorkerDeps): Promise<void> {
  const keys = [...deps.tables.keys()];
  let source = await deps.openSource();
  let target = await deps.openTarget();
  try {
    await deps.queueReady;
    while (!deps.stopped()) {
      await target.query('BEGIN');
      const chunk = await claimChunk(target, keys, deps.options.maxAttempts);
      if (chunk === undefined) {
        await target.query('COMMIT');
        return;
      }
      const table = deps.tables.get(chunk.tableKey);
      if (table === undefined) throw new Error(`queued table ${chunk.tableKey} is not in the plan`);
      try {
        const started = performance.now();
        deps.emit({ type: 'chunk-start', table: chunk.tableKey, chunk: chunk.chunkNo, chunks: chunk.chunkCount, worker: deps.workerId });
        const result = await copyChunk(target, source, table, chunk, deps);
        const seconds = (performance.now() - started) / 1000;
        await markDone(target, chunk, { rows: result.rows, bytes: result.bytes, rejected: result.rejects.length, seconds }, deps.workerId);
        await target.query('COMMIT');
        if (result.rejects.length > 0) deps.emit({ type: 'rejects', records: result.rejects });
        deps.emit({ type: 'chunk-done', table: chunk.tableKey, chunk: chunk.chunkNo, rows: result.rows, bytes: result.bytes, seconds, rejected: result.rejects.length, nulChanged: result.nulChanged });
      } catch (error) {
        await target.query('ROLLBACK').catch(() => undefined);
        const transient = isTransient(error);
        const final = !transient || chunk.attempts + 1 >= deps.options.maxAttempts;
        const message = errorMessage(error);
        if (transient) {
          // The connection that failed may be dead: start both over.
          await source.close().catch(() => undefined);
          await target.end().catch(() => undefined);
          await sleep(Math.min(30_000, 500 * 2 ** chunk.attempts));
          source = await deps.openSource();
          target = await deps.openTarget();
        }
        await recordFailure(target, chunk, message, final, deps.workerId);
        deps.emit(final ? { type: 'chunk-failed', table: chunk.tableKey, chunk: chunk.chunkNo, error: message } : { type: 'retry', table: chunk.tableKey, chunk: chunk.chunkNo, attempt: chunk.attempts + 1, error: message });
      }
    }
  } finally {
    await source.close().catch(() => undefined);
    await target.end().catch(() => undefined);
  }
}

async function copyChunk(
  target: pg.Client,
  source: RowSource,
  table: PlanTable,
  chunk: Chunk,
  deps: WorkerDeps,
): Promise<{ rows: number; bytes: number; rejects: RejectRecord[]; nulChanged: number }> {
  const columns = copiedColumns(table);
  const freeze = chunk.chunkCount === 1 && (table.bytes ?? FREEZE_MIN_BYTES) >= FREEZE_MIN_BYTES;
  const skip = new Map<number, { column: number; reason: string }>();
  for (;;) {
    const rejects: RejectRecord[] = [];
    // With skip-row: the source position of each row given to the COPY, and the ordinals the encoders
    // refused, to map a COPY error's line back to its source row.
    const positions: number[] | undefined = deps.options.onError === 'skip-row' ? [] : undefined;
    const encoderRejected: number[] = [];
    let nulChanged = 0;
    let reported = { rows: 0, bytes: 0 };
    await target.query('SAVEPOINT chunk_copy');
    // FREEZE needs the table truncated in the same subtransaction as the COPY.
    if (freeze) await target.query(`TRUNCATE ${quoteQualified(table.target.schema, table.target.name)}`);
    async function* numbered(): AsyncIterable<RowBatch> {
      let position = 0;
      for await (const batch of source.read(table, chunk.range)) {
        if (skip.size === 0) {
          // The common case: nothing to skip, positions are consecutive.
          if (positions !== undefined) for (let i = 0; i < batch.length; i++) positions.push(position + i);
          position += batch.length;
          yield batch;
          continue;
        }
        const kept: (readonly unknown[])[] = [];
        for (const row of batch) {
          const refusal = skip.get(position);
          if (refusal !== undefined) rejects.push(rejectRecord(table, row, refusal.column, refusal.reason));
          else {
            positions?.push(position);
            kept.push(row);
          }
          position++;
        }
        // A row of large values keeps its batch of one, which tells the writer to stream it.
        yield isLargeRowBatch(batch) ? (kept.length === 0 ? [] : batch) : kept;
      }
    }
    try {
      const result = await copyRows(
        target,
        { schema: table.target.schema, name: table.target.name, columns: columns.map((c) => c.target.name), encoders: columns.map((c) => c.encoder) },
        numbered(),
        {
          nul: deps.options.nul,
          onNulChanged: () => {
            nulChanged++;
          },
          freeze,
          onReject: ({ row, rejection, ordinal }) => {
            encoderRejected.push(ordinal);
            rejects.push(rejectRecord(table, row, rejection.column, rejection.reason));
          },
          onProgress: (count, bytes) => {
            deps.emit({ type: 'progress', table: chunk.tableKey, rows: count - reported.rows, bytes: bytes - reported.bytes });
            reported = { rows: count, bytes };
          },
        },
      );
      if (deps.options.onError === 'stop' && rejects.length > 0) {
        throw new Error(`${rejects.length} row(s) refused, first: ${JSON.stringify(rejects[0]?.key)} ${rejects[0]?.column ?? ''}: ${rejects[0]?.reason ?? ''}`);
      }
      await target.query('RELEASE SAVEPOINT chunk_copy');
      return { rows: result.rows, bytes: result.bytes, rejects, nulChanged };
    } catch (error) {
      await target.query('ROLLBACK TO SAVEPOINT chunk_copy');
      deps.emit({ type: 'progress', table: chunk.tableKey, rows: -reported.rows, bytes: -reported.bytes });
      const line = copyLine(error);
      const position = line === undefined || positions === undefined ? undefined : positions[writtenToOrdinal(line - 1, encoderRejected)];
      if (!isDataError(error) || position === undefined || table.key.length === 0) throw error;
      if (skip.size + encoderRejected.length >= deps.options.maxRejectsPerChunk) throw new Error(`more than ${deps.options.maxRejectsPerChunk} rows refused in one chunk; last: ${errorMessage(error)}`);
      const column = Math.max(0, columns.findIndex((c) => c.target.name === copyColumn(error)));
      skip.set(position, { column, reason: `PostgreSQL: ${errorMessage(error)}` });
    }
  }
}
