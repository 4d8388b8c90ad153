/**
 * Faults in the middle of the work: the TDS server and, separately, PostgreSQL are restarted while
 * `migrate copy` and while `migrate verify` run. Each run must finish exactly on its own, without a
 * rerun: the workers and lanes wait the outage out and reconnect. Both servers are the test's own
 * (a private TDS server on free ports, a private embedded PostgreSQL), so restarting them disturbs
 * no other test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../../src/target/postgres/embedded.js';
import { resultJson, runMigrate, type CliRun } from '../../support/cli.js';
import { withMssql } from '../../support/mssql.js';
import { withClient } from '../../support/pg.js';
import { hasTdsServerScripts, startPrivateTdsServer, type PrivateTdsServer } from '../../support/tds-server.js';

const ROWS = 300_000;
const RESTART_PAUSE_MS = 2_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The command's run, and whether it has ended yet (a fault must hit it while it runs). */
function started(args: string[]): { run: Promise<CliRun>; ended: () => boolean } {
  let ended = false;
  const run = runMigrate(args).finally(() => {
    ended = true;
  });
  return { run, ended: () => ended };
}

/** Polls `probe` (errors count as "not yet": the server may be the one restarting) until it holds. */
async function until(probe: () => Promise<boolean>, what: string, seconds = 60): Promise<void> {
  const deadline = performance.now() + seconds * 1000;
  while (performance.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.runIf(hasTdsServerScripts)('copy and verify through server restarts (MS2PG_TDS_SERVER)', () => {
  let tds: PrivateTdsServer;
  let pg: EmbeddedPostgres;
  /** The servers that did start: afterAll stops these even when the other failed to. */
  const running: { stop(): Promise<void> }[] = [];
  const keep = <T extends { stop(): Promise<void> }>(server: T): T => {
    running.push(server);
    return server;
  };
  let source = '';
  let target = '';
  const project = mkdtempSync(join(tmpdir(), 'ms2pg-faults-'));
  const plan = join(project, 'plan');

  beforeAll(async () => {
    [tds, pg] = await Promise.all([startPrivateTdsServer().then(keep), startEmbeddedPostgres({ purpose: 'test-faults' }).then(keep)]);
    await withMssql(tds.url, 'master', async (pool) => {
      await pool.request().batch('CREATE DATABASE faults');
    });
    const url = new URL(tds.url);
    url.pathname = '/faults';
    source = url.toString();
    await withMssql(tds.url, 'faults', async (pool) => {
      await pool.request().batch(`CREATE TABLE dbo.readings (id bigint NOT NULL PRIMARY KEY, station int NOT NULL, value decimal(12,3) NULL, taken datetime2(3) NOT NULL, note nvarchar(40) NULL)`);
      await pool.request().batch(`WITH d AS (SELECT v FROM (VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)) AS t(v)),
        n AS (SELECT TOP (${ROWS}) CAST(ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) AS bigint) AS i FROM d d1 CROSS JOIN d d2 CROSS JOIN d d3 CROSS JOIN d d4 CROSS JOIN d d5 CROSS JOIN d d6)
        INSERT INTO dbo.readings SELECT i, CAST(i % 97 AS int), CAST(i % 100000 AS decimal(12,3)) / 7, DATEADD(second, CAST(i AS int), CAST('2024-01-01' AS datetime2(3))), N'станция ' + CAST(i % 97 AS nvarchar(10)) FROM n`);
    });
    await withClient(pg.url, (c) => c.query('CREATE DATABASE faults'));
    const t = new URL(pg.url);
    t.pathname = '/faults';
    target = t.toString();
    const steps: string[][] = [
      ['introspect', '--source', source, '--out', join(project, 'catalog.json')],
      ['plan', '--catalog', join(project, 'catalog.json'), '--out', plan],
      ['apply', '--target', target, '--plan', plan, '--phase', 'pre-data'],
    ];
    for (const step of steps) {
      const run = await runMigrate(step);
      if (run.code !== 0) throw new Error(`${step[0] ?? ''} failed: ${run.stderr}`);
    }
  }, 600_000);

  afterAll(async () => {
    await Promise.allSettled(running.map((server) => server.stop()));
    rmSync(project, { recursive: true, force: true });
  }, 120_000);

  /** A probe: a chunk copied by the run that began at `since` (not one left by an earlier run). */
  const chunkDoneSince =
    (since: Date) =>
    (): Promise<boolean> =>
      withClient(target, async (c) => Number((await c.query<{ n: string }>("SELECT count(*) AS n FROM ms2pg_state.copy_chunks WHERE status = 'done' AND finished_at > $1", [since])).rows[0]?.n) >= 1);
  const verifyReading = (): Promise<boolean> =>
    withClient(pg.url, async (c) => (await c.query("SELECT 1 FROM pg_stat_activity WHERE application_name = 'ms2pg' AND query LIKE 'COPY (SELECT%' AND state = 'active'")).rows.length > 0);

  async function expectExactCopy(run: CliRun): Promise<void> {
    expect(run.stderr.split('\n').filter((l) => l.startsWith('error'))).toEqual([]);
    expect(run.code).toBe(0);
    const summary = resultJson(run) as { complete: boolean; retries: number };
    expect(summary.complete).toBe(true);
    expect(summary.retries).toBeGreaterThan(0);
    const stats = await withClient(target, (c) => c.query<{ n: number; d: number }>('SELECT count(*)::int AS n, count(DISTINCT id)::int AS d FROM dbo.readings'));
    expect(stats.rows[0]).toEqual({ n: ROWS, d: ROWS });
  }

  const copyArgs = (...extra: string[]): string[] => ['copy', '--source', source, '--target', target, '--plan', plan, '--jobs', '2', '--rows-per-chunk', '10000', '--retry-seconds', '120', '--json', ...extra];
  const verifyArgs = (): string[] => ['verify', '--source', source, '--target', target, '--plan', plan, '--level', 'rows', '--jobs', '1', '--retry-seconds', '120', '--json'];

  it('a copy waits out a restart of the TDS server and finishes exactly', async () => {
    const since = new Date();
    const copy = started(copyArgs());
    await until(chunkDoneSince(since), 'the first copied chunk');
    await tds.restart(RESTART_PAUSE_MS);
    expect(copy.ended()).toBe(false);
    await expectExactCopy(await copy.run);
  }, 240_000);

  it('a copy waits out a restart of PostgreSQL and finishes exactly', async () => {
    const since = new Date();
    const copy = started(copyArgs('--restart'));
    await until(chunkDoneSince(since), 'the first copied chunk');
    await pg.restart(RESTART_PAUSE_MS);
    expect(copy.ended()).toBe(false);

    await expectExactCopy(await copy.run);
  }, 240_000);

  it('a verify waits out a restart of the TDS server and proves the copy equal', async () => {
    const verify = started(verifyArgs());
    await until(verifyReading, 'verify reading the target');
    await tds.restart(RESTART_PAUSE_MS);
    expect(verify.ended()).toBe(false);
    const run = await verify.run;
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'equal', tables: [{ status: 'equal', sourceRows: ROWS, targetRows: ROWS }] });
  }, 240_000);

  it('a verify waits out a restart of PostgreSQL and proves the copy equal', async () => {
    const verify = started(verifyArgs());
    await until(verifyReading, 'verify reading the target');
    await pg.restart(RESTART_PAUSE_MS);
    expect(verify.ended()).toBe(false);
    const run = await verify.run;
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'equal', tables: [{ status: 'equal', sourceRows: ROWS, targetRows: ROWS }] });
  }, 240_000);
});
