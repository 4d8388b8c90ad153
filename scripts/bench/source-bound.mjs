// Child process of the live benchmark: the source bound. Reads every row of the selected tables
// with the project's own SQL Server reader (MssqlRowSource: the copy's SELECTs, chunks and driver
// settings) and discards them, with --jobs worker threads like migrate copy. What the copy cannot
// beat however fast it writes. Prints a JSON summary on stdout.
//
//   MS2PG_SOURCE=mssql://... node scripts/bench/source-bound.mjs --plan DIR [--jobs N] [--tables GLOB]...
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { parseArgs } from 'node:util';
import { resolveSettings } from '../../dist/config/load.js';
import { tableKey } from '../../dist/copy/queue.js';
import { chunkBoundaries, selectTables } from '../../dist/copy/run-copy.js';
import { openSource } from '../../dist/copy/source-config.js';
import { readPlanDirectory } from '../../dist/plan/plan-io.js';
import { mssqlSettingsFrom } from '../../dist/source/mssql/connection.js';

/** Chunks as the copy queues them: key ranges from the source's boundaries, largest tables first. */
async function chunksOf(tables, source, jobs) {
  const chunks = [];
  for (const table of [...tables].sort((a, b) => (b.bytes ?? b.rows ?? 0) - (a.bytes ?? a.rows ?? 0))) {
    const bounds = await chunkBoundaries(source, table, undefined, jobs);
    for (let i = 0; i <= bounds.length; i++) {
      chunks.push({ table: tableKey(table), range: { lower: i === 0 ? undefined : bounds[i - 1], upper: i === bounds.length ? undefined : bounds[i] } });
    }
  }
  return chunks;
}

/** Main thread: plan the chunks, hand them to the workers one at a time, add up the rows. */
async function main() {
  const { values } = parseArgs({
    options: {
      plan: { type: 'string', default: 'plan' },
      jobs: { type: 'string', default: '1' },
      tables: { type: 'string', multiple: true, default: [] },
    },
  });
  const jobs = Number(values.jobs);
  const connection = mssqlSettingsFrom(resolveSettings({ flags: {}, env: process.env, cwd: process.cwd() }));
  const tables = selectTables(readPlanDirectory(values.plan), values.tables);
  const started = performance.now();
  const source = await openSource({ kind: 'mssql', connection, snapshot: false });
  let chunks;
  try {
    chunks = await chunksOf(tables, source, jobs);
  } finally {
    await source.close();
  }
  const chunkCount = chunks.length;
  const rows = new Map(tables.map((t) => [tableKey(t), 0]));
  const workers = Array.from({ length: jobs }, () => new Worker(new URL(import.meta.url), { workerData: { connection, tables } }));
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise((resolve, reject) => {
          worker.on('message', (message) => {
            if (message.done !== undefined) rows.set(message.done.table, (rows.get(message.done.table) ?? 0) + message.done.rows);
            worker.postMessage(chunks.shift() ?? null);
          });
          worker.on('error', reject);
          worker.on('exit', resolve);
        }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const total = [...rows.values()].reduce((a, b) => a + b, 0);
  process.stdout.write(`${JSON.stringify({ seconds, rows: total, chunks: chunkCount, tables: Object.fromEntries(rows) })}\n`);
}

/** Worker thread: its own connection; reads each chunk it is given to the end and keeps only the count. */
async function worker() {
  const { connection, tables } = workerData;
  const byKey = new Map(tables.map((t) => [tableKey(t), t]));
  const source = await openSource({ kind: 'mssql', connection, snapshot: false });
  const next = () => new Promise((resolve) => parentPort.once('message', resolve));
  try {
    parentPort.postMessage({});
    for (let chunk = await next(); chunk !== null; chunk = await next()) {
      let rows = 0;
      for await (const batch of source.read(byKey.get(chunk.table), chunk.range)) rows += batch.length;
      parentPort.postMessage({ done: { table: chunk.table, rows } });
    }
  } finally {
    await source.close();
  }
}

await (isMainThread ? main() : worker());
