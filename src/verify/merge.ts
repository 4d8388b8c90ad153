/**
 * Row comparison by merging the two sides in key order. Both databases stream a key range ordered by
 * its key, and integer, decimal and date keys sort alike in both, so a row is held only until the
 * other side passes its key: no map of the range and no key strings (a Map with a JSON key per row
 * was most of verify's time and memory), and neither side of a range is held whole. Tables without
 * such a key are held in memory, sorted alike on both sides by their canonical key (the whole row
 * without a key), and merged the same way.
 */
import { LargeValue } from '../copy/large-value.js';
import type { RowBatch } from '../copy/row-source.js';
import { CopyText } from '../target/postgres/copy-out.js';
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

/** A row's key as it sorts: the value itself for a one-column key (no array per row), else one per column. */
type RowOrder = SortValue | readonly SortValue[];

function compareValues(x: SortValue, y: SortValue): number {
  // < and > rather than ===: a number and a BigInt of the same value are equal keys.
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareOrders(a: RowOrder, b: RowOrder): number {
  if (typeof a !== 'object' && typeof b !== 'object') return compareValues(a, b);
  if (typeof a !== 'object' || typeof b !== 'object') throw new Error('keys of different lengths');
  for (let i = 0; i < a.length; i++) {
    const step = compareValues(a[i] ?? '', b[i] ?? '');
    if (step !== 0) return step;
  }
  return 0;
}

function rowOrder(keys: readonly MergeKey[]): (row: readonly unknown[]) => RowOrder {
  const [only] = keys;
  if (keys.length === 1 && only !== undefined) return (row) => only.order(row[only.index]);
  return (row) => keys.map((key) => key.order(row[key.index]));
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
  /**
   * Columns of integer and float types: a source number equal to the number the target's text
   * reads as (Object.is: -0 is not 0) is equal without canonical forms. Their canonical form of a
   * number is its text, which V8 keeps in a cache of recent number strings: made once per row, they
   * outlived scavenges and were promoted.
   */
  readonly numeric?: readonly boolean[];
  /**
   * When rows hold canonical forms to compare (sortedDiff) followed by the values as read, where the
   * latter start: a difference shows those, not a canonical form (`0:0:4:19,9900` for 19.99).
   */
  readonly shownFrom?: number;
  /**
   * Columns that may hold large values (LargeValue, on either side): a pair with one is compared by
   * `compareLarge` once the merge is done (both sides' connections are free again), and a
   * difference it finds takes its row's place among the others.
   */
  readonly large?: readonly boolean[];
  readonly compareLarge?: CompareLarge;
}

/** A changed large value as the report shows it on both sides; undefined when the values are equal. */
export type CompareLarge = (pair: LargePair) => Promise<{ readonly source: string; readonly target: string } | undefined>;

/** Rows as read (not their canonical forms) and the column whose values are compared. */
export interface LargePair {
  readonly sourceRow: readonly unknown[];
  readonly targetRow: readonly unknown[];
  readonly column: number;
}

/** The large pairs of one row, and where a difference for them goes in the list. */
interface LargeRow {
  readonly key: Readonly<Record<string, string | null>>;
  readonly pairs: LargePair[];
  /** Index in the differences where the row's difference goes (after what came before it). */
  readonly at: number;
  /** The row's difference, when its other columns already made one. */
  readonly changed: { column: string; source: string | null; target: string | null }[] | undefined;
}

type Rows = AsyncIterable<RowBatch> | Iterable<RowBatch>;

/** A value as a difference shows it to the DBA: the text as read (binary in hex), not its canonical form. */
function shown(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  // String(-0) is '0': a float that differs only in its sign must show the sign.
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (value instanceof CopyText) return value.toString();
  return value instanceof Date ? value.toISOString() : JSON.stringify(value);
}

/**
 * The differences between the source rows and the target rows of one range, both streamed in key
 * order: a key on one side only, a key held a different number of times, or a row that differs.
 * Rows out of key order on either side throw: the comparison would be meaningless. The target is
 * read ahead only as far as the source batch being compared, so memory holds about one batch of
 * each side, whatever the size of the range.
 */
export async function mergeDiff(source: Rows, target: Rows, columns: MergeColumns): Promise<Difference[]> {
  const { names, keys, fromSource, fromTarget, numeric = [], shownFrom = 0, large } = columns;
  const largeRows: LargeRow[] = [];
  const orderOf = rowOrder(keys);
  const keyOf = (row: readonly unknown[]): Record<string, string | null> => Object.fromEntries(keys.map((key) => [key.name, shown(row[shownFrom + key.index])]));
  const differences: Difference[] = [];

  // Target rows read but not yet settled, with their key orders; `next` is the first unsettled one.
  const targetBatches = Symbol.asyncIterator in target ? target[Symbol.asyncIterator]() : target[Symbol.iterator]();
  let targetDone = false;
  let targetRows: (readonly unknown[])[] = [];
  let targetOrders: RowOrder[] = [];
  let next = 0;
  /** Reads target batches until one row sorts after `order` (or the target ends); undefined reads all. */
  const readTargetPast = async (order: RowOrder | undefined): Promise<void> => {
    if (next > 0) {
      targetRows = targetRows.slice(next);
      targetOrders = targetOrders.slice(next);
      next = 0;
    }
    while (!targetDone) {
      const last = targetOrders[targetOrders.length - 1];
      if (order !== undefined && last !== undefined && compareOrders(last, order) > 0) return;
      const batch = await targetBatches.next();
      if (batch.done === true) {
        targetDone = true;
        return;
      }
      for (const row of batch.value) {
        const rowOrder = orderOf(row);
        const previous = targetOrders[targetOrders.length - 1];
        if (previous !== undefined && compareOrders(rowOrder, previous) < 0) throw new Error('target rows are not in key order');
        targetRows.push(row);
        targetOrders.push(rowOrder);
      }
    }
  };

  /** Settles one source key (its rows) against the target rows up to and including that key. */
  const settle = (order: RowOrder, rows: readonly (readonly unknown[])[]): void => {
    let nextOrder = targetOrders[next];
    while (nextOrder !== undefined && compareOrders(nextOrder, order) < 0) {
      differences.push({ kind: 'extra', key: keyOf(targetRows[next] ?? []) });
      nextOrder = targetOrders[++next];
    }
    const matchedFrom = next;
    while (nextOrder !== undefined && compareOrders(nextOrder, order) === 0) nextOrder = targetOrders[++next];
    const matched = next - matchedFrom;
    const first = rows[0] ?? [];
    if (matched === 0) {
      for (const row of rows) differences.push({ kind: 'missing', key: keyOf(row) });
      return;
    }
    if (matched !== rows.length) {
      differences.push({ kind: matched > rows.length ? 'duplicate' : 'missing', key: keyOf(first) });
      return;
    }
    // Column by column, allocating only for a difference: this runs once per row. Identical text on
    // both sides is equal without canonical forms: the target holds only values its type can
    // represent, so a source text that reads the same is that value, which the copy writes as is.
    const other = targetRows[matchedFrom] ?? [];
    let changed: { column: string; source: string | null; target: string | null }[] | undefined;
    let pairs: LargePair[] | undefined;
    for (let i = 0; i < fromTarget.length; i++) {
      const sourceValue = first[i];
      let targetValue = other[i];
      if (large?.[i] === true && (sourceValue instanceof LargeValue || targetValue instanceof LargeValue)) {
        (pairs ??= []).push(shownFrom === 0 ? { sourceRow: first, targetRow: other, column: i } : { sourceRow: first.slice(shownFrom), targetRow: other.slice(shownFrom), column: i });
        continue;
      }
      if (targetValue instanceof CopyText) {
        // A long text the target read kept as bytes: the same fast path without decoding it.
        if (typeof sourceValue === 'string' && targetValue.equals(sourceValue)) continue;
        targetValue = targetValue.toString();
      }
      if (sourceValue === targetValue && (sourceValue === null || typeof sourceValue === 'string')) continue;
      if (numeric[i] === true && typeof sourceValue === 'number' && typeof targetValue === 'string' && Object.is(Number(targetValue), sourceValue)) continue;
      if ((fromSource[i]?.(sourceValue) ?? null) !== (fromTarget[i]?.(targetValue) ?? null)) {
        (changed ??= []).push({ column: names[i] ?? '', source: shown(shownFrom === 0 ? sourceValue : first[shownFrom + i]), target: shown(shownFrom === 0 ? targetValue : other[shownFrom + i]) });
      }
    }
    if (changed !== undefined) differences.push({ kind: 'changed', key: keyOf(first), columns: changed });
    if (pairs !== undefined) largeRows.push({ key: keyOf(first), pairs, at: changed === undefined ? differences.length : differences.length - 1, changed });
  };

  let groupOrder: RowOrder | undefined;
  let groupRows: (readonly unknown[])[] = [];
  for await (const batch of source) {
    const last = batch[batch.length - 1];
    if (last === undefined) continue;
    await readTargetPast(orderOf(last));
    for (const row of batch) {
      const order = orderOf(row);
      const step = groupOrder === undefined ? 1 : compareOrders(order, groupOrder);
      if (step < 0) throw new Error('source rows are not in key order');
      if (step === 0) {
        groupRows.push(row);
        continue;
      }
      if (groupOrder !== undefined) settle(groupOrder, groupRows);
      groupOrder = order;
      groupRows = [row];
    }
  }
  if (groupOrder !== undefined) settle(groupOrder, groupRows);
  await readTargetPast(undefined);
  for (; next < targetRows.length; next++) differences.push({ kind: 'extra', key: keyOf(targetRows[next] ?? []) });
  return largeRows.length === 0 ? differences : withLargeDifferences(differences, largeRows, names, columns.compareLarge);
}

/** The differences with those of the large values put in their rows' places (in key order). */
async function withLargeDifferences(differences: Difference[], largeRows: readonly LargeRow[], names: readonly string[], compare: CompareLarge | undefined): Promise<Difference[]> {
  if (compare === undefined) throw new Error('large values to compare, and no way to compare them');
  // From the last row back, so the places of earlier rows stay where they were.
  for (let r = largeRows.length - 1; r >= 0; r--) {
    const row = largeRows[r];
    if (row === undefined) continue;
    const changed: { column: string; source: string | null; target: string | null }[] = [];
    for (const pair of row.pairs) {
      const shownPair = await compare(pair);
      if (shownPair !== undefined) changed.push({ column: names[pair.column] ?? '', ...shownPair });
    }
    if (changed.length === 0) continue;
    if (row.changed !== undefined) row.changed.push(...changed);
    else differences.splice(row.at, 0, { kind: 'changed', key: row.key, columns: changed });
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
  source: Rows,
  target: Rows,
  columns: Pick<MergeColumns, 'names' | 'fromSource' | 'fromTarget' | 'large' | 'compareLarge'> & { readonly keys: readonly KeyColumn[] },
): Promise<Difference[]> {
  const keys: MergeKey[] = columns.keys.map((key) => ({ ...key, order: canonicalOrder }));
  // Each row's sort key is computed once, not per comparison.
  const orderOf = rowOrder(keys);
  // Each row: its canonical forms (compared and sorted on), then its values as read (shown). A large
  // value stays itself: it has no canonical form, its pair is compared on the values as read.
  const sorted = (rows: readonly (readonly unknown[])[], forms: readonly Canonical[]): unknown[][] =>
    rows
      .map((row) => {
        const values: unknown[] = forms.map((form, i) => (row[i] instanceof LargeValue ? row[i] : form(row[i])));
        return { values: values.concat(row.slice(0, forms.length)), order: orderOf(values) };
      })
      .sort((a, b) => compareOrders(a.order, b.order))
      .map((entry) => entry.values);
  const all = async (rows: Rows): Promise<(readonly unknown[])[]> => {
    const held: (readonly unknown[])[] = [];
    for await (const batch of rows) for (const row of batch) held.push(row);
    return held;
  };
  const [sourceRows, targetRows] = await Promise.all([all(source), all(target)]);
  const asIs = columns.names.map((): Canonical => (value) => value as string | null);
  return mergeDiff([sorted(sourceRows, columns.fromSource)], [sorted(targetRows, columns.fromTarget)], {
    names: columns.names,
    keys,
    fromSource: asIs,
    fromTarget: asIs,
    shownFrom: columns.names.length,
    ...(columns.large === undefined ? {} : { large: columns.large }),
    ...(columns.compareLarge === undefined ? {} : { compareLarge: columns.compareLarge }),
  });
}
