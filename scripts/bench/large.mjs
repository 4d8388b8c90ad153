// The large-values part: four 256 MB values and one 1 GB value (10^9 bytes, under bytea's limit;
// every size times --scale when it is below 1) in one table, dbo.documents, copied with the
// highest --jobs and then verified, each a measured child process: peak RSS and seconds of both.
// Synthetic mode generates the values in the copy process (AES-CTR bytes, as incompressible as
// scanned documents); live mode loads them into database ms2pg_bench_large once per size list
// (sent as parameters: T-SQL cannot build random bytes portably) and runs the CLI as a user would.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { documentsCatalog } from '../../dist/copy/synthetic-catalog.js';
import { loadMappings } from '../../dist/mapping/load.js';
import { buildPlan } from '../../dist/plan/build-plan.js';
import { writePlanDirectory } from '../../dist/plan/plan-io.js';
import { markerRow } from './dataset.mjs';
import { sourceUrlFrom } from './live.mjs';
import { MIGRATE, ROOT, StepError, firstError, lastJson, run, runNode } from './measure.mjs';
import { describeUrl, dropDatabase, forChild, recreateDatabase, startPostgres, withDatabase } from './postgres.mjs';

const MiB = 1024 * 1024;
const TARGET_DATABASE = 'bench_large';
export const SOURCE_DATABASE = 'ms2pg_bench_large';
const LOADER = join(ROOT, 'scripts/bench/large-load.mjs');
const SYNTHETIC_COPY = join(ROOT, 'scripts/synthetic-copy.mjs');
const SYNTHETIC_VERIFY = join(ROOT, 'scripts/bench/synthetic-verify.mjs');

/** The values' sizes in bytes at `scale`. */
export function largeSizes(scale) {
  return [256 * MiB, 256 * MiB, 256 * MiB, 256 * MiB, 1e9].map((n) => Math.max(1, Math.round(n * Math.min(1, scale))));
}

const describeSizes = (sizes) => sizes.map((n) => (n >= 1e9 ? `${(n / 1e9).toFixed(1)} GB` : `${(n / MiB).toFixed(n >= 10 * MiB ? 0 : 1)} MB`)).join(', ');

/**
 * Loads dbo.documents into SQL Server unless the marker says it holds these sizes already. The load
 * runs in a child process (large-load.mjs): a value sent as a parameter is held whole, and Linux
 * counts the RSS a process had when it started a child in the child's peak RSS, which would have
 * put the loader's gigabyte into every measured copy's figure.
 */
async function ensureLargeDataset(url, sizes, reload, log) {
  const list = sizes.join(',');
  const marker = await markerRow(url, SOURCE_DATABASE, 'SELECT sizes FROM bench_meta.large_values');
  if (!reload && marker?.sizes === list) {
    log(`large values: ${SOURCE_DATABASE} already holds ${describeSizes(sizes)} (--reload to load them again)`);
    return;
  }
  log(`large values: loading ${describeSizes(sizes)} into ${SOURCE_DATABASE}`);
  const loaded = await run(process.execPath, [LOADER, list], { env: { MS2PG_SOURCE: withDatabase(url, SOURCE_DATABASE) } });
  if (loaded.code !== 0) throw new StepError('loading the large values', loaded);
}

