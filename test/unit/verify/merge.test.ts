import { describe, expect, it } from 'vitest';
import type { RowBatch } from '../../../src/copy/row-source.js';
import { CopyText } from '../../../src/target/postgres/copy-out.js';
import { guarded, sourceCanonical, targetCanonical } from '../../../src/verify/canonical.js';
import { keyOrder, mergeDiff, sortedDiff, type MergeColumns } from '../../../src/verify/merge.js';

const text = (value: unknown): string | null => (value === null ? null : typeof value === 'number' ? String(value) : (value as string));

function columns(keyType: string): MergeColumns {
  return { names: ['k', 'v'], keys: [{ name: 'k', index: 0, order: keyOrder(keyType) }], fromSource: [text, text], fromTarget: [text, text] };
}

async function* batches(...list: RowBatch[]): AsyncIterable<RowBatch> {
  for (const batch of list) {
    await Promise.resolve();
    yield batch;
  }
}

describe('merging a key range of both sides', () => {
  it('finds changed, missing, extra and duplicated keys, across source batches, in key order', async () => {
    const source = batches([[1, 'a'], [2, 'b']], [[3, 'c'], [5, 'e']], [[6, 'f']]);
    const target = [['0', 'z'], ['1', 'a'], ['2', 'B'], ['4', 'd'], ['5', 'e'], ['5', 'e'], ['7', 'g']];
    expect(await mergeDiff(source, batches(target), columns('int'))).toEqual([
      { kind: 'extra', key: { k: '0' } },
      { kind: 'changed', key: { k: '2' }, columns: [{ column: 'v', source: 'b', target: 'B' }] },
      { kind: 'missing', key: { k: '3' } },
      { kind: 'extra', key: { k: '4' } },
      { kind: 'duplicate', key: { k: '5' } },
      { kind: 'missing', key: { k: '6' } },
      { kind: 'extra', key: { k: '7' } },
    ]);
  });

  it('is empty for equal sides, and reports everything when one side is empty', async () => {
    const rows = [[10, 'x'], [20, 'y']];
    expect(await mergeDiff(batches(rows), batches(rows.map(([k, v]) => [String(k), v])), columns('bigint'))).toEqual([]);
    expect(await mergeDiff(batches(rows), batches(), columns('bigint'))).toEqual([{ kind: 'missing', key: { k: '10' } }, { kind: 'missing', key: { k: '20' } }]);
    expect(await mergeDiff(batches(), batches([['10', 'x']]), columns('bigint'))).toEqual([{ kind: 'extra', key: { k: '10' } }]);
  });

  it('orders decimal keys as numbers and date keys as dates, not as text', async () => {
    const decimals = ['-10.50', '-2.00', '-0.05', '0.00', '1.25', '10.00'];
    const source = batches(decimals.map((k) => [k, 'v']));
    expect(await mergeDiff(source, batches(decimals.map((k) => [k, 'v'])), columns('decimal(9,2)'))).toEqual([]);
    const dates = ['0999-12-31', '2024-01-09', '2024-01-10'];
    expect(await mergeDiff(batches(dates.map((k) => [k, 'v'])), batches(dates.map((k) => [k, 'v'])), columns('date'))).toEqual([]);
  });

  it('orders integer keys exactly beyond 2^53, and a driver\'s number equals the same text', async () => {
    const big = ['-9223372036854775808', '-1', '9007199254740992', '9007199254740993', '9223372036854775807'];
    expect(await mergeDiff(batches(big.map((k) => [k, 'v'])), batches(big.map((k) => [k, 'v'])), columns('bigint'))).toEqual([]);
    expect(await mergeDiff(batches([[9007199254740992, 'v']]), batches([['9007199254740993', 'v']]), columns('bigint'))).toEqual([
      { kind: 'missing', key: { k: '9007199254740992' } },
      { kind: 'extra', key: { k: '9007199254740993' } },
    ]);
    await expect(mergeDiff(batches([['x1', 'v']]), batches(), columns('int'))).rejects.toThrow(SyntaxError);
    await expect(mergeDiff(batches([['', 'v']]), batches(), columns('int'))).rejects.toThrow(SyntaxError);
  });

  it('reads the target in batches of any size against source batches of any size', async () => {
    const keys = Array.from({ length: 50 }, (_, i) => i * 2);
    const slices = (rows: unknown[][], size: number): RowBatch[] => Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));
    const sourceRows = keys.filter((k) => k !== 40).map((k) => [k, `v${k}`]);
    const targetRows = keys.filter((k) => k !== 10).map((k) => [String(k), k === 70 ? 'changed' : `v${k}`]);
    for (const [sourceSize, targetSize] of [[1, 7], [7, 1], [3, 50], [50, 3]] as const) {
      expect(await mergeDiff(batches(...slices(sourceRows, sourceSize)), batches(...slices(targetRows, targetSize)), columns('int'))).toEqual([
        { kind: 'missing', key: { k: '10' } },
        { kind: 'extra', key: { k: '40' } },
        { kind: 'changed', key: { k: '70' }, columns: [{ column: 'v', source: 'v70', target: 'changed' }] },
      ]);
    }
  });

  it('compares canonical forms where the texts differ, identical texts without them, and shows values as read', async () => {
    let calls = 0;
    const lower = (value: unknown): string | null => {
      calls++;
      return value === null ? null : (value as string).toLowerCase();
    };
    const forms: MergeColumns = { ...columns('int'), fromSource: [text, lower], fromTarget: [text, lower] };
    expect(await mergeDiff(batches([[1, 'ABC'], [2, 'x'], [3, null]]), batches([['1', 'abc'], ['2', 'x'], ['3', null]]), forms)).toEqual([]);
    expect(calls).toBe(2);
    expect(await mergeDiff(batches([[1, 'ABC']]), batches([['1', 'abd']]), forms)).toEqual([{ kind: 'changed', key: { k: '1' }, columns: [{ column: 'v', source: 'ABC', target: 'abd' }] }]);
    expect(await mergeDiff(batches([[1, null]]), batches([['1', '']]), forms)).toEqual([{ kind: 'changed', key: { k: '1' }, columns: [{ column: 'v', source: null, target: '' }] }]);
  });

  it('compares a number column by value where marked numeric, -0 apart from 0, and otherwise through canonical forms', async () => {
    let calls = 0;
    const counted = (value: unknown): string | null => {
      calls++;
      return value === null ? null : Object.is(value, -0) ? '-0' : text(value);
    };
    const forms: MergeColumns = { ...columns('int'), fromSource: [text, counted], fromTarget: [text, counted], numeric: [false, true] };
    expect(await mergeDiff(batches([[1, 5], [2, 0.1]]), batches([['1', '5'], ['2', '0.1']]), forms)).toEqual([]);
    expect(calls).toBe(0);
    expect(await mergeDiff(batches([[1, -0]]), batches([['1', '0']]), forms)).toEqual([{ kind: 'changed', key: { k: '1' }, columns: [{ column: 'v', source: '-0', target: '0' }] }]);
    expect(calls).toBe(2);
    // Not marked numeric: a number and a text of the same value go through the canonical forms.
    const asText: MergeColumns = { ...forms, numeric: [false, false] };
    expect(await mergeDiff(batches([[1, 12]]), batches([['1', '12.0']]), asText)).toEqual([{ kind: 'changed', key: { k: '1' }, columns: [{ column: 'v', source: '12', target: '12.0' }] }]);
  });

  it('compares a long text the target kept as bytes (CopyText) without changing what is equal', async () => {
    const long = 'Документ №1 — «описание» '.repeat(40);
    const bytes = (value: string): CopyText => new CopyText(Buffer.from(`pad\t${value}\tpad`), 4, 4 + Buffer.byteLength(value));
    const source = [
      [1, long],
      [2, long],
      [3, `${long}😀`],
      [4, `${long}\uD800`],
      [5, long],
    ];
    const target = [
      ['1', bytes(long)],
      ['2', bytes(`${long.slice(0, -1)}!`)],
      ['3', bytes(`${long}😀`)],
      // A lone surrogate has no UTF-8 form; the replacement character must not pass for it.
      ['4', bytes(`${long}\uFFFD`)],
      ['5', bytes(long.slice(1))],
    ];
    const diff = await mergeDiff(batches(source), batches(target), columns('int'));
    expect(diff.map((d) => d.key.k)).toEqual(['2', '4', '5']);
    expect(diff[0]).toEqual({ kind: 'changed', key: { k: '2' }, columns: [{ column: 'v', source: long, target: `${long.slice(0, -1)}!` }] });
  });

  it('refuses rows out of key order rather than report false differences', async () => {
    await expect(mergeDiff(batches([[2, 'b'], [1, 'a']]), batches(), columns('int'))).rejects.toThrow(/source rows are not in key order/);
    await expect(mergeDiff(batches(), batches([['10009', 'x']], [['1001', 'y']]), columns('int'))).rejects.toThrow(/target rows are not in key order/);
  });
});

