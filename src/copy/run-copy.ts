/**
 * The copy run: start the workers (threads when running from the build, so encoding uses every
 * core), queue the planned tables' chunks in the target meanwhile (largest first, boundaries
 * computed on the source), let the workers claim them, collect their events, and summarise from
 * the queue, which is the record of truth.
 */
import { Worker } from 'node:worker_threads';
import type pg from 'pg';
import { MigrateError, errorMessage } from '../errors.js';
import { t, threadEnv } from '../i18n/index.js';
import { openWithRetry, RetryBudget } from '../retry.js';
import { globToRegExp } from '../model/object-filter.js';
import type { Plan, PlanTable } from '../plan/plan-model.js';
import { isChunkableKey } from '../source/mssql/chunk-sql.js';
import type { PgConnectionSettings } from '../target/postgres/connection.js';
import { quoteQualified } from '../target/postgres/quote.js';
import { assertSameDigest, clearQueue, enqueueTable, ensureQueue, queueStatus, queuedTables, resetFailed, tableKey, tablesWithDoneChunks, type QueueStatus } from './queue.js';
import { appendRejects } from './rejects.js';
import { WORKER_RESOURCE_LIMITS, type RowSource } from './row-source.js';
import { manifestTables, readManifest } from './files/manifest.js';
import { openFeed, openSource, openTarget, type SourceConfig } from './source-config.js';
import { builtEntry } from './thread-entry.js';
import { queueSignal, runWorker, type CopyEvent, type CopyOptions } from './worker.js';
import type { WorkerThreadData } from './worker-thread.js';

export interface CopyRunOptions extends CopyOptions {
  readonly jobs: number;
  /** Rows per chunk; by default rowsPerChunk() sizes it from the catalog (up to ~64 MB, never below 50,000 rows). */
  readonly rowsPerChunk: number | undefined;
  /** Globs over source or target `schema.table` names; empty: all planned tables. */
  readonly tables: readonly string[];
  /** Clear the queue and truncate the selected tables first. */
  readonly restart: boolean;
  /** Empty selected tables that hold rows this copy did not write; without it the copy refuses them. */
  readonly truncate: boolean;
  /** Only work on an existing queue (a scale-out worker on another machine). */
  readonly workerOnly: boolean;
  readonly rejectsFile: string;
}

export interface CopySummary {
  readonly tables: readonly (QueueStatus & { readonly wallSeconds: number })[];
  /** Tables --truncate emptied because they held rows this copy did not write, with those rows. */
  readonly truncated: readonly { readonly table: string; readonly rows: number }[];
  /** Failed attempts of chunks (the queue's record), plus faults waited out between chunks. */
  readonly retries: number;
  readonly rejected: number;
  /** Text values whose U+0000 was stripped or replaced (this run), under --nul strip/replace. */
  readonly nulChanged: number;
  readonly seconds: number;
  readonly complete: boolean;
  readonly sourceRead: string;
}

const CHUNK_TARGET_BYTES = 64 * 1024 * 1024;
const MIN_CHUNK_ROWS = 50_000;
const CHUNKS_PER_WORKER = 4;

export function selectTables(plan: Plan, globs: readonly string[]): PlanTable[] {
  if (globs.length === 0) return [...plan.tables];
  const patterns = globs.map((g) => globToRegExp(g));
  return plan.tables.filter((t) => patterns.some((p) => p.test(`${t.source.schema}.${t.source.name}`) || p.test(tableKey(t))));
}

/** Row size to assume when the catalog has counts but no sizes (e.g. from a server without allocation views). */
const ASSUMED_ROW_BYTES = 200;

/** A chunk of rows this large (documents) is split below MIN_CHUNK_ROWS: a retried chunk is read again whole. */
const MAX_CHUNK_BYTES = 1024 * 1024 * 1024;

/**
 * Rows per chunk: at most ~64 MB of data, and small enough that every worker gets several chunks
 * of a big table (so --jobs helps even with one large table), but never below 50,000 rows, unless
 * 50,000 rows would be over 1 GB (a table of documents): then as many as make 1 GB, at least one.
 */
