/**
 * `migrate copy --to-files DIR`: every chunk of the planned tables into a file of its own, for
 * carrying across a network boundary. Chunks are the copy's (the same boundaries, computed on the
 * source); workers are the copy's too (a thread each when running from the build), but they take
 * their chunks from this thread, which alone writes manifest.json: after each finished file, so a
 * killed export resumes with the chunks whose files it has not recorded.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { MigrateError, errorMessage } from '../../errors.js';
import { t, threadEnv } from '../../i18n/index.js';
import type { Plan, PlanTable } from '../../plan/plan-model.js';
import { isTransient, openWithRetry, RetryBudget } from '../../retry.js';
import { hasBinaryEncoders, type NulPolicy } from '../../target/postgres/copy-binary.js';
import { tableDigest, tableKey } from '../queue.js';
import { appendRejects, rejectRecord, type RejectRecord } from '../rejects.js';
import { copiedColumns, WORKER_RESOURCE_LIMITS, type RowBatch, type RowSource } from '../row-source.js';
import { digestable, ROW_DIGEST_ALGORITHM, RowDigester, type RowDigest } from '../../verify/row-digest.js';
import { chunkBoundaries, selectTables } from '../run-copy.js';
import { openSource, type RowSourceConfig } from '../source-config.js';
import { builtEntry } from '../thread-entry.js';
import type { CopyEvent } from '../worker.js';
import { writeChunkFile } from './chunk-file.js';
import { chunkFileName, MANIFEST_FILE, MANIFEST_FORMAT_VERSION, planDigest, readManifest, writeManifest, type Compression, type Manifest, type ManifestChunk, type ManifestTable } from './manifest.js';

export interface ExportOptions {
  readonly jobs: number;
  readonly rowsPerChunk: number | undefined;
  /** Globs over source or target `schema.table` names; empty: all planned tables. */
  readonly tables: readonly string[];
  readonly compression: Compression;
  readonly nul: NulPolicy;
  readonly onError: 'stop' | 'skip-row';
  readonly retrySeconds: number;
  readonly rejectsFile: string;
}

/** A chunk to write: which table, which key range, which file. */
export interface ExportJob {
  readonly table: string;
  readonly chunk: number;
  readonly chunks: number;
  readonly lower: readonly string[] | null;
  readonly upper: readonly string[] | null;
  readonly file: string;
}

export type ExportEvent = CopyEvent | { readonly type: 'chunk-file'; readonly table: string; readonly written: ManifestChunk };

export interface ExportSummary {
  readonly dir: string;
  readonly compression: Compression;
  readonly tables: readonly { readonly tableKey: string; readonly chunks: number; readonly done: number; readonly rows: number; readonly bytes: number; readonly copyBytes: number }[];
  readonly retries: number;
  readonly rejected: number;
  readonly seconds: number;
  readonly complete: boolean;
  readonly sourceRead: string;
}

export interface ExportWorkerDeps {
  readonly workerId: string;
  readonly dir: string;
  readonly tables: ReadonlyMap<string, PlanTable>;
  readonly options: ExportOptions;
  readonly openSource: () => Promise<RowSource>;
  /** The next chunk to write; undefined when there is none (or the export stops). */
  readonly next: () => Promise<ExportJob | undefined>;
  readonly emit: (event: ExportEvent) => void;
}

