/**
 * The copy never mixes its rows with rows it did not write, and never empties a table silently:
 * non-empty targets are refused unless --truncate (or --restart) says so, and the single-chunk
 * path's TRUNCATE (for COPY FREEZE) refuses a table someone wrote to after the copy began.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { enqueueTable, ensureQueue } from '../../../src/copy/queue.js';
import { runCopy, type CopyRunOptions } from '../../../src/copy/run-copy.js';
import type { Plan } from '../../../src/plan/plan-model.js';
import { applyPlanned } from '../../support/apply.js';
import { useTestDatabase, withClient } from '../../support/pg.js';
import { syntheticPlan } from '../../support/synthetic.js';

const ROWS = 20_000;

function options(over: Partial<CopyRunOptions> = {}): CopyRunOptions {
  return {
    jobs: 1,
    rowsPerChunk: undefined,
    tables: ['dbo.narrow', 'dbo.small'],
    restart: false,
    truncate: false,
    workerOnly: false,
    rejectsFile: '/dev/null',
    nul: 'reject',
    onError: 'stop',
    retrySeconds: 0,
    maxRejectsPerChunk: 0,
    ...over,
  };
}

async function ids(url: string, table: string): Promise<{ count: number; foreign: number }> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ count: number; foreign: number }>(`SELECT count(*)::int AS count, count(*) FILTER (WHERE id >= 999000)::int AS foreign FROM ${table}`);
    return rows[0] ?? { count: -1, foreign: -1 };
  });
}

describe('copy into tables that hold rows it did not write', () => {
  const db = useTestDatabase();
  const plan = syntheticPlan(ROWS);
  const target = { connectionString: db.url };

  it('refuses, listing each table with its rows, and leaves them untouched', async () => {
    const pool = new pg.Pool({ connectionString: db.url });
    await applyPlanned(pool, plan, 'pre-data');
    await pool.end();
    await withClient(db.url, (c) => c.query("INSERT INTO dbo.narrow (id, code, name) VALUES (999998, 1, 'a'), (999999, 2, 'b'); INSERT INTO dbo.small VALUES (999999, 'x')"));
    const refused = runCopy(plan, { kind: 'synthetic' }, target, process.env, options(), () => undefined);
    await expect(refused).rejects.toMatchObject({ code: 'COPY_TARGET_NOT_EMPTY', message: 'target tables hold rows this copy did not write: dbo.narrow (2 rows), dbo.small (1 rows)' });
    expect(await ids(db.url, 'dbo.narrow')).toEqual({ count: 2, foreign: 2 });
    expect(await ids(db.url, 'dbo.small')).toEqual({ count: 1, foreign: 1 });
  });

  it('--truncate empties them, says so, and copies exactly', async () => {
    const summary = await runCopy(plan, { kind: 'synthetic' }, target, process.env, options({ truncate: true }), () => undefined);
    expect(summary.complete).toBe(true);
    expect(summary.truncated).toEqual([
      { table: 'dbo.narrow', rows: 2 },
      { table: 'dbo.small', rows: 1 },
    ]);
    expect(await ids(db.url, 'dbo.narrow')).toEqual({ count: ROWS, foreign: 0 });
    expect(await ids(db.url, 'dbo.small')).toEqual({ count: 100, foreign: 0 });
  });

  it('a resumed copy keeps the rows it wrote (tables with done chunks are its own)', async () => {
    const again = await runCopy(plan, { kind: 'synthetic' }, target, process.env, options(), () => undefined);
    expect(again).toMatchObject({ complete: true, truncated: [] });
    expect(await ids(db.url, 'dbo.narrow')).toEqual({ count: ROWS, foreign: 0 });
  });
});

describe('the single-chunk COPY FREEZE path', () => {
  const db = useTestDatabase();
  // dbo.small planned as 16 MB: one chunk, loaded with TRUNCATE + COPY FREEZE.
  const base = syntheticPlan(ROWS);
  const plan: Plan = { ...base, tables: base.tables.map((t) => (t.target.name === 'small' ? { ...t, bytes: 16 * 1024 * 1024 } : t)) };

  it('refuses to truncate a table someone wrote to after the chunk was queued, and keeps that row', async () => {
    const pool = new pg.Pool({ connectionString: db.url });
    try {
      await applyPlanned(pool, plan, 'pre-data');
      const client = await pool.connect();
      try {
        await ensureQueue(client);
        const small = plan.tables.find((t) => t.target.name === 'small');
        if (small === undefined) throw new Error('dbo.small missing');
        await enqueueTable(client, small, [], 1);
        await client.query("INSERT INTO dbo.small VALUES (999999, 'written after queueing')");
      } finally {
        client.release();
      }
    } finally {
      await pool.end();
    }
    // A scale-out worker works on the queue as it is.
    const summary = await runCopy(plan, { kind: 'synthetic' }, { connectionString: db.url }, process.env, options({ tables: ['dbo.small'], workerOnly: true }), () => undefined);
    expect(summary.complete).toBe(false);
    expect(summary.tables[0]).toMatchObject({ failed: 1, lastError: expect.stringContaining('dbo.small holds 1 row(s) this copy did not write') as unknown });
    expect(await ids(db.url, 'dbo.small')).toEqual({ count: 1, foreign: 1 });
  });
});
