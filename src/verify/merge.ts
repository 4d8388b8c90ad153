/**
 * Row comparison by merging the two sides in key order. Both databases return a key range ordered by
 * its key, and integer, decimal and date keys sort alike in both, so a source row is held only until
 * the target passes its key: no map of the range and no key strings (a Map with a JSON key per row
 * was most of verify's time and memory). Tables without such a key are held in memory, sorted alike
 * on both sides by their canonical key (the whole row without a key), and merged the same way.
 */
import type { RowBatch } from '../copy/row-source.js';
import type { Canonical } from './canonical.js';
import type { Difference } from './verify.js';

/** A key value as it sorts in both databases. */
type SortValue = number | bigint | string;
export type KeyOrder = (value: unknown) => SortValue;

/** How a key column of this source type sorts (the types verify.ts ranges over). */
export function keyOrder(sourceType: string): KeyOrder {
  if (/^date\b/.test(sourceType)) return (value) => String(value).slice(0, 10);
  const scale = /^(?:decimal|numeric)\(\d+,\s*(\d+)\)/.exec(sourceType)?.[1];
  // Integers as JS numbers while exact (a driver's number, or text of at most 15 characters, the same
  // text on both sides), BigInt beyond: numbers and BigInts compare correctly with each other.
  if (scale === undefined) {
    return (value) => {
      if (typeof value === 'number') return value;
      const text = String(value);
      // Number('') and BigInt('') are both 0: an empty key is refused instead.
      if (text.trim() === '') throw new SyntaxError('an empty integer key');
      const number = text.length <= 15 ? Number(text) : Number.NaN;
      // Not a number (or too long to be exact): BigInt, which also refuses what is no integer.
      return Number.isNaN(number) ? BigInt(text) : number;
    };
  }
  // Decimal text scaled to an integer: '-0.5' at scale 2 -> -50n.
  const digits = Number(scale);
  return (value) => {
    const [whole = '0', fraction = ''] = String(value).trim().split('.');
    return BigInt(`${whole}${fraction.padEnd(digits, '0')}`);
  };
}

