/** A failing post-data statement is reported with its object and SQL; fixing the cause and rerunning resumes. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePlanDirectory } from '../../src/plan/plan-io.js';
import { runMigrate } from '../support/cli.js';
import { goldenCases } from '../support/golden.js';
import { useTestDatabase, withClient } from '../support/pg.js';

describe('migrate apply: failure and resume', () => {
  const db = useTestDatabase();
  const plan = goldenCases().find((c) => c.name === 'all-objects')?.plan;
  if (plan === undefined) throw new Error('all-objects golden case missing');
  const dir = mkdtempSync(join(tmpdir(), 'ms2pg-resume-'));
  writePlanDirectory(dir, plan);
  const postData = plan.statements.filter((s) => s.phase === 'post-data').length;

  it('stops on a failing statement, names it, and resumes after the fix without redoing work', async () => {
    expect((await runMigrate(['apply', '--target', db.url, '--plan', dir, '--phase', 'pre-data'])).code).toBe(0);
    // Data that violates the unique constraint the post-data phase will add.
    await withClient(db.url, (c) => c.query(`INSERT INTO sales.customers (region, code, "full name") VALUES ('77', 'C-1', 'a'), ('77', 'c-1', 'b')`));

    const failed = await runMigrate(['apply', '--target', db.url, '--plan', dir, '--phase', 'post-data', '--json']);
    expect(failed.code).toBe(4);
    expect(failed.stderr).toContain('error: sales.customers: could not create unique index "uq_customers_region_code"');
    expect(failed.stderr).toContain('CREATE UNIQUE INDEX IF NOT EXISTS uq_customers_region_code ON sales.customers (region, code);');
    const first = JSON.parse(failed.stdout) as { applied: number; failed: { id: string }[] };
    expect(first.failed.map((f) => f.id)).toEqual(['post-data:unique-constraints:sales.customers.uq_customers_region_code']);
    expect(first.applied).toBeGreaterThan(0);

    // The ICU case-insensitive collation made 'C-1' and 'c-1' duplicates, as in SQL Server; fix the data.
    await withClient(db.url, (c) => c.query(`DELETE FROM sales.customers WHERE code = 'c-1' COLLATE "C"`));
    const resumed = await runMigrate(['apply', '--target', db.url, '--plan', dir, '--phase', 'post-data', '--json']);
    expect(resumed.code).toBe(0);
    const second = JSON.parse(resumed.stdout) as { applied: number; alreadyApplied: number };
    expect(second.alreadyApplied).toBe(first.applied);
    expect(second.applied + second.alreadyApplied).toBe(postData);
  });

  it('refuses a plan with blocking issues unless told to go on', async () => {
    const blocked = { ...plan, issues: [{ severity: 'error' as const, code: 'NO_MAPPING', object: 'dbo.t.c', message: 'no mapping rule matches type x' }, ...plan.issues] };
    const blockedDir = mkdtempSync(join(tmpdir(), 'ms2pg-blocked-'));
    writePlanDirectory(blockedDir, blocked);
    const run = await runMigrate(['apply', '--target', db.url, '--plan', blockedDir, '--phase', 'pre-data']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('the plan has 1 blocking issue(s), e.g. dbo.t.c: no mapping rule matches type x');
  });
});
