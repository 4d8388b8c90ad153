import { describe, expect, it } from 'vitest';
import type { PlanTable } from '../../../src/plan/plan-model.js';
import { addDigests, RowDigester, sameDigest, type RowDigest } from '../../../src/verify/row-digest.js';
import { syntheticPlan } from '../../support/synthetic.js';

function syntheticTable(name: string): PlanTable {
  const table = syntheticPlan(10).tables.find((t) => t.source.name === name);
  if (table === undefined) throw new Error(`synthetic plan without dbo.${name}`);
  return table;
}

const small = syntheticTable('small');

function digestOf(rows: readonly (readonly unknown[])[]): RowDigest {
  const digester = RowDigester.forSource(small);
  for (const row of rows) digester.add(row);
  return digester.result();
}

describe('row digests', () => {
  it('do not depend on row order, and chunks add up to their union', () => {
    const rows = Array.from({ length: 50 }, (_, i) => [i, `name ${String(i)}`]);
    const whole = digestOf(rows);
    expect(whole.rows).toBe(50);
    expect(sameDigest(digestOf([...rows].reverse()), whole)).toBe(true);
    expect(sameDigest(addDigests([digestOf(rows.slice(0, 17)), digestOf(rows.slice(17))]), whole)).toBe(true);
  });

  it('tell a changed value, a missing row and NULL from an empty or escaped text apart', () => {
    const base = digestOf([[1, 'a|b'], [2, null]]);
    expect(sameDigest(digestOf([[1, 'a|b'], [2, '']]), base)).toBe(false);
    expect(sameDigest(digestOf([[1, 'a|b'], [2, '\\N']]), base)).toBe(false);
    expect(sameDigest(digestOf([[1, 'a|c'], [2, null]]), base)).toBe(false);
    expect(sameDigest(digestOf([[1, 'a|b']]), base)).toBe(false);
  });

  it('give a source row and the target text PostgreSQL writes for it the same digest', () => {
    const narrow = syntheticTable('narrow');
    // bigint, int, varchar(50), numeric(18,4), timestamp(3), boolean: as the source reader gives them (decimals as
    // text at their scale, datetime2 rounded to the column's precision), and as COPY TO writes them.
    const source = RowDigester.forSource(narrow);
    source.add([7, 3, 'seven', '12.5000', '2024-02-29 10:11:12.1234567', true]);
    const target = RowDigester.forTarget(narrow);
    target.add(['7', '3', 'seven', '12.5000', '2024-02-29 10:11:12.123', '1']);
    expect(target.result()).toEqual(source.result());
  });
});