/** One worker: writes the chunks it is given until there are none; waits out source outages like the copy. */
export async function runExportWorker(deps: ExportWorkerDeps): Promise<void> {
  const budget = new RetryBudget(deps.options.retrySeconds);
  let source = await deps.openSource();
  try {
    let job = await deps.next();
    let attempt = 0;
    while (job !== undefined) {
      const table = deps.tables.get(job.table);
      if (table === undefined) throw new Error(`exported table ${job.table} is not in the plan`);
      deps.emit({ type: 'chunk-start', table: job.table, chunk: job.chunk, chunks: job.chunks, worker: deps.workerId });
      try {
        const started = performance.now();
        const { written, rejects, nulChanged } = await exportChunk(source, table, job, deps);
        budget.succeeded();
        if (rejects.length > 0) deps.emit({ type: 'rejects', records: rejects });
        deps.emit({ type: 'chunk-file', table: job.table, written });
        deps.emit({ type: 'chunk-done', table: job.table, chunk: job.chunk, rows: written.rows, bytes: written.bytes, seconds: (performance.now() - started) / 1000, rejected: rejects.length, nulChanged });
      } catch (error) {
        const message = errorMessage(error);
        if (isTransient(error) && (await budget.waitBeforeRetry())) {
          await source.close().catch(() => undefined);
          source = await openWithRetry(deps.openSource, budget);
          deps.emit({ type: 'retry', table: job.table, chunk: job.chunk, attempt: ++attempt, error: message });
          continue;
        }
        deps.emit({ type: 'chunk-failed', table: job.table, chunk: job.chunk, error: message });
      }
      attempt = 0;
      job = await deps.next();
    }
  } finally {
    await source.close().catch(() => undefined);
  }
}

async function exportChunk(source: RowSource, table: PlanTable, job: ExportJob, deps: ExportWorkerDeps): Promise<{ written: ManifestChunk; rejects: RejectRecord[]; nulChanged: number }> {
  const columns = copiedColumns(table);
  const rejects: RejectRecord[] = [];
  let nulChanged = 0;
  let reported = { rows: 0, bytes: 0 };
  const range = { lower: job.lower ?? undefined, upper: job.upper ?? undefined };
  const digest = digestable(table) ? RowDigester.forSource(table) : undefined;
  const result = await writeChunkFile(
    deps.dir,
    job.file,
    { schema: table.target.schema, name: table.target.name, columns: columns.map((c) => c.target.name), encoders: columns.map((c) => c.encoder) },
    digest === undefined ? source.read(table, range) : digesting(source.read(table, range), digest),
    deps.options.compression,
    {
      nul: deps.options.nul,
      onNulChanged: () => {
        nulChanged++;
      },
      onReject: ({ row, rejection }) => {
        rejects.push(rejectRecord(table, row, rejection.column, rejection.reason));
        if (deps.options.onError === 'stop') throw new Error(t('copy.rowRefused', { key: JSON.stringify(rejects[0]?.key), reason: rejection.reason }));
      },
      onProgress: (rows, bytes) => {
        deps.emit({ type: 'progress', table: job.table, rows: rows - reported.rows, bytes: bytes - reported.bytes });
        reported = { rows, bytes };
      },
    },
  );
  return { written: { chunk: job.chunk, lower: job.lower === null ? null : [...job.lower], upper: job.upper === null ? null : [...job.upper], file: job.file, ...result, ...sourceDigest(digest) }, rejects, nulChanged };
}

/** The manifest's field for a chunk's digest: none for tables or chunks that could not be digested. */
function sourceDigest(digest: RowDigester | undefined): { sourceDigest?: RowDigest } {
  const result = digest?.result();
  return result === undefined ? {} : { sourceDigest: result };
}

/** The batches as read, each row added to the digest before the writer sees it (rows it rejects included). */
async function* digesting(batches: AsyncIterable<RowBatch>, digest: RowDigester): AsyncIterable<RowBatch> {
  for await (const batch of batches) {
    for (const row of batch) digest.add(row);
    yield batch;
  }
}

