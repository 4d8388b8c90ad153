/**
 * Views that read views, with spaces in their names and across schemas, whose catalog names no
 * dependencies (test/fixtures/catalogs/views.catalog.json): planned for the server's version under
 * the `auto` and `icu` policies, created in order on PostgreSQL 15 and 18, and read. The last view
 * matches a [b-d] pattern on a column that comes, through two views, from a case-insensitive table
 * column: under `icu` that is a nondeterministic collation, which the pattern must not meet.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { loadMappings } from '../../../src/mapping/load.js';
import { parseCatalog } from '../../../src/model/catalog-io.js';
import { buildPlan } from '../../../src/plan/build-plan.js';
import { writePlanDirectory } from '../../../src/plan/plan-io.js';
import { runMigrate } from '../../support/cli.js';
import { useTestDatabase, withClient } from '../../support/pg.js';

const catalog = parseCatalog(readFileSync(new URL('../../fixtures/catalogs/views.catalog.json', import.meta.url), 'utf8'), 'views');

const SERVERS = [
  { version: 'embedded', admin: inject('pgAdminUrl') },
  { version: '15', admin: inject('pg15AdminUrl') },
] as const;

for (const { version, admin } of SERVERS) {
  for (const policy of ['auto', 'icu'] as const) {
    describe.runIf(admin !== '')(`views on PostgreSQL ${version}, collations.caseInsensitive: ${policy}`, () => {
      const db = useTestDatabase(admin);

      it('creates every view after what it reads and reads them all', async () => {
        const server = await withClient(db.url, (c) => c.query<{ v: string }>("SELECT current_setting('server_version_num') AS v"));
        const defaults = loadMappings([], process.cwd());
        const plan = buildPlan(catalog, { ...defaults, collations: { caseInsensitive: policy } }, { targetVersion: Math.floor(Number(server.rows[0]?.v) / 10000) });
        const dir = mkdtempSync(join(tmpdir(), 'ms2pg-views-'));
        writePlanDirectory(dir, plan);
        for (const phase of ['pre-data', 'post-data']) {
          const run = await runMigrate(['apply', '--target', db.url, '--plan', dir, '--phase', phase, '--json']);
          expect(run.code, run.stderr).toBe(0);
        }
        await withClient(db.url, async (client) => {
          await client.query(`INSERT INTO dbo.categories VALUES (1, 'Beverages'), (2, 'condiments'), (3, 'Produce')`);
          await client.query(`INSERT INTO dbo.products VALUES (10, 'Chai', 1), (11, 'Aniseed Syrup', 2), (12, 'Tofu', 3)`);
          await client.query(`INSERT INTO dbo."order details" VALUES (100, 10, 18, 2), (100, 11, 10, 1), (101, 12, 23.25, 4)`);
          const read = async (view: string): Promise<unknown[]> => (await client.query<Record<string, unknown>>(`SELECT * FROM ${view} ORDER BY 1`)).rows;
          expect(await read('dbo."category sales for 1997"')).toEqual([
            { categoryname: 'Beverages', categorysales: '36.0000' },
            { categoryname: 'condiments', categorysales: '10.0000' },
            { categoryname: 'Produce', categorysales: '93.0000' },
          ]);
          // [b-d] ignores case, as under the source's _CI_ collation: 'Beverages' and 'condiments', not 'Produce'.
          expect(await read('sales."a categories"')).toEqual([{ categoryname: 'Beverages' }, { categoryname: 'condiments' }]);
          expect(await read('dbo."alphabetical list of products"')).toHaveLength(3);
        });
      });
    });
  }
}
