import { describe, expect, it } from 'vitest';
import { exactCountsSql } from '../../../src/source/mssql/catalog-queries.js';

describe('exact row counts', () => {
  it('counts several tables in one query, a row each, names quoted (a name with ] in double quotes, which Babelfish also reads)', () => {
    const sql = exactCountsSql([
      { objectId: 7, schema: 'dbo', name: 'orders' },
      { objectId: 9, schema: 'sales', name: 'odd]name' },
    ]);
    expect(sql).toBe(
      [
        'SELECT 7 AS object_id, CONVERT(varchar(20), COUNT_BIG(*)) AS rows FROM [dbo].[orders]',
        'UNION ALL',
        'SELECT 9 AS object_id, CONVERT(varchar(20), COUNT_BIG(*)) AS rows FROM [sales]."odd]name"',
      ].join('\n'),
    );
  });
});
