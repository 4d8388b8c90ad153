/** Every statement of every golden plan is applied to a real PostgreSQL, then applied again (resume = no-op). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePlanDirectory } from '../../src/plan/plan-io.js';
import { runMigrate } from '../support/cli.js';
import { goldenCases } from '../support/golden.js';
import { useTestDatabase, withClient } from '../support/pg.js';

for (const { name, plan } of goldenCases()) {
  describe(`apply golden plan ${name}`, () => {
    const db = useTestDatabase();
    const dir = mkdtempSync(join(tmpdir(), `ms2pg-plan-${name}-`));
    writePlanDirectory(dir, plan);

    it('applies pre-data, then post-data, creating every planned object', async () => {
      for (const phase of ['pre-data', 'post-data']) {
        const run = await runMigrate(['apply', '--target', db.url, '--plan', dir, '--phase', phase, '--jobs', '2', '--json']);
        expect(run.stderr.split('\n').filter((l) => l.startsWith('error'))).toEqual([]);
        expect(run.code).toBe(0);
        const result = JSON.parse(run.stdout) as { applied: number; failed: unknown[] };
        expect(result.failed).toEqual([]);
        expect(result.applied).toBe(plan.statements.filter((s) => s.phase === phase).length);
      }
      await withClient(db.url, async (client) => {
        for (const table of plan.tables) {
          const { rows } = await client.query<{ column_name: string }>(
            'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position',
            [table.target.schema, table.target.name],
          );
          expect(rows.map((r) => r.column_name)).toEqual(table.columns.map((c) => c.target.name));
        }
        const constraints = await client.query<{ n: string }>("SELECT count(*) AS n FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname <> 'pg_catalog' AND c.contype IN ('p','u','f','c')");
        const planned = plan.statements.filter((s) => ['primary-keys', 'unique-constraints', 'foreign-keys', 'checks'].includes(s.step)).length;
        expect(Number(constraints.rows[0]?.n)).toBeGreaterThanOrEqual(planned);
      });
    });

    it('a second apply skips everything', async () => {
      const run = await runMigrate(['apply', '--target', db.url, '--plan', dir, '--phase', 'post-data', '--json']);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ applied: 0, alreadyApplied: plan.statements.filter((s) => s.phase === 'post-data').length });
    });
  });
}
