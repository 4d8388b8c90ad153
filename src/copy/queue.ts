/**
 * The chunk queue lives in the target database (schema ms2pg_state), so any number of `migrate copy`
 * processes, on any machines, share one plan without a coordinator of our own: a worker claims a
 * chunk with SELECT ... FOR UPDATE SKIP LOCKED inside the transaction that copies it, and marks it
 * done in that same transaction. A killed worker's transaction rolls back: its rows vanish and the
 * chunk is pending again.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { MigrateError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { PlanTable } from '../plan/plan-model.js';
import { STATE_SCHEMA } from '../target/postgres/state-schema.js';
import type { KeyRange } from './row-source.js';

const QUEUE_DDL = `
CREATE SCHEMA IF NOT EXISTS ${STATE_SCHEMA};
CREATE TABLE IF NOT EXISTS ${STATE_SCHEMA}.copy_chunks (
  table_key text NOT NULL,
  chunk_no integer NOT NULL,
  chunk_count integer NOT NULL,
  lower_bound jsonb,
  upper_bound jsonb,
  priority bigint NOT NULL,
  table_digest text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
  rows bigint,
  bytes bigint,
  rejected integer,
  seconds double precision,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  worker text,
  finished_at timestamptz,
  PRIMARY KEY (table_key, chunk_no)
);`;

export interface Chunk {
  readonly tableKey: string;
  readonly chunkNo: number;
  readonly chunkCount: number;
  readonly range: KeyRange;
  readonly attempts: number;
}

export function tableKey(table: PlanTable): string {
  return `${table.target.schema}.${table.target.name}`;
}

/** What makes queued chunks of a table valid: the columns and key the plan copies. */
export function tableDigest(table: PlanTable): string {
  return createHash('sha256').update(JSON.stringify({ columns: table.columns.map((c) => [c.target.name, c.read, c.encoder, c.copied]), key: table.key })).digest('hex').slice(0, 16);
}

export async function ensureQueue(client: pg.ClientBase): Promise<void> {
  await client.query(QUEUE_DDL);
}

/** Tables that already have chunks queued (from an earlier run), with the digest they were queued under. */
export async function queuedTables(client: pg.ClientBase): Promise<Map<string, string>> {
  const { rows } = await client.query<{ table_key: string; table_digest: string }>(`SELECT DISTINCT table_key, table_digest FROM ${STATE_SCHEMA}.copy_chunks`);
  return new Map(rows.map((r) => [r.table_key, r.table_digest]));
}

export async function enqueueTable(client: pg.ClientBase, table: PlanTable, boundaries: readonly string[][], priority: number): Promise<void> {
  const count = boundaries.length + 1;
  const values: unknown[] = [];
  const tuples: string[] = [];
  for (let i = 0; i < count; i++) {
    const lower = i === 0 ? null : JSON.stringify(boundaries[i - 1]);
    const upper = i === count - 1 ? null : JSON.stringify(boundaries[i]);
    const base = values.length;
    values.push(tableKey(table), i, count, lower, upper, priority, tableDigest(table));
    tuples.push(`($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}::jsonb, $${base + 5}::jsonb, $${base + 6}, $${base + 7})`);
  }
  await client.query(`INSERT INTO ${STATE_SCHEMA}.copy_chunks (table_key, chunk_no, chunk_count, lower_bound, upper_bound, priority, table_digest) VALUES ${tuples.join(', ')}`, values);
}

/** Tables of which an earlier run copied at least one chunk: their rows are this copy's. */
export async function tablesWithDoneChunks(client: pg.ClientBase, tableKeys: readonly string[]): Promise<Set<string>> {
  const { rows } = await client.query<{ table_key: string }>(`SELECT DISTINCT table_key FROM ${STATE_SCHEMA}.copy_chunks WHERE status = 'done' AND table_key = ANY($1)`, [tableKeys]);
  return new Set(rows.map((r) => r.table_key));
}

/** A new run retries chunks an earlier run gave up on. */
export async function resetFailed(client: pg.ClientBase, tableKeys: readonly string[]): Promise<void> {
  await client.query(`UPDATE ${STATE_SCHEMA}.copy_chunks SET status = 'pending', attempts = 0 WHERE status = 'failed' AND table_key = ANY($1)`, [tableKeys]);
}

/** Drops queued chunks (for --restart); the caller truncates the tables. */
export async function clearQueue(client: pg.ClientBase, tableKeys: readonly string[]): Promise<void> {
  await client.query(`DELETE FROM ${STATE_SCHEMA}.copy_chunks WHERE table_key = ANY($1)`, [tableKeys]);
}

interface ChunkRow {
  table_key: string;
  chunk_no: number;
  chunk_count: number;
  lower_bound: string[] | null;
  upper_bound: string[] | null;
  attempts: number;
}

