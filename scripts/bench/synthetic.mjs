// Synthetic mode: no SQL Server. The dataset's shape (benchCatalog) is planned in-process and its
// rows are generated in the copy process by the synthetic source, then go through the real
// encoders, writer, queue and worker threads into PostgreSQL (scripts/synthetic-copy.mjs).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchCatalog } from '../../dist/copy/synthetic-catalog.js';
import { loadMappings } from '../../dist/mapping/load.js';
import { buildPlan } from '../../dist/plan/build-plan.js';
import { writePlanDirectory } from '../../dist/plan/plan-io.js';
import { MIGRATE, ROOT, StepError, runNode } from './measure.mjs';
import { describeUrl, dropDatabase, forChild, recreateDatabase, startPostgres } from './postgres.mjs';

const DATABASE = 'bench_synthetic';
const SYNTHETIC_COPY = join(ROOT, 'scripts/synthetic-copy.mjs');
const SYNTHETIC_VERIFY = join(ROOT, 'scripts/bench/synthetic-verify.mjs');

const tableArgs = (set) => set.globs.flatMap((glob) => ['--tables', glob]);

export async function syntheticMode({ scale, log }) {
  const server = await startPostgres();
  const work = mkdtempSync(join(tmpdir(), 'ms2pg-bench-'));
  const teardown = async () => {
    await dropDatabase(server.url, DATABASE).catch(() => undefined);
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  };
  try {
    const targetUrl = await recreateDatabase(server.url, DATABASE);
    log(`synthetic: PostgreSQL ${describeUrl(targetUrl)}${server.embedded ? ' (embedded, fsync off)' : ''}`);
    const plan = buildPlan(benchCatalog(scale), loadMappings([], ROOT), { targetVersion: 18 });
    const planDir = join(work, 'plan');
    writePlanDirectory(planDir, plan);
    const apply = await runNode(MIGRATE, ['apply', '--plan', planDir, '--phase', 'pre-data', '--quiet'], { cwd: work, env: { MS2PG_TARGET: targetUrl } });
    if (apply.code !== 0) throw new StepError('migrate apply --phase pre-data', apply);
    const child = forChild(targetUrl);
    return {
      name: 'synthetic',
      source: 'synthetic rows generated in the copy process',
      target: describeUrl(targetUrl),
      targetUrl,
      plan,
      work,
      pipeline: { applyPreData: apply.seconds },
      copy: (set, jobs) =>
        runNode(SYNTHETIC_COPY, ['--plan', planDir, '--target', child.url, '--jobs', String(jobs), '--restart', ...tableArgs(set)], { cwd: work, env: child.env }),
      verify: (set, n) => runNode(SYNTHETIC_VERIFY, ['--plan', planDir, '--target', child.url, '--level', 'checksum', '--jobs', String(n), ...tableArgs(set)], { cwd: work, env: child.env }),
      teardown,
    };
  } catch (error) {
    await teardown();
    throw error;
  }
}