export function rowsPerChunk(table: PlanTable, override: number | undefined, jobs: number): number {
  if (override !== undefined) return override;
  if (table.rows === null || table.rows === 0) return Number.MAX_SAFE_INTEGER;
  const rowBytes = table.bytes === null || table.bytes === 0 ? ASSUMED_ROW_BYTES : Math.max(1, table.bytes / table.rows);
  const bySize = Math.floor(CHUNK_TARGET_BYTES / rowBytes);
  const byWorkers = Math.ceil(table.rows / (jobs * CHUNKS_PER_WORKER));
  const fewest = Math.min(MIN_CHUNK_ROWS, Math.max(1, Math.floor(MAX_CHUNK_BYTES / rowBytes)));
  return Math.max(fewest, Math.min(bySize, byWorkers));
}

/** Where a table's chunks end (none: one chunk); a table under 1.5 chunks is not worth splitting. */
export async function chunkBoundaries(source: RowSource, table: PlanTable, override: number | undefined, jobs: number): Promise<string[][]> {
  const perChunk = rowsPerChunk(table, override, jobs);
  const split = isChunkableKey(table.key) && table.rows !== null && table.rows > perChunk * 1.5;
  return split ? source.boundaries(table, perChunk) : [];
}

/**
 * Queues the chunks of tables not queued yet; a queue left by an earlier run is resumed. All of it
 * in one transaction: a commit per table (and a TRUNCATE statement per table with --restart) was
 * most of the cost of a copy of many small tables. A table this copy has not written to yet must be
 * empty: rows someone else put there would be mixed with the copied ones, so the copy refuses them
 * unless --truncate (or --restart) says to empty the table.
 */
