// Live mode: the dataset in SQL Server (database ms2pg_bench, loaded once per scale), then the real
// pipeline as a user runs it, each step a child process: introspect, plan, apply pre-data, copy
// (measured), apply post-data, verify. Beside it the source bound (our reader alone) and pgloader.
// Connections reach the children through MS2PG_SOURCE / MS2PG_TARGET, never through argv.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPlanDirectory } from '../../dist/plan/plan-io.js';
import { registerSecret } from '../../dist/secrets.js';
import { DATABASE as SOURCE_DATABASE, ensureDataset } from './dataset.mjs';
import { MIGRATE, ROOT, StepError, runNode } from './measure.mjs';
import { pgloaderVersion, runPgloader, settingsGrid } from './pgloader.mjs';
import { describeUrl, dropDatabase, query, recreateDatabase, startPostgres, withDatabase } from './postgres.mjs';

const DATABASE = 'bench_live';
const PGLOADER_DATABASE = 'bench_live_pgloader';
const SOURCE_BOUND = join(ROOT, 'scripts/bench/source-bound.mjs');

const tableArgs = (set) => set.globs.flatMap((glob) => ['--tables', glob]);

/** MSSQL_URL must be an mssql:// URL (as in the tests); its password becomes a secret for the redactor. */
export function sourceUrlFrom(env) {
  const url = env.MSSQL_URL ?? '';
  let parsed;
  try {
    parsed = new URL(url.replace(/^sqlserver:/i, 'mssql:'));
  } catch {
    throw new Error('MSSQL_URL must be a URL: mssql://user:password@host:1433/master?trustServerCertificate=true');
  }
  registerSecret(decodeURIComponent(parsed.password));
  return parsed.toString();
}

export async function liveMode({ scale, reload, jobs, log }) {
  const serverSource = sourceUrlFrom(process.env);
  const dataset = await ensureDataset(serverSource, scale, reload, log);
  const sourceUrl = withDatabase(serverSource, SOURCE_DATABASE);
  const server = await startPostgres();
  const work = mkdtempSync(join(tmpdir(), 'ms2pg-bench-'));
  const teardown = async () => {
    for (const name of [DATABASE, PGLOADER_DATABASE]) await dropDatabase(server.url, name).catch(() => undefined);
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  };
  try {
    const targetUrl = await recreateDatabase(server.url, DATABASE);
    const env = { MS2PG_SOURCE: sourceUrl, MS2PG_TARGET: targetUrl };
    const migrate = async (what, args) => {
      const result = await runNode(MIGRATE, [...args, '--quiet'], { cwd: work, env });
      if (result.code !== 0) throw new StepError(what, result);
      return result.seconds;
    };
    log(`live: ${describeUrl(sourceUrl)} -> PostgreSQL ${describeUrl(targetUrl)}`);
    // The marker schema (bench_meta) is not part of the dataset.
    const pipeline = {
      datasetLoad: dataset.seconds,
      introspect: await migrate('migrate introspect', ['introspect', '--include', 'dbo', '--out', 'catalog.json']),
      plan: await migrate('migrate plan', ['plan', '--catalog', 'catalog.json', '--out', 'plan']),
      applyPreData: await migrate('migrate apply --phase pre-data', ['apply', '--plan', 'plan', '--phase', 'pre-data']),
    };
    const pgloader = pgloaderVersion();
    let postData = false;
    return {
      name: 'live',
      source: `SQL Server ${describeUrl(sourceUrl)}`,
      target: describeUrl(targetUrl),
      targetUrl,
      plan: readPlanDirectory(join(work, 'plan')),
      work,
      pipeline,
      copy: (set, n) => runNode(MIGRATE, ['copy', '--plan', 'plan', '--jobs', String(n), '--restart', '--json', '--quiet', ...tableArgs(set)], { cwd: work, env }),
      exportFiles: (set, n, dir) => runNode(MIGRATE, ['copy', '--plan', 'plan', '--jobs', String(n), '--to-files', dir, '--json', '--quiet', ...tableArgs(set)], { cwd: work, env }),
      loadFiles: (set, n, dir) => runNode(MIGRATE, ['copy', '--plan', 'plan', '--jobs', String(n), '--from-files', dir, '--restart', '--json', '--quiet', ...tableArgs(set)], { cwd: work, env }),
      sourceBound: (set, n) => runNode(SOURCE_BOUND, ['--plan', 'plan', '--jobs', String(n), ...tableArgs(set)], { cwd: work, env }),
      pgloader: pgloader === undefined ? undefined : pgloaderRunner(server.url, sourceUrl, jobs, pgloader),
      // Keys and indexes come after every measured copy (a copy into indexed tables would be slower).
      beforeVerify: async () => {
        if (postData) return;
        pipeline.applyPostData = await migrate('migrate apply --phase post-data', ['apply', '--plan', 'plan', '--phase', 'post-data']);
        postData = true;
      },
      verify: (set, n) => runNode(MIGRATE, ['verify', '--plan', 'plan', '--level', 'checksum', '--jobs', String(n), '--json', '--quiet', ...tableArgs(set)], { cwd: work, env }),
      teardown,
    };
  } catch (error) {
    await teardown();
    throw error;
  }
}

/**
 * pgloader into its own database on the same server (made at its first run); rows it loaded are
 * counted there afterwards. `grid`: the settings to try; the harness runs the fastest.
 */
function pgloaderRunner(serverUrl, sourceUrl, jobs, version) {
  let database;
  return {
    version,
    grid: settingsGrid(jobs),
    async run(set, settings) {
      database ??= recreateDatabase(serverUrl, PGLOADER_DATABASE);
      const targetUrl = await database;
      const { seconds, importSeconds, error } = await runPgloader(sourceUrl, targetUrl, settings, set.like);
      // pgloader lower-cases names and keeps the schema: dbo.narrow, dbo.small_001, ...
      const counts = set.tables.map((t) => `SELECT count(*) AS n FROM dbo.${t}`).join(' UNION ALL ');
      const rows = await query(targetUrl, `SELECT sum(n)::bigint AS n FROM (${counts}) AS c`)
        .then((r) => Number(r[0].n))
        .catch(() => null);
      return { seconds: importSeconds, wallSeconds: seconds, rows, error };
    },
  };
}
