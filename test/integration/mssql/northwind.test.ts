/**
 * Gated on MSSQL_URL: Microsoft's Northwind (test/fixtures/mssql/northwind.sql: 13 tables, 16 views,
 * 7 procedures) from the TDS server to PostgreSQL 18 and, where available, 15, with the CLI, each
 * planned for its own target: it migrates and verifies end to end, its views are created in the
 * order they read each other ("Category Sales for 1997" after "Product Sales for 1997") and read
 * back, and the queries of the issue that reported LIKE failing on PostgreSQL 15 work.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { migrate } from '../../support/pipeline.js';
import { hasMssql, useFixtureDatabase, withMssql } from '../../support/mssql.js';
import { useTestDatabase, withClient } from '../../support/pg.js';

const SERVERS = [
  { name: 'embedded', admin: inject('pgAdminUrl') },
  { name: '15', admin: inject('pg15AdminUrl') },
] as const;

describe.runIf(hasMssql)('Northwind end to end (MSSQL_URL)', () => {
  const source = useFixtureDatabase(new URL('../../fixtures/mssql/northwind.sql', import.meta.url));

  for (const { name, admin } of SERVERS) {
    describe.runIf(admin !== '')(`to PostgreSQL ${name}`, () => {
      const target = useTestDatabase(admin);

      it('migrates, verifies, creates the views in order and answers LIKE, ILIKE and = ignoring case', async () => {
        const planned = await migrate(source.url, target.url, mkdtempSync(join(tmpdir(), 'ms2pg-northwind-')));
        expect(planned.tables).toHaveLength(13);
        const views = planned.statements.filter((s) => s.step === 'views').map((s) => s.object);
        expect(views.indexOf('dbo.category sales for 1997')).toBeGreaterThan(views.indexOf('dbo.product sales for 1997'));
        expect(views.indexOf('dbo.sales by category')).toBeGreaterThan(views.indexOf('dbo.order details extended'));
        // Every view the translator took is created and reads; the rest are in manual.sql with a reason.
        const manualViews = planned.manual.filter((m) => m.kind === 'view').map((m) => m.object);
        expect(views.length + manualViews.length).toBe(16);

        const sourceCount = await withMssql(source.url, undefined, async (pool) =>
          (await pool.request().query<{ n: number }>("SELECT COUNT(*) AS n FROM dbo.Customers WHERE CompanyName LIKE 'a%'")).recordset[0]?.n,
        );
        await withClient(target.url, async (client) => {
          for (const view of views) {
            const [schema, relation] = view.split('.');
            await client.query(`SELECT * FROM "${schema ?? ''}"."${relation ?? ''}" LIMIT 1`);
          }
          const count = async (where: string): Promise<number> => Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM dbo.customers WHERE ${where}`)).rows[0]?.n);
          expect(sourceCount).toBeGreaterThan(0);
          expect(await count("companyname LIKE 'a%'")).toBe(sourceCount);
          expect(await count("companyname ILIKE 'A%'")).toBe(sourceCount);
          expect(await count("companyname ~ '^a'")).toBe(sourceCount);
          const first = (await client.query<{ companyname: string }>('SELECT companyname FROM dbo.customers ORDER BY customerid LIMIT 1')).rows[0]?.companyname ?? '';
          expect(await count(`companyname = '${first.toUpperCase().replace(/'/g, "''")}'`)).toBe(1);
        });
      });
    });
  }
});
