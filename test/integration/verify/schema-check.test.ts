/**
 * Target types as a rule may spell them go through the plan to a real PostgreSQL, and verify's
 * schema check finds each column as planned (it compares canonical spellings, not format_type's words).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { syntheticCatalog } from '../../../src/copy/synthetic-catalog.js';
import { loadMappings } from '../../../src/mapping/load.js';
import { buildPlan } from '../../../src/plan/build-plan.js';
import { checkTargetSchema } from '../../../src/target/postgres/schema-check.js';
import { applyPlanned } from '../../support/apply.js';
import { useTestDatabase, withClient } from '../../support/pg.js';

const SPELLINGS = ['INT4', 'float(24)', 'decimal(10)', 'character(4)', 'TIME(3) WITH TIME ZONE', 'timestamp without time zone', 'bit varying(8)', 'interval', 'bit', 'integer[]', 'Character Varying'];

describe('schema check', () => {
  const db = useTestDatabase();

  it('finds columns created from any spelling of their target type as planned', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ms2pg-spellings-'));
    const rules = SPELLINGS.map((target, i) => `  - id: c${i}\n    match: { column: "dbo.spellings.c${i}" }\n    target: ${JSON.stringify(target)}\n`).join('');
    writeFileSync(join(dir, 'spellings.yaml'), `rules:\n${rules}`);
    const catalog = syntheticCatalog(10);
    catalog.schemas[0]!.tables.push({
      name: 'spellings',
      columns: [{ name: 'id', type: { name: 'int' }, nullable: false }, ...SPELLINGS.map((_, i) => ({ name: `c${i}`, type: { name: 'int' }, nullable: true }))],
      uniqueConstraints: [],
      foreignKeys: [],
      checks: [],
      indexes: [],
      triggers: [],
    });
    const plan = buildPlan(catalog, loadMappings([join(dir, 'spellings.yaml')], dir), { targetVersion: 16 });
    const table = plan.tables.find((t) => t.source.name === 'spellings')!;
    expect(table.columns.map((c) => c.target.type)).toEqual(['integer', 'integer', 'real', 'numeric(10,0)', 'char(4)', 'timetz(3)', 'timestamp', 'varbit(8)', 'interval', 'bit(1)', 'integer[]', 'varchar']);
    const pool = new pg.Pool({ connectionString: db.url, max: 1 });
    try {
      expect((await applyPlanned(pool, plan, 'pre-data')).failed).toEqual([]);
    } finally {
      await pool.end();
    }
    await withClient(db.url, async (client) => {
      expect(await checkTargetSchema(client, table)).toEqual([]);
      await client.query('ALTER TABLE dbo.spellings ALTER COLUMN c3 TYPE char(5), ALTER COLUMN c4 TYPE time(3)');
      expect(await checkTargetSchema(client, table)).toEqual(['column c3 is char(5), planned char(4)', 'column c4 is time(3), planned timetz(3)']);
    });
  });
});
