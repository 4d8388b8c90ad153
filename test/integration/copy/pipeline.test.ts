/**
 * The copy pipeline with the in-process synthetic source against a real PostgreSQL: chunking,
 * parallel workers, exactly once, resume after failures, rejects and replay.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { applyPlanned } from '../../support/apply.js';
import { replayRejects } from '../../../src/copy/replay.js';
import { runCopy, type CopyRunOptions } from '../../../src/copy/run-copy.js';
import type { CopyEvent } from '../../../src/copy/worker.js';
import type { Plan } from '../../../src/plan/plan-model.js';
import { syntheticPlan } from '../../support/synthetic.js';
import { useTestDatabase, withClient } from '../../support/pg.js';

const ROWS = 60_000;
const NO_EVENTS = (_: CopyEvent): void => undefined;

function options(over: Partial<CopyRunOptions> = {}): CopyRunOptions {
  return {
    jobs: 2,
    rowsPerChunk: 10_000,
    tables: [],
    restart: false,
    truncate: false,
    workerOnly: false,
    rejectsFile: join(mkdtempSync(join(tmpdir(), 'ms2pg-rejects-')), 'rejects.jsonl'),
    nul: 'reject',
    onError: 'stop',
    retrySeconds: 2,
    maxRejectsPerChunk: 100,
    ...over,
  };
}

async function createTables(url: string, plan: Plan): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    const result = await applyPlanned(pool, plan, 'pre-data');
    expect(result.failed).toEqual([]);
  } finally {
    await pool.end();
  }
}

async function narrowStats(url: string): Promise<{ count: number; distinct: number; sum: string }> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ count: string; distinct: string; sum: string }>('SELECT count(*) AS count, count(DISTINCT id) AS distinct, sum(id)::text AS sum FROM dbo.narrow');
    const row = rows[0];
    return { count: Number(row?.count), distinct: Number(row?.distinct), sum: row?.sum ?? '' };
  });
}

const expectedSum = (n: number): string => String((BigInt(n) * BigInt(n + 1)) / 2n);

describe('copy pipeline (synthetic source)', () => {
  const db = useTestDatabase();
  const plan = syntheticPlan(ROWS);
  const target = (): { connectionString: string } => ({ connectionString: db.url });

  it('copies every row exactly once, in key-range chunks, with two workers', async () => {
    await createTables(db.url, plan);
    const events: CopyEvent[] = [];
    const summary = await runCopy(plan, { kind: 'synthetic' }, target(), process.env, options(), (e) => events.push(e));
    expect(summary.complete).toBe(true);
    expect(await narrowStats(db.url)).toEqual({ count: ROWS, distinct: ROWS, sum: expectedSum(ROWS) });
    const narrow = summary.tables.find((t) => t.tableKey === 'dbo.narrow');
    expect(narrow).toMatchObject({ chunks: 6, done: 6, rows: ROWS, rejected: 0 });
    expect(summary.tables.find((t) => t.tableKey === 'dbo.heap')).toMatchObject({ chunks: 1, rows: 500 });
    // Both workers took part.
    expect(new Set(events.flatMap((e) => (e.type === 'chunk-start' ? [e.worker] : []))).size).toBe(2);
    // Values arrive as the plan says (spot check one row against the generator).
    const row = await withClient(db.url, (c) => c.query<{ name: string; amount: string | null; flag: boolean }>('SELECT name, amount::text AS amount, flag FROM dbo.narrow WHERE id = 12345'));
    expect(row.rows[0]).toEqual({ name: 'Ελένη 12345', amount: '1763.2345', flag: true });
  });

  it('a second run copies nothing again; --restart copies everything again, still exactly once', async () => {
    const again = await runCopy(plan, { kind: 'synthetic' }, target(), process.env, options(), NO_EVENTS);
    expect(again.complete).toBe(true);
    expect(await narrowStats(db.url)).toMatchObject({ count: ROWS, distinct: ROWS });
    const restarted = await runCopy(plan, { kind: 'synthetic' }, target(), process.env, options({ restart: true, jobs: 1 }), NO_EVENTS);
    expect(restarted.complete).toBe(true);
    expect(await narrowStats(db.url)).toEqual({ count: ROWS, distinct: ROWS, sum: expectedSum(ROWS) });
  });

  it('--restart names the table a foreign key from outside the copy keeps from being emptied, and changes nothing', async () => {
    await withClient(db.url, (c) => c.query('ALTER TABLE dbo.small ADD PRIMARY KEY (id); CREATE TABLE public.holder (small_id int REFERENCES dbo.small (id))'));
    try {
      const failed = runCopy(plan, { kind: 'synthetic' }, target(), process.env, options({ restart: true, tables: ['dbo.heap', 'dbo.small'] }), NO_EVENTS);
      await expect(failed).rejects.toMatchObject({ code: 'COPY_RESTART_FAILED', message: expect.stringMatching(/^--restart cannot empty dbo\.small: /) as unknown });
      // One transaction: dbo.heap, emptied before dbo.small failed, still has its rows.
      const heap = await withClient(db.url, (c) => c.query<{ n: string }>('SELECT count(*) AS n FROM dbo.heap'));
      expect(heap.rows[0]?.n).toBe('500');
    } finally {
      await withClient(db.url, (c) => c.query('DROP TABLE public.holder; ALTER TABLE dbo.small DROP CONSTRAINT small_pkey'));
    }
  });

  it('a failing source leaves the failed chunk empty; the next run completes it without gaps or duplicates', async () => {
    await runCopy(plan, { kind: 'synthetic' }, target(), process.env, options({ restart: true, tables: ['dbo.narrow'] }), NO_EVENTS).catch(() => undefined);
    await withClient(db.url, (c) => c.query("DELETE FROM ms2pg_state.copy_chunks WHERE table_key = 'dbo.narrow'"));
    await withClient(db.url, (c) => c.query('TRUNCATE dbo.narrow'));
    const failing = await runCopy(plan, { kind: 'synthetic', failAfterRows: 25_000 }, target(), process.env, options({ jobs: 1, tables: ['dbo.narrow'] }), NO_EVENTS);
    expect(failing.complete).toBe(false);
    const partial = await narrowStats(db.url);
    expect(partial.count % 10_000).toBe(0);
    expect(partial.count).toBeLessThan(ROWS);
    const resumed = await runCopy(plan, { kind: 'synthetic' }, target(), process.env, options({ tables: ['dbo.narrow'] }), NO_EVENTS);
    expect(resumed.complete).toBe(true);
    expect(await narrowStats(db.url)).toEqual({ count: ROWS, distinct: ROWS, sum: expectedSum(ROWS) });
  });

  it('with --on-error skip-row, refused rows go to the rejects file and replay loads them after a policy fix', async () => {
    const opts = options({ restart: true, onError: 'skip-row', tables: ['dbo.narrow'] });
    const summary = await runCopy(plan, { kind: 'synthetic', nulEvery: 1000 }, target(), process.env, opts, NO_EVENTS);
    expect(summary.rejected).toBe(ROWS / 1000);
    expect((await narrowStats(db.url)).count).toBe(ROWS - ROWS / 1000);
    const lines = readFileSync(opts.rejectsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { table: string; key: { id: string }; column: string; reason: string });
    expect(lines).toHaveLength(ROWS / 1000);
    expect(lines[0]).toMatchObject({ table: 'dbo.narrow', column: 'name', reason: 'text contains U+0000, which PostgreSQL cannot store' });
    expect(lines.map((l) => Number(l.key.id) % 1000)).toEqual(lines.map(() => 0));

    await withClient(db.url, async (client) => {
      const replayed = await replayRejects(client, plan, opts.rejectsFile, 'strip');
      expect(replayed.tables).toEqual([{ table: 'dbo.narrow', rows: ROWS / 1000, rejected: 0, nulChanged: ROWS / 1000 }]);
      await expect(replayRejects(client, plan, opts.rejectsFile, 'strip')).rejects.toThrow(/was replayed already/);
    });
    expect(await narrowStats(db.url)).toEqual({ count: ROWS, distinct: ROWS, sum: expectedSum(ROWS) });
  });

  it('isolates a row PostgreSQL refuses by its COPY line and copies the rest', async () => {
    await withClient(db.url, (c) => c.query('ALTER TABLE dbo.narrow ADD CONSTRAINT no_1234 CHECK (id % 5000 <> 1234) NOT VALID'));
    try {
      const opts = options({ restart: true, onError: 'skip-row', tables: ['dbo.narrow'] });
      const summary = await runCopy(plan, { kind: 'synthetic' }, target(), process.env, opts, NO_EVENTS);
      expect(summary.tables[0]?.lastError ?? null).toBeNull();
      expect(summary.complete).toBe(true);
      expect(summary.rejected).toBe(ROWS / 5000);
      const lines = readFileSync(opts.rejectsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { key: { id: string }; reason: string });
      expect(lines.map((l) => Number(l.key.id) % 5000)).toEqual(lines.map(() => 1234));
      expect(lines[0]?.reason).toMatch(/^PostgreSQL: .*no_1234/);
      expect((await narrowStats(db.url)).count).toBe(ROWS - ROWS / 5000);
      // Rows refused by the encoders (U+0000) and by PostgreSQL (the check) in the same chunks: each
      // COPY line must still map back to its own source row.
      const both = options({ restart: true, onError: 'skip-row', tables: ['dbo.narrow'] });
      const mixed = await runCopy(plan, { kind: 'synthetic', nulEvery: 1000 }, target(), process.env, both, NO_EVENTS);
      expect(mixed.complete).toBe(true);
      expect(mixed.rejected).toBe(ROWS / 1000 + ROWS / 5000);
      const refused = readFileSync(both.rejectsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { key: { id: string }; reason: string });
      for (const r of refused) expect(Number(r.key.id) % 1000 === 0 || Number(r.key.id) % 5000 === 1234, `${r.key.id}: ${r.reason}`).toBe(true);
      expect(refused.filter((r) => r.reason.startsWith('PostgreSQL')).map((r) => Number(r.key.id) % 5000)).toEqual(Array.from({ length: ROWS / 5000 }, () => 1234));
      const stopped = await runCopy(plan, { kind: 'synthetic' }, target(), process.env, options({ restart: true, tables: ['dbo.narrow'] }), NO_EVENTS);
      expect(stopped.complete).toBe(false);
      expect(stopped.tables[0]?.lastError).toMatch(/no_1234/);
    } finally {
      await withClient(db.url, (c) => c.query('ALTER TABLE dbo.narrow DROP CONSTRAINT no_1234'));
    }
  });
});
