import { describe, expect, it } from 'vitest';
import type { PlanColumn, PlanTable } from '../../../src/plan/plan-model.js';
import { averageRowBytes } from '../../../src/plan/row-size.js';

const column = (type: string): PlanColumn => ({
  source: { name: 'c', type, nullable: true },
  target: { name: 'c', type: 'text', nullable: true },
  rule: null,
  read: '[c]',
  encoder: 'text',
  copied: true,
  losses: [],
});
const table = (rows: number | null, bytes: number | null, types: string[]): PlanTable => ({ source: { schema: 'dbo', name: 't' }, target: { schema: 'dbo', name: 't' }, columns: types.map(column), key: [], rows, bytes });

describe('average row bytes', () => {
  it('comes from the catalog sizes when the server gave them', () => {
    expect(averageRowBytes(table(1_000, 80_000, ['int']))).toBe(80);
  });

  it('is estimated from the declared types when sizes are missing or zero (Babelfish)', () => {
    expect(averageRowBytes(table(1_000, 0, ['int', 'nvarchar(50)', 'varchar(10)', 'binary(16)']))).toBe(16 + 100 + 10 + 16);
    expect(averageRowBytes(table(null, null, ['nvarchar(max)', 'varbinary(max)', 'xml', 'ntext', 'dbo.Phone (nvarchar(20))']))).toBe(4 * 8_000 + 40);
  });
});
