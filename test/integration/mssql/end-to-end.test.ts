/**
 * Gated on MSSQL_URL: the municipal example and the all-objects fixture go through the whole
 * pipeline with the CLI — introspect, plan, apply pre-data, copy, apply post-data — into a real
 * PostgreSQL, and what arrives is compared with the source.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../../src/model/catalog.js';
import type { Plan } from '../../../src/plan/plan-model.js';
import { runMigrate } from '../../support/cli.js';
import { migrate } from '../../support/pipeline.js';
import { hasMssql, useFixtureDatabase, withMssql } from '../../support/mssql.js';
import { useTestDatabase, withClient } from '../../support/pg.js';

async function sourceCounts(url: string, plan: Plan): Promise<Record<string, number>> {
  return withMssql(url, undefined, async (pool) => {
    const counts: Record<string, number> = {};
    for (const t of plan.tables) {
      const result = await pool.request().query<{ n: number }>(`SELECT COUNT_BIG(*) AS n FROM [${t.source.schema}].[${t.source.name}]`);
      counts[`${t.target.schema}.${t.target.name}`] = Number(result.recordset[0]?.n);
    }
    return counts;
  });
}

async function targetCounts(url: string, plan: Plan): Promise<Record<string, number>> {
  return withClient(url, async (client) => {
    const counts: Record<string, number> = {};
    for (const t of plan.tables) {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${t.target.schema}"."${t.target.name}"`);
      counts[`${t.target.schema}.${t.target.name}`] = Number(rows[0]?.n);
    }
    return counts;
  });
}

describe.runIf(hasMssql)('end to end from a live TDS server (MSSQL_URL)', () => {
  describe('municipal example', () => {
    const source = useFixtureDatabase(new URL('../../../examples/municipal/source.sql', import.meta.url));
    const target = useTestDatabase();

    it('migrates every table, row and Cyrillic value, and creates keys, views and comments', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ms2pg-municipal-'));
      const plan = await migrate(source.url, target.url, dir);
      expect(plan.tables.length).toBe(31);
      const expected = await sourceCounts(source.url, plan);
      expect(await targetCounts(target.url, plan)).toEqual(expected);
      expect(Object.values(expected).reduce((a, b) => a + b, 0)).toBeGreaterThan(500);
      // Definitions are read as nvarchar: their non-ASCII literals arrive (Babelfish once sent N'??????').
      const catalog = JSON.parse(readFileSync(join(dir, 'catalog.json'), 'utf8')) as Catalog;
      const view = catalog.schemas.find((s) => s.name === 'appeals')?.views.find((v) => v.name === 'v_appeal_overview');
      expect(view?.definition).toContain("N'аноним'");
      expect(catalog.schemas.find((s) => s.name === 'appeals')?.routines.find((r) => r.name === 'usp_close_appeal')?.definition).toContain("N'Обращение уже закрыто'");
      expect(catalog.notes.filter((n) => n.code === 'DEFINITION_QUESTION_MARKS')).toEqual([]);

      const sourceNames = await withMssql(source.url, undefined, async (pool) =>
        (await pool.request().query<{ name: string }>('SELECT name FROM dbo.district ORDER BY district_id')).recordset.map((r) => r.name),
      );
      await withClient(target.url, async (client) => {
        const names = await client.query<{ name: string }>('SELECT name FROM dbo.district ORDER BY district_id');
        expect(names.rows.map((r) => r.name)).toEqual(sourceNames);
        expect(sourceNames.join('')).toMatch(/[А-Яа-я]/);
        const fks = await client.query<{ n: string }>("SELECT count(*) AS n FROM pg_constraint WHERE contype = 'f' AND convalidated");
        expect(Number(fks.rows[0]?.n)).toBeGreaterThan(20);
        const comment = await client.query<{ d: string | null }>("SELECT obj_description('appeals.appeal'::regclass, 'pg_class') AS d");
        expect(comment.rows[0]?.d).toMatch(/[А-Яа-я]/);
      });
    });
  });

  describe('all-objects fixture', () => {
    const source = useFixtureDatabase(new URL('../../fixtures/mssql/all-objects.sql', import.meta.url));
    const target = useTestDatabase();

    it('copies every row, with money, decimals, datetimes and Unicode equal to the source', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ms2pg-allobjects-'));
      const plan = await migrate(source.url, target.url, dir);
      expect(await targetCounts(target.url, plan)).toEqual(await sourceCounts(source.url, plan));
      const sourceRows = await withMssql(source.url, undefined, async (pool) =>
        (await pool.request().query<{ net: string; at: string; name: string }>(
          // LTRIM/RTRIM: Babelfish pads CONVERT(varchar, money, 2) (known difference; the copy's parser trims too).
          "SELECT LTRIM(RTRIM(CONVERT(varchar(32), o.Net, 2))) AS net, CONVERT(varchar(23), o.OrderedAt, 121) AS at, c.[Full Name] AS name FROM sales.Orders o JOIN sales.Customers c ON c.Code = o.CustomerCode ORDER BY o.OrderId",
        )).recordset,
      );
      await withClient(target.url, async (client) => {
        const { rows } = await client.query<{ net: string; at: string; name: string }>(
          `SELECT o.net::text AS net, to_char(o.orderedat, 'YYYY-MM-DD HH24:MI:SS.MS') AS at, c."full name" AS name FROM sales.orders o JOIN sales.customers c ON c.code = o.customercode ORDER BY o.orderid`,
        );
        // Babelfish also writes 0 as '.0000': compare the amounts as numbers (exact at this size).
        const normalise = (list: readonly { net: string; at: string; name: string }[]) => list.map((r) => ({ ...r, net: Number(r.net).toFixed(4) }));
        expect(normalise(rows)).toEqual(normalise(sourceRows));
      });
    });
  });
});

describe.runIf(hasMssql)('key-range chunks over string, composite, uuid and datetime2 keys (MSSQL_URL)', () => {
  const source = useFixtureDatabase(new URL('../../fixtures/mssql/chunk-keys.sql', import.meta.url));
  const target = useTestDatabase();

  it('copies every row once in several chunks and verifies equal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ms2pg-chunks-'));
    const plan = await migrate(source.url, target.url, dir, { copy: ['--rows-per-chunk', '1000', '--json'] });
    expect(await targetCounts(target.url, plan)).toEqual(await sourceCounts(source.url, plan));
    const chunks = await withClient(target.url, (c) => c.query<{ table_key: string; n: string }>('SELECT table_key, count(*) AS n FROM ms2pg_state.copy_chunks GROUP BY table_key ORDER BY table_key'));
    // A boundary every 1,000 keys: 6,000 and 5,000 rows give 6 or 5 ranges plus an open-ended last one.
    expect(chunks.rows.map((r) => [r.table_key, Number(r.n)])).toEqual([
      ['dbo.composite_key', 7],
      ['dbo.datetime_key', 6],
      ['dbo.guid_key', 6],
    ]);
  });
});

describe.runIf(hasMssql)('migrate run (MSSQL_URL)', () => {
  const source = useFixtureDatabase(new URL('../../../examples/municipal/source.sql', import.meta.url));
  const target = useTestDatabase();

  it('goes as far as the plan with --dry-run, then resumes from there to a verified migration', async () => {
    const project = join(mkdtempSync(join(tmpdir(), 'ms2pg-run-')), 'municipal');
    const args = ['run', '--source', source.url, '--target', target.url, '--project', project, '--json'];
    const dry = await runMigrate([...args, '--dry-run']);
    expect(dry.code).toBe(0);
    expect((JSON.parse(dry.stdout) as { stages: { stage: string }[] }).stages.map((s) => s.stage)).toEqual(['introspect', 'plan']);

    const full = await runMigrate(args);
    expect(full.code).toBe(0);
    const stages = (JSON.parse(full.stdout) as { stages: { stage: string; status: string }[] }).stages;
    expect(stages.map((s) => `${s.stage}: ${s.status}`)).toEqual([
      'introspect: done earlier',
      'plan: done earlier',
      'apply pre-data: done',
      'copy: done',
      'apply post-data: done',
      'verify: done',
    ]);
    const state = JSON.parse(readFileSync(join(project, 'run-state.json'), 'utf8')) as { done: Record<string, unknown> };
    expect(Object.keys(state.done)).toHaveLength(6);

    const again = await runMigrate(args);
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as { stages: { status: string }[] }).stages.every((s) => s.status === 'done earlier')).toBe(true);
  });
});
