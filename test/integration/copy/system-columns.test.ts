/**
 * Columns named like PostgreSQL system columns (xmin, xmax in GIS tables, ctid, tableoid): the plan
 * renames them, and pre-data, the copy and verify all use the new names (synthetic source).
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { runCopy } from '../../../src/copy/run-copy.js';
import { syntheticCatalog } from '../../../src/copy/synthetic-catalog.js';
import { SyntheticRowSource } from '../../../src/copy/synthetic-source.js';
import { loadMappings } from '../../../src/mapping/load.js';
import type { Column } from '../../../src/model/catalog.js';
import { buildPlan } from '../../../src/plan/build-plan.js';
import { LocalLane } from '../../../src/verify/lane.js';
import { LanePool, verifyTable } from '../../../src/verify/verify.js';
import { applyPlanned } from '../../support/apply.js';
import { useTestDatabase, withClient } from '../../support/pg.js';

const ROWS = 3000;

describe('system column names', () => {
  const db = useTestDatabase();

  it('are renamed in the plan, created, copied and verified under the new names', async () => {
    const catalog = syntheticCatalog(10);
    const column = (name: string, type: Column['type']): Column => ({ name, type, nullable: true });
    // Only this table: post-data waits for the copy of every planned table.
    catalog.schemas[0]!.tables = [];
    catalog.schemas[0]!.tables.push({
      name: 'extent',
      columns: [
        { name: 'id', type: { name: 'int' }, nullable: false },
        column('xmin', { name: 'float' }),
        column('ymin', { name: 'float' }),
        column('XMAX', { name: 'float' }),
        column('ymax', { name: 'float' }),
        column('ctid', { name: 'int' }),
        column('tableoid', { name: 'nvarchar', length: 20 }),
      ],
      primaryKey: { name: 'PK_extent', columns: [{ name: 'id', descending: false }], clustered: true },
      uniqueConstraints: [],
      foreignKeys: [],
      checks: [],
      indexes: [{ name: 'IX_extent_box', kind: 'rowstore', unique: false, clustered: false, columns: [{ name: 'xmin', descending: false }, { name: 'XMAX', descending: false }], include: [], enabled: true }],
      triggers: [],
      stats: { rows: ROWS, rowsExact: true, dataBytes: ROWS * 60, lobBytes: 0 },
    });
    const plan = buildPlan(catalog, loadMappings([], process.cwd()), { targetVersion: 16 });
    expect(plan.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const extent = plan.tables.find((t) => t.source.name === 'extent')!;
    expect(extent.columns.map((c) => c.target.name)).toEqual(['id', 'xmin_', 'ymin', 'xmax_', 'ymax', 'ctid_', 'tableoid_']);

    const pool = new pg.Pool({ connectionString: db.url, max: 2 });
    try {
      expect((await applyPlanned(pool, plan, 'pre-data')).failed).toEqual([]);
      const copied = await runCopy(plan, { kind: 'synthetic' }, { connectionString: db.url }, process.env, {
        jobs: 2, rowsPerChunk: 1000, tables: ['dbo.extent'], restart: false, truncate: false, workerOnly: false, rejectsFile: '/dev/null', nul: 'reject', onError: 'stop', retrySeconds: 0, maxRejectsPerChunk: 0,
      }, () => undefined);
      expect(copied.complete).toBe(true);
      expect((await applyPlanned(pool, plan, 'post-data', { jobs: 2 })).failed).toEqual([]);
    } finally {
      await pool.end();
    }
    await withClient(db.url, async (client) => {
      const { rows } = await client.query<{ n: string; values: string }>('SELECT count(*) AS n, count(xmin_) + count(xmax_) + count(ctid_) + count(tableoid_) AS values FROM dbo.extent');
      expect(Number(rows[0]?.n)).toBe(ROWS);
      expect(Number(rows[0]?.values)).toBeGreaterThan(0);
      const verdict = await verifyTable(new LanePool([new LocalLane(new SyntheticRowSource(), client)]), extent, { level: 'rows', examplesPerTable: 5, rowsPerRange: 1000, maxRowsInMemory: 1_000_000, onDifference: () => undefined });
      expect(verdict).toMatchObject({ status: 'equal', sourceRows: ROWS, targetRows: ROWS, differences: 0, problems: [] });
    });
  });
});
