/**
 * One copy worker: claims a chunk, reads it from the source, encodes and writes it with binary COPY,
 * and marks it done, all in one target transaction (exactly once). A single-chunk table of 8 MB
 * or more is TRUNCATEd and loaded with COPY FREEZE in that transaction (smaller ones gain nothing
 * from freezing and would pay a TRUNCATE, a new file, per table). With --on-error skip-row, a row that
 * PostgreSQL refuses is isolated by the COPY line number, written to the rejects, and the chunk is
 * copied again without it (rows are read in key order, so positions are stable).
 */
import type pg from 'pg';
import { MigrateError, errorMessage } from '../errors.js';
import { t } from '../i18n/index.js';
import type { PlanTable } from '../plan/plan-model.js';
import type { NulPolicy } from '../target/postgres/copy-binary.js';
import { copyRows, type CopyTarget } from '../target/postgres/copy-writer.js';
import { quoteQualified } from '../target/postgres/quote.js';
import { isTransient, openWithRetry, RetryBudget } from '../retry.js';
import { ChunkFiles } from './files/chunk-files.js';
import { isLargeRowBatch } from './large-value.js';
import { claimChunk, markDone, recordFailure, type Chunk } from './queue.js';
import { rejectRecord, type RejectRecord } from './rejects.js';
import { copiedColumns, type RowBatch, type RowSource } from './row-source.js';

