/**
 * Gated on MSSQL_URL: a computed column whose reported type cannot hold its values (Babelfish reports
 * decimal(12,3) * smallmoney as numeric(38,38)) gets the type T-SQL's rules give the expression, with
 * a warning, and the table copies and verifies.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../support/pipeline.js';
import { hasMssql, useFixtureDatabase } from '../../support/mssql.js';
import { useTestDatabase, withClient } from '../../support/pg.js';

describe.runIf(hasMssql)('computed column types (MSSQL_URL)', () => {
  const source = useFixtureDatabase(new URL('../../fixtures/mssql/computed-types.sql', import.meta.url));
  const target = useTestDatabase();

  it('types decimal(12,3) * smallmoney as decimal(23,7) whatever the server reports, and the table copies', async () => {
    const planned = await migrate(source.url, target.url, mkdtempSync(join(tmpdir(), 'ms2pg-computed-')), { verify: ['rows'] });
    const column = planned.tables[0]?.columns.find((c) => c.source.name === 'line_total');
    expect(column?.target.type).toBe('numeric(23,7)');
    // Babelfish reports the impossible type; SQL Server reports decimal(23,7) itself, and nothing is replaced.
    const replaced = planned.issues.filter((i) => i.code === 'COMPUTED_TYPE_REPLACED').map((i) => i.object);
    expect(replaced).toEqual(source.isBabelfish ? ['dbo.order_line.line_total'] : []);
    await withClient(target.url, async (client) => {
      const { rows } = await client.query<{ id: number; line_total: string }>('SELECT id, line_total::text FROM dbo.order_line ORDER BY id');
      expect(rows).toEqual([
        { id: 1, line_total: '128.1250000' },
        { id: 2, line_total: '214748364699785.2516353' },
        { id: 3, line_total: '0.0000001' },
        { id: 4, line_total: '1.5000000' },
      ]);
    });
  });
});
