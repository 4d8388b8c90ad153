import { describe, expect, it } from 'vitest';
import type { PlanTable } from '../../../src/plan/plan-model.js';
import { readAheadRows } from '../../../src/copy/row-source.js';
import { rowsPerChunk } from '../../../src/copy/run-copy.js';

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

describe('rows per chunk', () => {
  it('is at least 50,000 rows for ordinary rows, however many workers', () => {
    expect(rowsPerChunk(table(1_000_000, 80_000_000), undefined, 2)).toBe(125_000);
    expect(rowsPerChunk(table(60_000, 60_000 * 5_000), undefined, 2)).toBe(50_000);
  });

  it('splits a table of documents below 50,000 rows, about 1 GB a chunk, at least a row', () => {
    expect(rowsPerChunk(table(100_000, 100_000 * 2 * 1024 * 1024), undefined, 2)).toBe(512);
    expect(rowsPerChunk(table(5, 2_000_000_000), undefined, 2)).toBe(2);
    expect(rowsPerChunk(table(3, 3 * 2 ** 31), undefined, 2)).toBe(1);
  });
});