export interface CopyOptions {
  readonly nul: NulPolicy;
  readonly onError: 'stop' | 'skip-row';
  /** Seconds an outage may last: transient errors are retried with backoff and new connections that long. */
  readonly retrySeconds: number;
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
  /** A fault between chunks (claiming the next one), waited out with new connections. */
  | { readonly type: 'reconnect'; readonly error: string }
  | { readonly type: 'chunk-failed'; readonly table: string; readonly chunk: number; readonly error: string };

export interface WorkerDeps {
  readonly workerId: string;
  readonly tables: ReadonlyMap<string, PlanTable>;
  readonly options: CopyOptions;
  readonly openSource: () => Promise<RowSource | ChunkFiles>;
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

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
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

export async function runWorker(deps: WorkerDeps): Promise<void> {
  const keys = [...deps.tables.keys()];
  const budget = new RetryBudget(deps.options.retrySeconds);
  let source = await deps.openSource();
  let target = await deps.openTarget();
  try {
    await deps.queueReady;
    while (!deps.stopped()) {
      let chunk: Chunk | undefined;
      try {
        await target.query('BEGIN');
        chunk = await claimChunk(target, keys);
      } catch (error) {
        // The target went away between chunks: wait for it like any other outage.
        if (!isTransient(error) || !(await budget.waitBeforeRetry())) throw error;
        [source, target] = await reconnect(source, target, deps, budget);
        deps.emit({ type: 'reconnect', error: errorMessage(error) });
        continue;
      }
      if (chunk === undefined) {
        await target.query('COMMIT');
        return;
      }
      const table = deps.tables.get(chunk.tableKey);
      if (table === undefined) throw new Error(`queued table ${chunk.tableKey} is not in the plan`);
      try {
        const started = performance.now();
        deps.emit({ type: 'chunk-start', table: chunk.tableKey, chunk: chunk.chunkNo, chunks: chunk.chunkCount, worker: deps.workerId });
        const result = source instanceof ChunkFiles ? await loadChunk(target, source, table, chunk, deps) : await copyChunk(target, source, table, chunk, deps);
        const seconds = (performance.now() - started) / 1000;
        await markDone(target, chunk, { rows: result.rows, bytes: result.bytes, rejected: result.rejects.length, seconds }, deps.workerId);
        await target.query('COMMIT');
        budget.succeeded();
        if (result.rejects.length > 0) deps.emit({ type: 'rejects', records: result.rejects });
        deps.emit({ type: 'chunk-done', table: chunk.tableKey, chunk: chunk.chunkNo, rows: result.rows, bytes: result.bytes, seconds, rejected: result.rejects.length, nulChanged: result.nulChanged });
      } catch (error) {
        await target.query('ROLLBACK').catch(() => undefined);
        const message = errorMessage(error);
        const transient = isTransient(error);
        // A fault that passes is waited out; the chunk's rows were rolled back and it is claimed again.
        if (transient && (await budget.waitBeforeRetry())) {
          [source, target] = await reconnect(source, target, deps, budget);
          await recordFailure(target, chunk, message, false, deps.workerId);
          deps.emit({ type: 'retry', table: chunk.tableKey, chunk: chunk.chunkNo, attempt: chunk.attempts + 1, error: message });
          continue;
        }
        await recordFailure(target, chunk, message, true, deps.workerId).catch(() => undefined);
        deps.emit({ type: 'chunk-failed', table: chunk.tableKey, chunk: chunk.chunkNo, error: message });
        if (transient) {
          throw new MigrateError('COPY_OUTAGE_TOO_LONG', 'runtime', t('error.COPY_OUTAGE_TOO_LONG', { table: chunk.tableKey, seconds: deps.options.retrySeconds, reason: message }), {
            hint: t('hint.COPY_OUTAGE_TOO_LONG'),
          });
        }
      }
    }
  } finally {
    await source.close().catch(() => undefined);
    await target.end().catch(() => undefined);
  }
}

/** Both connections anew after a fault (the one that failed may be dead, the other may be mid-query). */
async function reconnect(source: RowSource | ChunkFiles, target: pg.Client, deps: WorkerDeps, budget: RetryBudget): Promise<[RowSource | ChunkFiles, pg.Client]> {
  await source.close().catch(() => undefined);
  await target.end().catch(() => undefined);
  return [await openWithRetry(deps.openSource, budget), await openWithRetry(deps.openTarget, budget)];
}

/**
 * TRUNCATE for COPY FREEZE, of a table that must be empty: the run checked it when it queued the
 * chunk, and the chunk's own rows were rolled back with any failed attempt; rows found now were
 * written by someone else since, and are never thrown away.
 */
async function truncateEmpty(target: pg.Client, table: PlanTable): Promise<void> {
  const name = quoteQualified(table.target.schema, table.target.name);
  await target.query(`LOCK TABLE ${name} IN ACCESS EXCLUSIVE MODE`);
  const { rows } = await target.query<{ n: string }>(`SELECT count(*) AS n FROM (SELECT 1 FROM ${name} LIMIT 1000) AS rows`);
  const count = rows[0]?.n ?? '0';
  if (count !== '0') {
    const params = { table: `${table.target.schema}.${table.target.name}`, count: Number(count) };
    throw new MigrateError('COPY_TARGET_NOT_EMPTY', 'usage', count === '1000' ? t('error.COPY_TARGET_NOT_EMPTY.addedMany', params) : t('error.COPY_TARGET_NOT_EMPTY.added', params), {
      hint: t('hint.COPY_TARGET_NOT_EMPTY.added'),
    });
  }
  await target.query(`TRUNCATE ${name}`);
}

/** Whether a chunk is loaded with TRUNCATE + COPY FREEZE: a table's only chunk, of some size. */
function freezes(table: PlanTable, chunk: Chunk): boolean {
  return chunk.chunkCount === 1 && (table.bytes ?? FREEZE_MIN_BYTES) >= FREEZE_MIN_BYTES;
}

const copyTarget = (table: PlanTable): CopyTarget => {
  const columns = copiedColumns(table);
  return { schema: table.target.schema, name: table.target.name, columns: columns.map((c) => c.target.name), encoders: columns.map((c) => c.encoder) };
};

/** A chunk from its exported file (--from-files): the file's COPY data as it is, checked against the manifest. */
async function loadChunk(target: pg.Client, files: ChunkFiles, table: PlanTable, chunk: Chunk, deps: WorkerDeps): Promise<ChunkOutcome> {
  const freeze = freezes(table, chunk);
  if (freeze) await truncateEmpty(target, table);
  let reported = 0;
  const result = await files.load(target, table, chunk, copyTarget(table), freeze, (bytes) => {
    deps.emit({ type: 'progress', table: chunk.tableKey, rows: 0, bytes: bytes - reported });
    reported = bytes;
  });
  deps.emit({ type: 'progress', table: chunk.tableKey, rows: result.rows, bytes: 0 });
  return { rows: result.rows, bytes: result.bytes, rejects: [], nulChanged: 0 };
}

interface ChunkOutcome {
  readonly rows: number;
  readonly bytes: number;
  readonly rejects: RejectRecord[];
  readonly nulChanged: number;
}

async function copyChunk(
  target: pg.Client,
  source: RowSource,
  table: PlanTable,
  chunk: Chunk,
  deps: WorkerDeps,
): Promise<ChunkOutcome> {
  const columns = copiedColumns(table);
  const freeze = freezes(table, chunk);
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
    // FREEZE needs the table truncated in the same subtransaction as the COPY: only ever an empty one.
    if (freeze) await truncateEmpty(target, table);
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
        copyTarget(table),
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
        throw new Error(t('copy.chunkRefused', { count: rejects.length, key: JSON.stringify(rejects[0]?.key), column: rejects[0]?.column ?? '', reason: rejects[0]?.reason ?? '' }));
      }
      await target.query('RELEASE SAVEPOINT chunk_copy');
      return { rows: result.rows, bytes: result.bytes, rejects, nulChanged };
    } catch (error) {
      await target.query('ROLLBACK TO SAVEPOINT chunk_copy');
      deps.emit({ type: 'progress', table: chunk.tableKey, rows: -reported.rows, bytes: -reported.bytes });
      const line = copyLine(error);
      const position = line === undefined || positions === undefined ? undefined : positions[writtenToOrdinal(line - 1, encoderRejected)];
      if (!isDataError(error) || position === undefined || table.key.length === 0) throw error;
      if (skip.size + encoderRejected.length >= deps.options.maxRejectsPerChunk) throw new Error(t('copy.tooManyRefused', { count: deps.options.maxRejectsPerChunk, reason: errorMessage(error) }));
      const column = Math.max(0, columns.findIndex((c) => c.target.name === copyColumn(error)));
      skip.set(position, { column, reason: `PostgreSQL: ${errorMessage(error)}` });
    }
  }
}
