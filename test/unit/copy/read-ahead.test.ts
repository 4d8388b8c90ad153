import { describe, expect, it } from 'vitest';
import type { PlanTable } from '../../../src/plan/plan-model.js';
import { readAheadRows } from '../../../src/copy/row-source.js';

const table = (rows: number | null, bytes: number | null): PlanTable => ({ source: { schema: 'dbo', name: 't' }, target: { schema: 'dbo', name: 't' }, columns: [], key: [], rows, bytes });

describe('rows a source holds ahead of the copy', () => {
  it('is 2,000 for narrow rows', () => {
    expect(readAheadRows(table(1_000_000, 80_000_000))).toBe(2000);
  });

  it('holds about 1 MB of wide rows, at least 16', () => {
    expect(readAheadRows(table(100_000, 100_000 * 5_200))).toBe(Math.floor((1024 * 1024) / 5_200));
    expect(readAheadRows(table(1_000, 1_000 * 50 * 1024 * 1024))).toBe(16);
  });
});