/** How the part copies and verifies in each mode: two functions of --jobs returning measured child runs. */
async function prepare(options, sizes, targetUrl, work, log) {
  const child = forChild(targetUrl);
  if (options.mode === 'synthetic') {
    // The catalog's sizes, as SQL Server's would give them, let the copy split the table among workers.
    const catalog = documentsCatalog(sizes.length, { text: false, rowBytes: Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length) });
    writePlanDirectory(join(work, 'plan'), buildPlan(catalog, loadMappings([], ROOT), { targetVersion: 16 }));
    const apply = await runNode(MIGRATE, ['apply', '--plan', 'plan', '--phase', 'pre-data', '--quiet'], { cwd: work, env: { MS2PG_TARGET: targetUrl } });
    if (apply.code !== 0) throw new StepError('migrate apply --phase pre-data', apply);
    const values = ['--large-values', sizes.join(',')];
    return {
      source: 'synthetic values generated in the copy process',
      copy: (jobs) => runNode(SYNTHETIC_COPY, ['--plan', 'plan', '--target', child.url, '--jobs', String(jobs), '--restart', ...values], { cwd: work, env: child.env }),
      verify: (jobs) => runNode(SYNTHETIC_VERIFY, ['--plan', 'plan', '--target', child.url, '--jobs', String(jobs), ...values], { cwd: work, env: child.env }),
    };
  }
  const server = sourceUrlFrom(process.env);
  await ensureLargeDataset(server, sizes, options.reload, log);
  const env = { MS2PG_SOURCE: withDatabase(server, SOURCE_DATABASE), MS2PG_TARGET: targetUrl };
  for (const [what, args] of [
    ['migrate introspect', ['introspect', '--include', 'dbo.documents', '--out', 'catalog.json']],
    ['migrate plan', ['plan', '--catalog', 'catalog.json', '--out', 'plan']],
    ['migrate apply --phase pre-data', ['apply', '--plan', 'plan', '--phase', 'pre-data']],
  ]) {
    const result = await runNode(MIGRATE, [...args, '--quiet'], { cwd: work, env });
    if (result.code !== 0) throw new StepError(what, result);
  }
  return {
    source: `SQL Server ${describeUrl(env.MS2PG_SOURCE)}`,
    copy: (jobs) => runNode(MIGRATE, ['copy', '--plan', 'plan', '--jobs', String(jobs), '--restart', '--json', '--quiet'], { cwd: work, env }),
    verify: (jobs) => runNode(MIGRATE, ['verify', '--plan', 'plan', '--jobs', String(jobs), '--json', '--quiet'], { cwd: work, env }),
  };
}

/**
 * Copies and verifies the large values `options.runs` times; samples `large` (the copy) and
 * `largeVerify`. A copy short of a row, or a verify that is not "equal", is a problem (exactness).
 */
export async function measureLarge(bench) {
  const { options } = bench;
  const sizes = largeSizes(options.scale);
  const jobs = Math.max(...options.jobs);
  const server = await startPostgres();
  const work = mkdtempSync(join(tmpdir(), 'ms2pg-bench-large-'));
  try {
    const targetUrl = await recreateDatabase(server.url, TARGET_DATABASE);
    const part = await prepare(options, sizes, targetUrl, work, bench.log);
    bench.notes.push(`large values: ${describeSizes(sizes)} in dbo.documents, from ${part.source}`);
    for (let run = 1; run <= options.runs; run++) {
      bench.log(`run ${run}/${options.runs}: large values (${describeSizes(sizes)}), copy and verify --jobs ${jobs}`);
      const copied = await part.copy(jobs);
      const summary = lastJson(copied.stdout);
      const rows = summary?.tables?.reduce((n, t) => n + t.rows, 0);
      if (summary?.complete !== true || rows !== sizes.length) {
        bench.problems.push(`large values copy: ${summary === undefined ? firstError(copied.stderr || copied.stdout) : `incomplete, ${rows} of ${sizes.length} rows`}`);
        return;
      }
      const mb = summary.tables.reduce((n, t) => n + t.bytes, 0);
      bench.samples.push({ part: 'large', set: 'large', jobs, run, seconds: summary.seconds, processSeconds: copied.seconds, rows, bytes: mb, peakRssMiB: copied.peakRssMiB, cpuSeconds: copied.cpuSeconds, coresBusy: copied.coresBusy });
      bench.log(`  copy: ${rows} rows, ${(mb / MiB).toFixed(0)} MB in ${summary.seconds.toFixed(1)} s, peak RSS ${Math.round(copied.peakRssMiB ?? 0)} MB`);
      const verified = await part.verify(jobs);
      const report = lastJson(verified.stdout);
      if (report?.status !== 'equal') {
        bench.problems.push(`large values verify: ${report?.status ?? 'failed'} (${report?.tables?.[0]?.problems?.[0] ?? firstError(verified.stderr || verified.stdout)})`);
        return;
      }
      bench.samples.push({ part: 'largeVerify', set: 'large', jobs, run, seconds: report.seconds, processSeconds: verified.seconds, rows, bytes: mb, peakRssMiB: verified.peakRssMiB, cpuSeconds: verified.cpuSeconds, coresBusy: verified.coresBusy });
      bench.log(`  verify: equal in ${report.seconds.toFixed(1)} s, peak RSS ${Math.round(verified.peakRssMiB ?? 0)} MB`);
    }
  } finally {
    await dropDatabase(server.url, TARGET_DATABASE).catch(() => undefined);
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
