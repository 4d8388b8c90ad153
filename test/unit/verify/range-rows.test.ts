import { describe, expect, it } from 'vitest';
import type { PlanTable } from '../../../src/plan/plan-model.js';
import { rangeRows } from '../../../src/verify/verify.js';

const table = (rows: number | null, bytes: number | null): PlanTable => ({ source: { schema: 'dbo', name: 't' }, target: { schema: 'dbo', name: 't' }, columns: [], key: [], rows, bytes });

describe('rows per verify range', () => {
  it('keeps the given most for narrow rows and when sizes are unknown', () => {
    expect(rangeRows(table(1_000_000, 80_000_000), 50_000)).toBe(50_000);
    expect(rangeRows(table(null, null), 50_000)).toBe(50_000);
    expect(rangeRows(table(1_000, null), 50_000)).toBe(50_000);
  });

  it('holds about 16 MB of source rows per range for wide rows, never under 1,000 rows', () => {
    expect(rangeRows(table(100_000, 100_000 * 5_200), 50_000)).toBe(Math.floor((16 * 1024 * 1024) / 5_200));
    expect(rangeRows(table(10_000, 10_000 * (1 << 20)), 50_000)).toBe(1_000);
  });
});