async function prepareQueue(client: pg.ClientBase, boundaries: (table: PlanTable) => Promise<string[][]>, tables: readonly PlanTable[], options: CopyRunOptions): Promise<{ table: string; rows: number }[]> {
  await ensureQueue(client);
  await client.query('BEGIN');
  try {
    if (options.restart) {
      await clearQueue(client, tables.map(tableKey));
      await truncateAll(client, tables);
    }
    await resetFailed(client, tables.map(tableKey));
    const queued = await queuedTables(client);
    const written = await tablesWithDoneChunks(client, tables.map(tableKey));
    const foreign = await tablesHoldingRows(client, tables.filter((t) => !written.has(tableKey(t))));
    if (foreign.length > 0 && !options.truncate) {
      throw new MigrateError('COPY_TARGET_NOT_EMPTY', 'usage', t('error.COPY_TARGET_NOT_EMPTY', { tables: foreign.map((f) => t('copy.tableRows', { table: tableKey(f.table), count: f.rows })).join(', ') }), {
        hint: t('hint.COPY_TARGET_NOT_EMPTY'),
      });
    }
    await truncateAll(client, foreign.map((f) => f.table));
    for (const table of tables) {
      const digest = queued.get(tableKey(table));
      assertSameDigest(table, digest);
      if (digest !== undefined) continue;
      await enqueueTable(client, table, await boundaries(table), table.bytes ?? table.rows ?? 0);
    }
    await client.query('COMMIT');
    return foreign.map((f) => ({ table: tableKey(f.table), rows: f.rows }));
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Of `tables`, those holding at least one row, with their row counts (checked 200 tables a query). */
async function tablesHoldingRows(client: pg.ClientBase, tables: readonly PlanTable[]): Promise<{ table: PlanTable; rows: number }[]> {
  const found: { table: PlanTable; rows: number }[] = [];
  for (let i = 0; i < tables.length; i += 200) {
    const group = tables.slice(i, i + 200);
    const { rows } = await client.query<{ i: number }>(group.map((t, j) => `SELECT ${j} AS i WHERE EXISTS (SELECT 1 FROM ${quoteQualified(t.target.schema, t.target.name)})`).join(' UNION ALL '));
    for (const { i: index } of rows) {
      const table = group[index];
      if (table === undefined) continue;
      const counted = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quoteQualified(table.target.schema, table.target.name)}`);
      found.push({ table, rows: Number(counted.rows[0]?.n ?? 0) });
    }
  }
  return found;
}

/** --restart empties the tables in one statement; when that fails, one at a time names the table that cannot be emptied. */
async function truncateAll(client: pg.ClientBase, tables: readonly PlanTable[]): Promise<void> {
  if (tables.length === 0) return;
  await client.query('SAVEPOINT truncate_all');
  try {
    await client.query(`TRUNCATE ${tables.map((t) => quoteQualified(t.target.schema, t.target.name)).join(', ')}`);
    return;
  } catch {
    await client.query('ROLLBACK TO SAVEPOINT truncate_all');
  }
  for (const table of tables) {
    await client.query(`TRUNCATE ${quoteQualified(table.target.schema, table.target.name)}`).catch((error: unknown) => {
      throw new MigrateError('COPY_RESTART_FAILED', 'runtime', t('error.COPY_RESTART_FAILED', { table: tableKey(table), reason: errorMessage(error) }), {
        hint: t('hint.COPY_RESTART_FAILED'),
      });
    });
  }
}


export async function runCopy(
  plan: Plan,
  source: SourceConfig,
  target: PgConnectionSettings,
  env: NodeJS.ProcessEnv,
  options: CopyRunOptions,
  onEvent: (event: CopyEvent) => void,
): Promise<CopySummary> {
  const started = performance.now();
  const tables = selectTables(plan, options.tables);
  if (tables.length === 0) throw new MigrateError('COPY_NO_TABLES', 'usage', t('error.COPY_NO_TABLES'));
  const walls = new Map<string, { first: number; last: number }>();
  let nulChanged = 0;
  let reconnects = 0;
  let stopped = false;
  const handle = (event: CopyEvent): void => {
    if (event.type === 'rejects') appendRejects(options.rejectsFile, event.records);
    if (event.type === 'reconnect') reconnects++;
    if (event.type === 'chunk-done') nulChanged += event.nulChanged;
    if (event.type === 'chunk-failed' && options.onError === 'stop') stopped = true;
    if (event.type === 'chunk-start' || event.type === 'chunk-done') {
      const now = performance.now();
      const wall = walls.get(event.table) ?? { first: now, last: now };
      wall.last = now;
      walls.set(event.table, wall);
    }
    onEvent(event);
  };
  // Workers start (threads load, connect) while the queue is prepared, and claim once it is.
  const workers = startWorkers(tables, source, target, env, options, handle, () => stopped);
  let truncated: { table: string; rows: number }[] = [];
  try {
    if (!options.workerOnly) {
      const coordinator = await openTarget(target, env);
      try {
        truncated = await withChunking(source, tables, options, (boundaries) => prepareQueue(coordinator, boundaries, tables, options));
      } finally {
        await coordinator.end();
      }
    }
  } catch (error) {
    stopped = true;
    await workers.stop();
    throw error;
  }
  await workers.claim();
  // The queue is the record of truth; read it on a fresh connection (the target may have restarted since).
  const reader = await openWithRetry(() => openTarget(target, env), new RetryBudget(options.retrySeconds));
  const status = await queueStatus(reader, tables.map(tableKey)).finally(() => reader.end());
  const summary = status.map((s) => {
    const wall = walls.get(s.tableKey);
    return { ...s, wallSeconds: wall === undefined ? 0 : (wall.last - wall.first) / 1000 };
  });
  return {
    tables: summary,
    truncated,
    retries: summary.reduce((n, s) => n + s.attempts, reconnects),
    rejected: summary.reduce((n, s) => n + s.rejected, 0),
    nulChanged,
    seconds: (performance.now() - started) / 1000,
    complete: summary.every((s) => s.done === s.chunks),
    sourceRead: describeRead(source),
  };
}

/** How the rows were read, for the summary: consistency depends on it. */
export function describeRead(source: SourceConfig): string {
  switch (source.kind) {
    case 'synthetic':
      return t('copy.read.synthetic');
    case 'files':
      return t('copy.read.files', { dir: source.dir });
    case 'mssql':
      return source.snapshot ? t('copy.read.snapshot') : t('copy.read.readCommitted');
  }
}

/**
 * Runs `work` with where each table's chunks end: computed on the source, or, for --from-files, the
 * export's own boundaries (so every chunk is one file), once all of its files are there.
 */
async function withChunking<T>(source: SourceConfig, tables: readonly PlanTable[], options: CopyRunOptions, work: (boundaries: (table: PlanTable) => Promise<string[][]>) => Promise<T>): Promise<T> {
  if (source.kind === 'files') {
    const entries = manifestTables(readManifest(source.dir), tables, source.dir);
    for (const entry of entries.values()) {
      if (entry.chunks.length !== entry.boundaries.length + 1) {
        throw new MigrateError('MANIFEST_INCOMPLETE', 'usage', t('error.MANIFEST_INCOMPLETE', { table: entry.table, files: entry.chunks.length, chunks: entry.boundaries.length + 1 }), {
          hint: t('hint.MANIFEST_INCOMPLETE'),
        });
      }
    }
    return work((table) => Promise.resolve(entries.get(tableKey(table))?.boundaries ?? []));
  }
  const reader = await openSource(source);
  try {
    return await work((table) => chunkBoundaries(reader, table, options.rowsPerChunk, options.jobs));
  } finally {
    await reader.close();
  }
}

interface StartedWorkers {
  /** Lets the workers claim chunks; resolves when every one has finished. */
  claim(): Promise<void>;
  /** Ends the workers before they claim anything (the queue could not be prepared). */
  stop(): Promise<void>;
}

function startWorkers(
  tables: readonly PlanTable[],
  source: SourceConfig,
  target: PgConnectionSettings,
  env: NodeJS.ProcessEnv,
  options: CopyRunOptions,
  emit: (event: CopyEvent) => void,
  stopped: () => boolean,
): StartedWorkers {
  const entry = builtEntry(new URL('./worker-thread.js', import.meta.url));
  const ids = Array.from({ length: options.jobs }, (_, i) => `${process.pid}-${i + 1}`);
  if (entry === undefined) {
    // Running from sources (tests): workers share this thread.
    const map = new Map(tables.map((t) => [tableKey(t), t]));
    const { queueReady, claim } = queueSignal();
    const finished = Promise.all(ids.map((workerId) => runWorker({ workerId, tables: map, options, openSource: () => openFeed(source), openTarget: () => openTarget(target, env), emit, stopped, queueReady })));
    // Awaited by claim() or stop(); a failure before that must not go unhandled.
    finished.catch(() => undefined);
    return {
      claim: async () => {
        claim();
        await finished;
      },
      stop: async () => {
        claim();
        await finished.catch(() => undefined);
      },
    };
  }
  const workers = ids.map((workerId) => {
    const data: WorkerThreadData = { workerId, tables, source, target, options };
    return new Worker(entry, { workerData: data, env: threadEnv(env), resourceLimits: WORKER_RESOURCE_LIMITS });
  });
  const finished = Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          worker.on('message', (event: CopyEvent) => {
            emit(event);
          });
          worker.on('error', (error) => {
            reject(new MigrateError('COPY_WORKER_FAILED', 'runtime', t('error.COPY_WORKER_FAILED', { reason: errorMessage(error) }), { cause: error }));
          });
          worker.on('exit', () => {
            resolve();
          });
        }),
    ),
  );
  finished.catch(() => undefined);
  return {
    claim: async () => {
      for (const worker of workers) worker.postMessage('claim');
      const stopTimer = setInterval(() => {
        if (stopped()) for (const worker of workers) worker.postMessage('stop');
      }, 200);
      try {
        await finished;
      } finally {
        clearInterval(stopTimer);
        await Promise.all(workers.map((w) => w.terminate()));
      }
    },
    stop: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
