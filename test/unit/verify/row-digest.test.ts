import { describe, expect, it } from 'vitest';
import { LargeValue } from '../../../src/copy/large-value.js';
import { setLanguage } from '../../../src/i18n/index.js';
import type { PlanTable } from '../../../src/plan/plan-model.js';
import { murmur128 } from '../../../src/verify/murmur.js';
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
  const result = digester.result();
  if (result === undefined) throw new Error('no digest');
  return result;
}

describe('murmur128', () => {
  // Reference: MurmurHash3_x86_128, seed 0, of these bytes (murmurhash3js 3.0.1, x86.hash128); our
  // function reads a string's UTF-16 code units, so the bytes are given as little-endian pairs.
  const vectors: [string, string][] = [
    ['', '00000000000000000000000000000000'],
    ['ab', '158451df25be301025be301025be3010'],
    ['abcd', '96b6ccaa45afc62e45afc62e45afc62e'],
    ['abcdefghijkl', '738503fef48224c027d4dfadd28ce553'],
    ['abcdefghijklmnop', '9fd2762790b91256e4ce8b21d193ba45'],
    ['abcdefghijklmnopqr', 'a09354aa961d29da28719e6ad9415858'],
    ['xy'.repeat(13), 'afdfda3afb378aad45a6b8ac4c0bf762'],
    ['abcdefghijklmnopqrstuvwxyz0123', '60188a37dc7907eb810c944ab7412b38'],
  ];
  it.each(vectors)('hashes the bytes %j as the reference does', (bytes, expected) => {
    let units = '';
    for (let i = 0; i < bytes.length; i += 2) units += String.fromCharCode(bytes.charCodeAt(i) | (bytes.charCodeAt(i + 1) << 8));
    const out = new Uint32Array(4);
    murmur128(units, out);
    expect([...out].map((w) => w.toString(16).padStart(8, '0')).join('')).toBe(expected);
  });
});

describe('row digests', () => {
  it('do not depend on row order, and chunks add up to their union', () => {
    const rows = Array.from({ length: 50 }, (_, i) => [i, `name ${String(i)}`]);
    const whole = digestOf(rows);
    expect(whole.rows).toBe(50);
    expect(sameDigest(digestOf([...rows].reverse()), whole)).toBe(true);
    expect(sameDigest(addDigests([digestOf(rows.slice(0, 17)), digestOf(rows.slice(17))]), whole)).toBe(true);
  });

  it('tell a changed value, a missing row, moved text and NULL from an empty or dash text apart', () => {
    const base = digestOf([[1, 'a|b'], [2, null]]);
    expect(sameDigest(digestOf([[1, 'a|b'], [2, '']]), base)).toBe(false);
    expect(sameDigest(digestOf([[1, 'a|b'], [2, '-']]), base)).toBe(false);
    expect(sameDigest(digestOf([[12, ':a|b'], [2, null]]), digestOf([[1, '2:a|b'], [2, null]]))).toBe(false);
    expect(sameDigest(digestOf([[1, 'a|c'], [2, null]]), base)).toBe(false);
    expect(sameDigest(digestOf([[1, 'a|b']]), base)).toBe(false);
  });

  it('read a value the canonical forms cannot read the same in every language', () => {
    const narrow = syntheticTable('narrow');
    const digestIn = (language: 'en' | 'ru'): RowDigest | undefined => {
      setLanguage(language);
      const digester = RowDigester.forSource(narrow);
      digester.add([1, 2, 'x', 'not a number', 'not a time', true]);
      return digester.result();
    };
    try {
      expect(digestIn('ru')).toEqual(digestIn('en'));
    } finally {
      setLanguage('en');
    }
  });

  it('are not made for rows of which a value was read in pieces', () => {
    const digester = RowDigester.forSource(small);
    digester.add([1, 'small']);
    digester.add([2, new LargeValue(2_000_000, undefined)]);
    digester.add([3, 'small']);
    expect(digester.result()).toBeUndefined();
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
