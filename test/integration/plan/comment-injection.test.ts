/**
 * Names and source text reach the comments of the generated files; none of them may end its comment.
 * psql ends a `--` comment at \n or \r, and runs a backslash command anywhere outside quotes and
 * comments: each file is run with psql, as a DBA would, and nothing planted may execute.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadMappings } from '../../../src/mapping/load.js';
import { parseCatalog } from '../../../src/model/catalog-io.js';
import { buildPlan } from '../../../src/plan/build-plan.js';
import { writePlanDirectory } from '../../../src/plan/plan-io.js';
import { useTestDatabase, withClient } from '../../support/pg.js';

const run = promisify(execFile);
const fixture = readFileSync(new URL('../../fixtures/catalogs/all-objects.catalog.json', import.meta.url), 'utf8');

/** Every way a line can end for psql or for the person reading the file. */
const BREAKS = ['\n', '\r', '\r\n', '\u2028', '\u2029', '\u0085'];

function hostileCatalog(marker: string): ReturnType<typeof parseCatalog> {
  const catalog = parseCatalog(fixture, 'all-objects');
  const payload = (i: number): string => `${BREAKS[i % BREAKS.length] ?? '\n'}DROP TABLE public.victim; \\! touch ${marker}-${i}${BREAKS[(i + 1) % BREAKS.length] ?? '\n'}-- `;
  catalog.source.database = `Municipal${payload(0)}`;
  catalog.source.productVersion = `16.0${payload(1)}`;
  const dbo = catalog.schemas.find((s) => s.name === 'dbo');
  const sales = catalog.schemas.find((s) => s.name === 'sales');
  if (dbo === undefined || sales === undefined) throw new Error('fixture changed');
  // A view that cannot be read, one whose T-SQL is refused, a routine and a trigger: all go to manual.sql.
  dbo.views.push({ name: `v_unreadable${payload(2)}`, definition: null, columns: [], schemaBound: false, references: [] });
  dbo.views.push({ name: `v_refused${payload(3)}`, definition: `CREATE VIEW x AS SELECT 1 AS a FROM nowhere CROSS APPLY f()${payload(4)}`, columns: [], schemaBound: false, references: [] });
  sales.routines.push({ ...structuredClone(sales.routines[0]!), name: `usp${payload(5)}`, definition: `CREATE PROCEDURE p AS SELECT 1 /* */${payload(6)} */ SELECT 2` });
  const orders = sales.tables.find((t) => t.name === 'Orders')!;
  orders.triggers.push({ ...structuredClone(orders.triggers[0]!), name: `tr${payload(7)}` });
  // Names in the DDL itself are quoted identifiers: psql reads them whole.
  orders.columns.push({ ...structuredClone(orders.columns.find((c) => c.name === 'Net')!), name: `note${payload(8)}` });
  return catalog;
}

describe('comments in generated files', () => {
  const db = useTestDatabase();

  it('psql -f runs pre-data.sql, post-data.sql and manual.sql without executing anything planted in a name or source text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ms2pg-comments-'));
    const marker = join(dir, 'pwned');
    const plan = buildPlan(hostileCatalog(marker), loadMappings([], dir), { targetVersion: 16 });
    expect(plan.manual.length).toBeGreaterThanOrEqual(4);
    writePlanDirectory(join(dir, 'plan'), plan);
    await withClient(db.url, (client) => client.query('CREATE TABLE public.victim (id int)'));
    for (const file of ['pre-data.sql', 'post-data.sql', 'manual.sql']) {
      const { stderr } = await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', db.url, '-f', join(dir, 'plan', file)]);
      expect(stderr).not.toMatch(/ERROR/);
    }
    await withClient(db.url, async (client) => {
      const { rows } = await client.query<{ n: string }>("SELECT count(*) AS n FROM pg_class WHERE relname = 'victim'");
      expect(rows[0]?.n).toBe('1');
    });
    for (let i = 0; i < 9; i++) expect(existsSync(`${marker}-${i}`)).toBe(false);
  });
});