/** The manifest to continue: the one in `dir` when it is for this plan, else a new one. */
function startManifest(plan: Plan, dir: string, compression: Compression): Manifest {
  if (!existsSync(join(dir, MANIFEST_FILE))) {
    return { formatVersion: MANIFEST_FORMAT_VERSION, planDigest: planDigest(plan), source: { server: plan.source.server, database: plan.source.database }, compression, rowDigest: ROW_DIGEST_ALGORITHM, tables: [] };
  }
  const manifest = readManifest(dir);
  if (manifest.planDigest !== planDigest(plan)) {
    throw new MigrateError('EXPORT_OTHER_PLAN', 'usage', t('error.EXPORT_OTHER_PLAN', { dir }), { hint: t('hint.EXPORT_OTHER_PLAN') });
  }
  if (manifest.compression !== compression) {
    throw new MigrateError('EXPORT_OTHER_COMPRESSION', 'usage', t('error.EXPORT_OTHER_COMPRESSION', { dir, found: manifest.compression, asked: compression }), { hint: t('hint.EXPORT_OTHER_COMPRESSION', { found: manifest.compression }) });
  }
  // Resumed by another version of ms2pg: its chunks keep their files but lose digests made another way.
  if (manifest.rowDigest !== ROW_DIGEST_ALGORITHM) {
    for (const table of manifest.tables) table.chunks = table.chunks.map(({ sourceDigest: _, ...chunk }) => chunk);
    manifest.rowDigest = ROW_DIGEST_ALGORITHM;
  }
  return manifest;
}

/** A recorded chunk counts only while its file is there at the recorded size (a resumed export writes it again otherwise). */
function fileIntact(dir: string, chunk: ManifestChunk): boolean {
  try {
    return statSync(join(dir, chunk.file)).size === chunk.bytes;
  } catch {
    return false;
  }
}

export async function exportToFiles(plan: Plan, source: RowSourceConfig, dir: string, options: ExportOptions, onEvent: (event: CopyEvent) => void): Promise<ExportSummary> {
  const started = performance.now();
  const tables = selectTables(plan, options.tables);
  if (tables.length === 0) throw new MigrateError('COPY_NO_TABLES', 'usage', t('error.COPY_NO_TABLES'));
  const withObjects = tables.find((t) => t.columns.some((c) => c.encoder === 'large-object'));
  if (withObjects !== undefined) {
    throw new MigrateError('EXPORT_LARGE_OBJECTS', 'usage', t('error.EXPORT_LARGE_OBJECTS', { table: tableKey(withObjects) }), { hint: t('hint.EXPORT_LARGE_OBJECTS') });
  }
  mkdirSync(dir, { recursive: true });
  const manifest = startManifest(plan, dir, options.compression);
  const entries = new Map(manifest.tables.map((t) => [t.table, t]));
  const reader = await openSource(source);
  try {
    for (const table of tables) {
      const existing = entries.get(tableKey(table));
      if (existing !== undefined) {
        existing.chunks = existing.chunks.filter((c) => fileIntact(dir, c));
        continue;
      }
      const entry: ManifestTable = {
        table: tableKey(table),
        source: `${table.source.schema}.${table.source.name}`,
        digest: tableDigest(table),
        format: hasBinaryEncoders(copiedColumns(table).map((c) => c.encoder)) ? 'binary' : 'text',
        boundaries: await chunkBoundaries(reader, table, options.rowsPerChunk, options.jobs),
        chunks: [],
      };
      manifest.tables.push(entry);
      entries.set(entry.table, entry);
    }
  } finally {
    await reader.close();
  }
  manifest.tables.sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : 0));
  writeManifest(dir, manifest);

  const jobs: ExportJob[] = [];
  for (const table of tables) {
    const entry = entries.get(tableKey(table));
    if (entry === undefined) continue;
    const done = new Set(entry.chunks.map((c) => c.chunk));
    const count = entry.boundaries.length + 1;
    for (let chunk = 0; chunk < count; chunk++) {
      if (done.has(chunk)) continue;
      jobs.push({ table: entry.table, chunk, chunks: count, lower: entry.boundaries[chunk - 1] ?? null, upper: entry.boundaries[chunk] ?? null, file: chunkFileName(table, chunk, options.compression) });
    }
  }
  // Largest tables first, as the copy queues them.
  const size = new Map(tables.map((t) => [tableKey(t), t.bytes ?? t.rows ?? 0]));
  jobs.sort((a, b) => (size.get(b.table) ?? 0) - (size.get(a.table) ?? 0) || a.chunk - b.chunk);

  let retries = 0;
  let rejected = 0;
  let stopped = false;
  const handle = (event: ExportEvent): void => {
    if (event.type === 'chunk-file') {
      const entry = entries.get(event.table);
      if (entry === undefined) return;
      entry.chunks = [...entry.chunks.filter((c) => c.chunk !== event.written.chunk), event.written].sort((a, b) => a.chunk - b.chunk);
      writeManifest(dir, manifest);
      return;
    }
    if (event.type === 'retry') retries++;
    if (event.type === 'rejects') appendRejects(options.rejectsFile, event.records);
    if (event.type === 'chunk-done') rejected += event.rejected;
    if (event.type === 'chunk-failed' && options.onError === 'stop') stopped = true;
    onEvent(event);
  };
  const next = (): ExportJob | undefined => (stopped ? undefined : jobs.shift());
  await runExportWorkers(tables, source, dir, options, next, handle);

  const summary = tables.map((table) => {
    const entry = entries.get(tableKey(table));
    const chunks = entry?.chunks ?? [];
    return {
      tableKey: tableKey(table),
      chunks: (entry?.boundaries.length ?? 0) + 1,
      done: chunks.length,
      rows: chunks.reduce((n, c) => n + c.rows, 0),
      bytes: chunks.reduce((n, c) => n + c.bytes, 0),
      copyBytes: chunks.reduce((n, c) => n + c.copyBytes, 0),
    };
  });
  return {
    dir,
    compression: options.compression,
    tables: summary,
    retries,
    rejected,
    seconds: (performance.now() - started) / 1000,
    complete: summary.every((t) => t.done === t.chunks),
    sourceRead: source.kind === 'mssql' && source.snapshot ? t('copy.read.snapshot') : t('copy.read.readCommittedExport'),
  };
}

