/**
 * migrate apply runs the reviewed .sql files (edits, deletions, --skip), refuses tables of another
 * shape, post-data before pre-data and on an unfinished copy, and counts what it did truthfully.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ensureQueue, enqueueTable } from '../../src/copy/queue.js';
import type { Plan } from '../../src/plan/plan-model.js';
import { writePlanDirectory } from '../../src/plan/plan-io.js';
import { runMigrate } from '../support/cli.js';
import { goldenCases } from '../support/golden.js';
import { useTestDatabase, withClient } from '../support/pg.js';

const plan = ((): Plan => {
  const found = goldenCases().find((c) => c.name === 'all-objects')?.plan;
  if (found === undefined) throw new Error('all-objects golden plan missing');
  return found;
})();

function planDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ms2pg-reviewed-'));
  writePlanDirectory(dir, plan);
  return dir;
}

const apply = (url: string, dir: string, phase: string, ...extra: string[]) => runMigrate(['apply', '--target', url, '--plan', dir, '--phase', phase, '--json', ...extra]);

interface Result {
  applied: number;
  alreadyApplied: number;
  skipped: { id: string; reason: string }[];
  edited: string[];
  failed: { id: string; error: string }[];
  notRun: number;
  forced: string[];
}

const CHECK_ID = 'post-data:check:sales.customers.ck_customers_rating';

async function constraintNames(url: string): Promise<string[]> {
  return withClient(url, async (c) => (await c.query<{ conname: string }>("SELECT conname FROM pg_constraint WHERE contype = 'c' ORDER BY conname")).rows.map((r) => r.conname));
}

describe('apply runs the reviewed files', () => {
  const db = useTestDatabase();

  it('leaves out a statement deleted from post-data.sql, runs an edited one as edited, and records both', async () => {
    const dir = planDir();
    const file = join(dir, 'post-data.sql');
    const text = readFileSync(file, 'utf8');
    const check = plan.statements.find((s) => s.id === CHECK_ID);
    if (check === undefined) throw new Error(`${CHECK_ID} missing`);
    // Delete the CHECK (its marker stays), and rename another constraint in place.
    const edited = text.replace(check.sql, '').replace('ADD CONSTRAINT ck_orders_net CHECK (net >= 0)', 'ADD CONSTRAINT ck_orders_net_reviewed CHECK (net >= 0)');
    expect(edited).not.toBe(text);
    writeFileSync(file, edited);
    expect((await apply(db.url, dir, 'pre-data')).code).toBe(0);
    const run = await apply(db.url, dir, 'post-data');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as Result;
    expect(result.skipped).toEqual([{ id: CHECK_ID, object: 'sales.customers', reason: `left out of ${file}` }]);
    expect(result.edited).toEqual(['post-data:check:sales.orders.ck_orders_net']);
    expect(result.applied).toBe(plan.statements.filter((s) => s.phase === 'post-data').length - 1);
    const names = await constraintNames(db.url);
    expect(names).not.toContain('ck_customers_rating');
    expect(names).toContain('ck_orders_net_reviewed');
    const state = await withClient(db.url, (c) => c.query<{ status: string; reason: string }>('SELECT status, reason FROM ms2pg_state.applied_statements WHERE statement_id = $1', [CHECK_ID]));
    expect(state.rows).toEqual([{ status: 'skipped', reason: `left out of ${file}` }]);

    // Restored in the file, the statement runs on the next apply; the applied ones are not run again.
    writeFileSync(file, text.replace('ADD CONSTRAINT ck_orders_net CHECK (net >= 0)', 'ADD CONSTRAINT ck_orders_net_reviewed CHECK (net >= 0)'));
    const again = JSON.parse((await apply(db.url, dir, 'post-data')).stdout) as Result;
    expect(again).toMatchObject({ applied: 1, skipped: [], failed: [] });
    expect(await constraintNames(db.url)).toContain('ck_customers_rating');
  });

  it('refuses a marker that plan.json does not know, naming the file and line', async () => {
    const dir = planDir();
    const file = join(dir, 'post-data.sql');
    writeFileSync(file, readFileSync(file, 'utf8').replace(`"${CHECK_ID}"`, '"post-data:checks:nosuch"'));
    const run = await apply(db.url, dir, 'post-data');
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: statement post-data:checks:nosuch is not in plan.json`));
  });
});

describe('apply --skip', () => {
  const db = useTestDatabase();

  it('skips the statement, records it and shows it in the summary', async () => {
    const dir = planDir();
    expect((await apply(db.url, dir, 'pre-data')).code).toBe(0);
    const run = await runMigrate(['apply', '--target', db.url, '--plan', dir, '--phase', 'post-data', '--skip', CHECK_ID]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`skipped (--skip): ${CHECK_ID}`);
    expect(run.stdout).toMatch(/\d+ applied, 0 already applied, 1 skipped, 0 failed/);
    expect(await constraintNames(db.url)).not.toContain('ck_customers_rating');
    const unknown = await runMigrate(['apply', '--target', db.url, '--plan', dir, '--phase', 'post-data', '--skip', 'post-data:nope']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('--skip post-data:nope: no such statement');
  });
});

describe('apply refuses what would damage or confuse the target', () => {
  const db = useTestDatabase();

  it('post-data before pre-data says so in one line', async () => {
    const run = await apply(db.url, planDir(), 'post-data');
    expect(run.code).toBe(3);
    const errors = run.stderr.split('\n').filter((l) => l.startsWith('error'));
    expect(errors).toEqual([expect.stringMatching(/^error: run pre-data first: 0 of \d+ pre-data statement\(s\) are applied/)]);
  });

  it('pre-data refuses a table that exists with another shape, naming it and the difference, and creates nothing', async () => {
    await withClient(db.url, (c) => c.query('CREATE SCHEMA sales; CREATE TABLE sales.prices (id integer, note text)'));
    const run = await apply(db.url, planDir(), 'pre-data');
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('sales.prices exists with another shape');
    expect(run.stderr).toContain('column priceid is missing');
    expect(run.stderr).toContain('column note is not in the plan');
    const created = await withClient(db.url, (c) => c.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'sales'"));
    expect(created.rows[0]).toEqual({ n: 1 });
    await withClient(db.url, (c) => c.query('DROP SCHEMA sales CASCADE'));
  });
});

describe('post-data and the copy queue', () => {
  const db = useTestDatabase();

  it('refuses while chunks are pending, and --force runs it with a warning per table', async () => {
    const dir = planDir();
    expect((await apply(db.url, dir, 'pre-data')).code).toBe(0);
    const pool = new pg.Pool({ connectionString: db.url });
    try {
      const client = await pool.connect();
      try {
        await ensureQueue(client);
        const table = plan.tables.find((t) => t.target.name === 'prices');
        if (table === undefined) throw new Error('sales.prices missing');
        await enqueueTable(client, table, [], 1);
      } finally {
        client.release();
      }
    } finally {
      await pool.end();
    }
    const refused = await apply(db.url, dir, 'post-data');
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('the copy has not finished: sales.prices: 1 chunk(s) pending, 0 failed');
    expect(refused.stderr).toContain('sales.customers: not copied');
    const forced = await apply(db.url, dir, 'post-data', '--force');
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain('warning: --force: post-data applied although sales.prices: 1 chunk(s) pending');
    expect((JSON.parse(forced.stdout) as Result).forced.length).toBeGreaterThan(1);
  });
});

describe('apply counts and errors', () => {
  const db = useTestDatabase();

  it('reports a failure with PostgreSQL DETAIL, counts what ran, and what did not run after it', async () => {
    const dir = planDir();
    expect((await apply(db.url, dir, 'pre-data')).code).toBe(0);
    await withClient(db.url, (c) => c.query("INSERT INTO sales.prices VALUES (888, 1, '2024-01-01', '2024-02-01'), (888, 2, '2024-01-01', '2024-02-01')"));
    const run = await apply(db.url, dir, 'post-data', '--jobs', '1');
    expect(run.code).toBe(4);
    const result = JSON.parse(run.stdout) as Result;
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]?.error).toContain('DETAIL: Key (priceid)=(888) is duplicated.');
    const total = plan.statements.filter((s) => s.phase === 'post-data').length;
    // The primary-keys step finishes its other tables, then nothing after it runs.
    const primaryKeys = plan.statements.filter((s) => s.step === 'primary-keys').length;
    expect(result.applied).toBe(primaryKeys - 1);
    expect(result.notRun).toBe(total - primaryKeys);
    const recorded = await withClient(db.url, (c) => c.query<{ n: number }>("SELECT count(*)::int AS n FROM ms2pg_state.applied_statements WHERE statement_id LIKE 'post-data:%'"));
    expect(recorded.rows[0]?.n).toBe(result.applied);
  });
});