/** Claims the biggest pending chunk; must run inside the transaction that copies it. */
export async function claimChunk(client: pg.ClientBase, tableKeys: readonly string[]): Promise<Chunk | undefined> {
  const { rows } = await client.query<ChunkRow>(
    `SELECT table_key, chunk_no, chunk_count, lower_bound, upper_bound, attempts FROM ${STATE_SCHEMA}.copy_chunks
     WHERE status = 'pending' AND table_key = ANY($1)
     ORDER BY priority DESC, table_key, chunk_no
     FOR UPDATE SKIP LOCKED LIMIT 1`,
    [tableKeys],
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  return {
    tableKey: row.table_key,
    chunkNo: row.chunk_no,
    chunkCount: row.chunk_count,
    range: { lower: row.lower_bound ?? undefined, upper: row.upper_bound ?? undefined },
    attempts: row.attempts,
  };
}

export async function markDone(client: pg.ClientBase, chunk: Chunk, result: { rows: number; bytes: number; rejected: number; seconds: number }, worker: string): Promise<void> {
  await client.query(
    `UPDATE ${STATE_SCHEMA}.copy_chunks SET status = 'done', rows = $3, bytes = $4, rejected = $5, seconds = $6, worker = $7, finished_at = now(), last_error = NULL
     WHERE table_key = $1 AND chunk_no = $2`,
    [chunk.tableKey, chunk.chunkNo, result.rows, result.bytes, result.rejected, result.seconds, worker],
  );
}

/** Records a failed attempt (outside the rolled-back copy transaction). */
export async function recordFailure(client: pg.ClientBase, chunk: Chunk, error: string, final: boolean, worker: string): Promise<void> {
  await client.query(
    `UPDATE ${STATE_SCHEMA}.copy_chunks SET attempts = attempts + 1, last_error = $3, worker = $4, status = CASE WHEN $5 THEN 'failed' ELSE status END
     WHERE table_key = $1 AND chunk_no = $2`,
    [chunk.tableKey, chunk.chunkNo, error, worker, final],
  );
}

export interface QueueStatus {
  readonly tableKey: string;
  readonly chunks: number;
  readonly done: number;
  readonly failed: number;
  readonly pending: number;
  readonly rows: number;
  readonly bytes: number;
  readonly rejected: number;
  readonly seconds: number;
  readonly attempts: number;
  readonly lastError: string | null;
}

export async function queueStatus(client: pg.ClientBase, tableKeys: readonly string[]): Promise<QueueStatus[]> {
  const { rows } = await client.query<{
    table_key: string; chunks: string; done: string; failed: string; pending: string; rows: string | null; bytes: string | null; rejected: string | null; seconds: number | null; attempts: string; last_error: string | null;
  }>(
    `SELECT table_key, count(*) AS chunks, count(*) FILTER (WHERE status = 'done') AS done, count(*) FILTER (WHERE status = 'failed') AS failed,
            count(*) FILTER (WHERE status = 'pending') AS pending, sum(rows) AS rows, sum(bytes) AS bytes, sum(rejected) AS rejected,
            sum(seconds) AS seconds, sum(attempts) AS attempts, max(last_error) AS last_error
     FROM ${STATE_SCHEMA}.copy_chunks WHERE table_key = ANY($1) GROUP BY table_key ORDER BY table_key`,
    [tableKeys],
  );
  return rows.map((r) => ({
    tableKey: r.table_key,
    chunks: Number(r.chunks),
    done: Number(r.done),
    failed: Number(r.failed),
    pending: Number(r.pending),
    rows: Number(r.rows ?? 0),
    bytes: Number(r.bytes ?? 0),
    rejected: Number(r.rejected ?? 0),
    seconds: r.seconds ?? 0,
    attempts: Number(r.attempts),
    lastError: r.last_error,
  }));
}

export function assertSameDigest(table: PlanTable, queued: string | undefined): void {
  if (queued !== undefined && queued !== tableDigest(table)) {
    throw new MigrateError('COPY_PLAN_CHANGED', 'usage', t('error.COPY_PLAN_CHANGED', { table: tableKey(table) }), {
      hint: t('hint.COPY_PLAN_CHANGED'),
    });
  }
}

export interface CopyCompleteness {
  /** False when no copy has ever queued anything in this database. */
  readonly queued: boolean;
  readonly unfinished: readonly { readonly tableKey: string; readonly pending: number; readonly failed: number }[];
  /** Planned tables the queue has no chunks for. */
  readonly notQueued: readonly string[];
}

/** How far the copy of `tables` got, from the queue (the record of truth); what post-data checks first. */
export async function copyCompleteness(client: pg.ClientBase | pg.Pool, tables: readonly PlanTable[]): Promise<CopyCompleteness> {
  const keys = tables.map(tableKey);
  const exists = await client.query<{ queue: string | null }>(`SELECT to_regclass('${STATE_SCHEMA}.copy_chunks')::text AS queue`);
  if (exists.rows[0]?.queue == null) return { queued: false, unfinished: [], notQueued: keys };
  const { rows } = await client.query<{ table_key: string; pending: string; failed: string }>(
    `SELECT table_key, count(*) FILTER (WHERE status = 'pending') AS pending, count(*) FILTER (WHERE status = 'failed') AS failed
     FROM ${STATE_SCHEMA}.copy_chunks WHERE table_key = ANY($1) GROUP BY table_key ORDER BY table_key`,
    [keys],
  );
  const seen = new Set(rows.map((r) => r.table_key));
  return {
    queued: rows.length > 0,
    unfinished: rows.filter((r) => r.pending !== '0' || r.failed !== '0').map((r) => ({ tableKey: r.table_key, pending: Number(r.pending), failed: Number(r.failed) })),
    notQueued: keys.filter((k) => !seen.has(k)),
  };
}