describe('comparing rows held in memory (no key that sorts alike in both databases)', () => {
  const names = ['code', 'v'];
  const forms = [text, text];

  it('sorts both sides alike and finds the differences by key, whatever order the rows came in', async () => {
    const source = batches([['b', '2'], ['a', '1']], [['c', '3']]);
    const target = [['c', '3'], ['a', 'x'], ['d', '4']];
    expect(await sortedDiff(source, batches(target), { names, keys: [{ name: 'code', index: 0 }], fromSource: forms, fromTarget: forms })).toEqual([
      { kind: 'changed', key: { code: 'a' }, columns: [{ column: 'v', source: '1', target: 'x' }] },
      { kind: 'missing', key: { code: 'b' } },
      { kind: 'extra', key: { code: 'd' } },
    ]);
  });

  it('without a key, the whole row is the key: a row held twice on one side is a duplicate, NULL is not empty', async () => {
    const whole = [{ name: 'code', index: 0 }, { name: 'v', index: 1 }];
    const source = batches([['a', null], ['b', '1']]);
    const target = [['b', '1'], ['b', '1'], ['a', '']];
    expect(await sortedDiff(source, batches(target), { names, keys: whole, fromSource: forms, fromTarget: forms })).toEqual([
      { kind: 'missing', key: { code: 'a', v: null } },
      { kind: 'extra', key: { code: 'a', v: '' } },
      { kind: 'duplicate', key: { code: 'b', v: '1' } },
    ]);
  });

  it('compares canonical forms but shows values as read: money is 19.99, not its numeric internals', async () => {
    const money = [text, guarded(sourceCanonical('numeric', 'money'))];
    const moneyTarget = [text, guarded(targetCanonical('numeric', 'money'))];
    const source = batches([['a', '19.9900'], ['b', '5.0000'], ['c', '7.1000']]);
    const target = [['a', '19.99'], ['b', '5.01'], ['e', '8.00']];
    const keys = [{ name: 'code', index: 0 }];
    expect(await sortedDiff(source, batches(target), { names, keys, fromSource: money, fromTarget: moneyTarget })).toEqual([
      { kind: 'changed', key: { code: 'b' }, columns: [{ column: 'v', source: '5.0000', target: '5.01' }] },
      { kind: 'missing', key: { code: 'c' } },
      { kind: 'extra', key: { code: 'e' } },
    ]);
    // Without a key the whole row is the key, shown as read too.
    const whole = [{ name: 'code', index: 0 }, { name: 'v', index: 1 }];
    expect(await sortedDiff(batches([['a', '19.9900']]), batches([['a', '19.98']]), { names, keys: whole, fromSource: money, fromTarget: moneyTarget })).toEqual([
      { kind: 'extra', key: { code: 'a', v: '19.98' } },
      { kind: 'missing', key: { code: 'a', v: '19.9900' } },
    ]);
  });
});