/** Data for an export worker thread (export-thread.ts). */
export interface ExportThreadData {
  readonly workerId: string;
  readonly tables: readonly PlanTable[];
  readonly source: RowSourceConfig;
  readonly dir: string;
  readonly options: ExportOptions;
}

/** Messages of the job protocol: the thread asks, this thread answers with a job or none. */
export type ExportThreadMessage = { readonly type: 'next' } | { readonly type: 'event'; readonly event: ExportEvent };

async function runExportWorkers(tables: readonly PlanTable[], source: RowSourceConfig, dir: string, options: ExportOptions, next: () => ExportJob | undefined, emit: (event: ExportEvent) => void): Promise<void> {
  const ids = Array.from({ length: options.jobs }, (_, i) => `${process.pid}-${i + 1}`);
  const entry = builtEntry(new URL('./export-thread.js', import.meta.url));
  if (entry === undefined) {
    // Running from sources (tests): the workers share this thread.
    const map = new Map(tables.map((t) => [tableKey(t), t]));
    await Promise.all(ids.map((workerId) => runExportWorker({ workerId, dir, tables: map, options, openSource: () => openSource(source), next: () => Promise.resolve(next()), emit })));
    return;
  }
  await Promise.all(
    ids.map(
      (workerId) =>
        new Promise<void>((resolve, reject) => {
          const data: ExportThreadData = { workerId, tables, source, dir, options };
          const worker = new Worker(entry, { workerData: data, env: threadEnv(process.env), resourceLimits: WORKER_RESOURCE_LIMITS });
          worker.on('message', (message: ExportThreadMessage) => {
            if (message.type === 'next') worker.postMessage(next() ?? null);
            else emit(message.event);
          });
          worker.on('error', (error) => {
            reject(new MigrateError('COPY_WORKER_FAILED', 'runtime', t('error.COPY_WORKER_FAILED.export', { reason: errorMessage(error) }), { cause: error }));
          });
          worker.on('exit', () => {
            resolve();
          });
        }),
    ),
  );
}