function compareKeys(a: readonly SortValue[], b: readonly SortValue[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    // < and > rather than ===: a number and a BigInt of the same value are equal keys.
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

export interface MergeKey {
  /** Source name of the key column, for the reported key. */
  readonly name: string;
  /** Position of the key column among the columns read. */
  readonly index: number;
  readonly order: KeyOrder;
}

export interface MergeColumns {
  /** Column names, in read order. */
  readonly names: readonly string[];
  readonly keys: readonly MergeKey[];
  readonly fromSource: readonly Canonical[];
  readonly fromTarget: readonly Canonical[];
}

/**
 * The differences between the source rows (key order, in batches) and the target rows (key order) of
 * one range: a key on one side only, a key held a different number of times, or a row that differs.
 * Rows out of key order on either side throw: the comparison would be meaningless.
 */
export async function mergeDiff(source: AsyncIterable<RowBatch> | Iterable<RowBatch>, target: readonly (readonly unknown[])[], columns: MergeColumns): Promise<Difference[]> {
  const { names, keys, fromSource, fromTarget } = columns;
  const orderOf = (row: readonly unknown[]): SortValue[] => keys.map((key) => key.order(row[key.index]));
  const canonical = (row: readonly unknown[], forms: readonly Canonical[]): (string | null)[] => forms.map((form, i) => form(row[i]));
  const keyOf = (values: readonly (string | null)[]): Record<string, string | null> => Object.fromEntries(keys.map((key) => [key.name, values[key.index] ?? null]));
  const differences: Difference[] = [];

  let next = 0;
  let nextOrder = target.length > 0 ? orderOf(target[0] ?? []) : undefined;
  const advance = (): void => {
    next++;
    const order = next < target.length ? orderOf(target[next] ?? []) : undefined;
    if (order !== undefined && nextOrder !== undefined && compareKeys(order, nextOrder) < 0) throw new Error('target rows are not in key order');
    nextOrder = order;
  };

  /** Settles one source key (its rows) against the target rows up to and including that key. */
  const settle = (order: readonly SortValue[], rows: readonly (string | null)[][]): void => {
    while (nextOrder !== undefined && compareKeys(nextOrder, order) < 0) {
      differences.push({ kind: 'extra', key: keyOf(canonical(target[next] ?? [], fromTarget)) });
      advance();
    }
    const matched: (readonly unknown[])[] = [];
    while (nextOrder !== undefined && compareKeys(nextOrder, order) === 0) {
      matched.push(target[next] ?? []);
      advance();
    }
    const first = rows[0] ?? [];
    if (matched.length === 0) {
      for (const row of rows) differences.push({ kind: 'missing', key: keyOf(row) });
      return;
    }
    if (matched.length !== rows.length) {
      differences.push({ kind: matched.length > rows.length ? 'duplicate' : 'missing', key: keyOf(first) });
      return;
    }
    // Column by column, allocating only for a difference: this runs once per row.
    const other = matched[0] ?? [];
    let changed: { column: string; source: string | null; target: string | null }[] | undefined;
    for (let i = 0; i < fromTarget.length; i++) {
      const value = fromTarget[i]?.(other[i]) ?? null;
      if (value !== first[i]) (changed ??= []).push({ column: names[i] ?? '', source: first[i] ?? null, target: value });
    }
    if (changed !== undefined) differences.push({ kind: 'changed', key: keyOf(first), columns: changed });
  };

  let groupOrder: SortValue[] | undefined;
  let groupRows: (string | null)[][] = [];
  for await (const batch of source) {
    for (const row of batch) {
      const order = orderOf(row);
      const step = groupOrder === undefined ? 1 : compareKeys(order, groupOrder);
      if (step < 0) throw new Error('source rows are not in key order');
      if (step === 0) {
        groupRows.push(canonical(row, fromSource));
        continue;
      }
      if (groupOrder !== undefined) settle(groupOrder, groupRows);
      groupOrder = order;
      groupRows = [canonical(row, fromSource)];
    }
  }
  if (groupOrder !== undefined) settle(groupOrder, groupRows);
  while (nextOrder !== undefined) {
    differences.push({ kind: 'extra', key: keyOf(canonical(target[next] ?? [], fromTarget)) });
    advance();
  }
  return differences;
}

/** A key column's position among the columns read, and the name the report gives it. */
export interface KeyColumn {
  readonly name: string;
  readonly index: number;
}

/** A canonical value (text or NULL) as it sorts: NULL apart from every text, the empty one included. */
const canonicalOrder: KeyOrder = (value) => (typeof value === 'string' ? `1${value}` : '0');

/**
 * The same comparison for rows in no useful order (a key whose order differs between the databases,
 * or no key: then `keys` are all the columns): both sides' canonical rows, held in memory, sorted by
 * their canonical key text, then merged.
 */
export async function sortedDiff(
  source: AsyncIterable<RowBatch>,
  target: readonly (readonly unknown[])[],
  columns: { readonly names: readonly string[]; readonly keys: readonly KeyColumn[]; readonly fromSource: readonly Canonical[]; readonly fromTarget: readonly Canonical[] },
): Promise<Difference[]> {
  const keys: MergeKey[] = columns.keys.map((key) => ({ ...key, order: canonicalOrder }));
  // Each row's sort key is computed once, not per comparison.
  const sorted = (rows: readonly (readonly unknown[])[], forms: readonly Canonical[]): (string | null)[][] =>
    rows
      .map((row) => {
        const values = forms.map((form, i) => form(row[i]));
        return { values, order: keys.map((key) => canonicalOrder(values[key.index])) };
      })
      .sort((a, b) => compareKeys(a.order, b.order))
      .map((entry) => entry.values);
  const sourceRows: (readonly unknown[])[] = [];
  for await (const batch of source) sourceRows.push(...batch);
  const asIs = columns.names.map((): Canonical => (value) => value as string | null);
  return mergeDiff([sorted(sourceRows, columns.fromSource)], sorted(target, columns.fromTarget), { names: columns.names, keys, fromSource: asIs, fromTarget: asIs });
}
