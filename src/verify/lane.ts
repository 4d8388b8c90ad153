/**
 * A lane: one source and one target connection and the work verify does on them for one table or
 * key range at a time (counts, key boundaries, checksums, row comparison). `LocalLane` does it in
 * the calling thread; `migrate verify` runs each lane in a worker thread (thread-lane.ts), because
 * decoding and comparing rows is CPU-bound on our side.
 */
import type pg from 'pg';
import { t } from '../i18n/index.js';
import { tableKey } from '../copy/queue.js';
import { copiedColumns, type KeyRange, type RowBatch, type RowSource } from '../copy/row-source.js';
import { openSource, openTarget, type RowSourceConfig } from '../copy/source-config.js';
import { INLINE_VALUE_BYTES, LargeValue, PIECE_BYTES } from '../copy/large-value.js';
import type { PlanColumn, PlanTable } from '../plan/plan-model.js';
import type { PgConnectionSettings } from '../target/postgres/connection.js';
import { CopyText, copyOutRows } from '../target/postgres/copy-out.js';
import { quoteIdent, quoteLiteral, quoteQualified } from '../target/postgres/quote.js';
import { guarded, sourceCanonical, targetCanonical, targetSelect, type Canonical } from './canonical.js';
import { pgChecksumSql, tableChecksumSupported, type ChunkChecksum } from './checksum.js';
import { describeDigest, digestValue, sameDigest, type LargeKind, type ValueDigest } from './large-digest.js';
import { keyOrder, mergeDiff, sortedDiff, type KeyColumn, type LargePair, type MergeColumns } from './merge.js';
import { checkTargetSchema } from '../target/postgres/schema-check.js';
import { isTransient, openWithRetry, RetryBudget } from '../retry.js';
import type { Difference } from './verify.js';

export interface LaneCounts {
  readonly source: number;
  readonly target: number;
  /** Differences of the target's schema from the plan. */
  readonly problems: readonly string[];
}

export interface Lane {
  /** Exact row counts on both sides and the target schema check. */
  counts(table: PlanTable): Promise<LaneCounts>;
  /** Every `rows`-th key of the table on the source, in key order. */
  boundaries(table: PlanTable, rows: number): Promise<string[][]>;
  /** True when both databases' checksums of the range agree, false when they differ, undefined when the source cannot compute one. */
  checksumsAgree(table: PlanTable, range: KeyRange): Promise<boolean | undefined>;
  /** The differences between the rows of the range (the whole table when it is not rangeable). */
  diff(table: PlanTable, range: KeyRange): Promise<Difference[]>;
  close(): Promise<void>;
}

/** Keys whose order is the same in SQL Server and PostgreSQL, so a key range selects the same rows. */
const RANGE_KEY_TYPES = /^(tinyint|smallint|int|bigint|decimal|numeric|date)\b/;

/** Whether the table is compared in key ranges merged in key order, rather than in one piece sorted in memory. */
export function isRangeable(table: PlanTable): boolean {
  const columns = copiedColumns(table);
  return table.key.length > 0 && table.key.every((k) => RANGE_KEY_TYPES.test(k.sourceType) && columns.some((c) => c.source.name === k.source));
}

/** A key range as a PostgreSQL WHERE clause (without the keyword), bounds as literals: COPY takes no parameters. */
export function pgRangeWhere(table: PlanTable, range: KeyRange): string {
  const keys = `(${table.key.map((k) => quoteIdent(k.target)).join(', ')})`;
  const tuple = (values: readonly string[]): string => `(${values.map(quoteLiteral).join(', ')})`;
  return [...(range.lower === undefined ? [] : [`${keys} > ${tuple(range.lower)}`]), ...(range.upper === undefined ? [] : [`${keys} <= ${tuple(range.upper)}`])].join(' AND ');
}

/** The target rows of a range as `targetSelect` writes them, streamed (in key order when `ordered`). */
function readTarget(target: pg.ClientBase, table: PlanTable, range: KeyRange, ordered: boolean): AsyncIterable<RowBatch> {
  const columns = copiedColumns(table);
  // Large values of a keyed table are marked by their length, to be compared by digests; a large
  // object is read through lo_get.
  const large = table.key.length === 0 ? [] : largeColumns(table);
  const select = columns
    .map((c, i) => {
      const value = c.encoder === 'large-object' ? `encode(lo_get(${quoteIdent(c.target.name)}), 'hex')` : targetSelect(c.target.name, c.encoder, c.target.type);
      return large.includes(i) ? `CASE WHEN ${targetLength(c)} > ${INLINE_VALUE_BYTES} THEN NULL ELSE ${value} END` : value;
    })
    .concat(large.map((i) => targetLength(columns[i])))
    .join(', ');
  const where = pgRangeWhere(table, range);
  // Qualified: a bare name in ORDER BY would sort by the output column of that name, its text.
  const order = ordered ? ` ORDER BY ${table.key.map((k) => `t.${quoteIdent(k.target)}`).join(', ')}` : '';
  const query = `SELECT ${select} FROM ${quoteQualified(table.target.schema, table.target.name)} AS t${where === '' ? '' : ` WHERE ${where}`}${order}`;
  // Ordered rows go to mergeDiff, which compares long texts as bytes; sortedDiff needs strings.
  const rows = ordered ? copyOutRows(target, query, { longText: true }) : copyOutRows(target, query);
  return large.length === 0 ? rows : markLarge(rows, columns.length, large);
}

/** The columns verify compares by digests when their values are large: the plan's large columns and large objects. */
function largeColumns(table: PlanTable): number[] {
  return copiedColumns(table).flatMap((c, i) => (c.large !== undefined || c.encoder === 'large-object' ? [i] : []));
}

/** A target value's length in bytes, as the value is stored (a large object's by seeking to its end). */
function targetLength(column: PlanColumn | undefined): string {
  if (column === undefined) return 'NULL';
  const c = quoteIdent(column.target.name);
  // xml has no octet_length of its own.
  return column.encoder === 'large-object' ? `lo_lseek64(lo_open(${c}, ${INV_READ}), 0, 2)` : `octet_length(${column.encoder === 'xml' ? `${c}::text` : c})`;
}

/** lo_open's read mode. */
const INV_READ = 0x40000;

/** Target rows that end with their large columns' lengths: a value over the inline limit becomes a LargeValue. */
async function* markLarge(rows: AsyncIterable<unknown[][]>, width: number, large: readonly number[]): AsyncIterable<RowBatch> {
  for await (const batch of rows) {
    for (const row of batch) {
      for (let k = 0; k < large.length; k++) {
        const length = row[width + k];
        if (length !== null && length !== undefined && Number(length) > INLINE_VALUE_BYTES) row[large[k] ?? 0] = new LargeValue(Number(length), undefined);
      }
      row.length = width;
    }
    yield batch;
  }
}

/** How a column's values are digested: a text's UTF-8 whole, binary data (large objects too) in pieces. */
function digestKind(column: PlanColumn): LargeKind {
  return column.large?.pieces ?? 'bytes';
}

/** The WHERE clause (without the keyword) finding a target row again by its key as verify read it (targetSelect). */
function pgRowKeyWhere(table: PlanTable, row: readonly unknown[]): string {
  const columns = copiedColumns(table);
  return table.key
    .map((k) => {
      const i = columns.findIndex((c) => c.source.name === k.source);
      const column = columns[i];
      const value = row[i];
      const text = quoteLiteral(value instanceof CopyText ? value.toString() : String(value));
      const c = quoteIdent(k.target);
      if (value === null || value === undefined) return `${c} IS NULL`;
      switch (column?.encoder) {
        case 'bytea':
          return `${c} = decode(${text}, 'hex')`;
        case 'timestamptz':
          return `${c} = (${text}::timestamp AT TIME ZONE 'UTC')`;
        case 'bool':
          return `${c} = ${text}::boolean`;
        default:
          return `${c} = ${text}`;
      }
    })
    .join(' AND ');
}

/** How one table's rows are compared: canonical forms and key orders, built once per table. */
interface TableComparison {
  readonly rangeable: boolean;
  readonly merging: MergeColumns;
  /** The columns that identify a row when the table is sorted in memory (all of them without a key). */
  readonly inMemoryKeys: readonly KeyColumn[];
}

function tableComparison(table: PlanTable): TableComparison {
  const columns = copiedColumns(table);
  const names = columns.map((c) => c.source.name);
  const fromSource: Canonical[] = columns.map((c) => guarded(sourceCanonical(c.encoder, c.target.type)));
  const fromTarget: Canonical[] = columns.map((c) => guarded(targetCanonical(c.encoder, c.target.type)));
  const keyIndexes = table.key.map((k) => names.indexOf(k.source));
  return {
    rangeable: isRangeable(table),
    merging: {
      names,
      keys: table.key.map((k, j) => ({ name: k.source, index: keyIndexes[j] ?? -1, order: keyOrder(k.sourceType) })),
      fromSource,
      fromTarget,
      numeric: columns.map((c) => NUMERIC_ENCODERS.has(c.encoder) && c.target.type !== 'money'),
      ...(largeColumns(table).length === 0 ? {} : { large: columns.map((_, i) => largeColumns(table).includes(i)) }),
    },
    // Without a key, the whole row is its own key (duplicates still show).
    inMemoryKeys: table.key.length === 0 ? names.map((name, index) => ({ name, index })) : table.key.map((k, j) => ({ name: k.source, index: keyIndexes[j] ?? -1 })),
  };
}

/**
 * Source rows a merge holds ahead: less than the copy's READ_AHEAD_BYTES, because a merge's source
 * rows also wait for the target's. With the copy's 1 MB, rows outlived scavenges and were promoted:
 * a merge of dbo.narrow grew its old space to ~90 MB; with 128 KB, ~33 MB.
 */
const VERIFY_READ_AHEAD_BYTES = 128 * 1024;

/** Encoders whose target text reads as the number the copy wrote (merge.ts, MergeColumns.numeric). */
const NUMERIC_ENCODERS = new Set(['int2', 'int4', 'int8', 'float4', 'float8']);

/** Connections a lane opened itself, and how to open them again after a fault. */
interface OwnConnections {
  readonly open: () => Promise<LaneConnections>;
  readonly budget: RetryBudget;
}

interface LaneConnections {
  readonly source: RowSource;
  readonly target: pg.ClientBase;
  close(): Promise<void>;
}

async function openConnections(sourceConfig: RowSourceConfig, targetSettings: PgConnectionSettings, env: NodeJS.ProcessEnv): Promise<LaneConnections> {
  const source = await openSource(sourceConfig);
  const target = await openTarget(targetSettings, env).catch(async (error: unknown) => {
    await source.close();
    throw error;
  });
  return {
    source,
    target,
    close: async () => {
      await Promise.all([source.close(), target.end()]);
    },
  };
}

export class LocalLane implements Lane {
  private readonly comparisons = new Map<string, TableComparison>();
  /** Tables the source could not checksum: their later ranges skip the target's hashing, which would be wasted. */
  private readonly cannotChecksum = new Set<string>();
  private isoDateStyle = false;

  /** On connections the caller keeps (and closes); without `own`, a fault is not retried. */
  constructor(
    private source: RowSource,
    private target: pg.ClientBase,
    private readonly own?: OwnConnections & { current: LaneConnections },
  ) {}

  /**
   * A lane on connections of its own, which close() closes. Each of its calls is read-only, so
   * after a transient fault (server restart, failover) it is run again on new connections, for up
   * to `retrySeconds` of outage.
   */
  static async open(sourceConfig: RowSourceConfig, targetSettings: PgConnectionSettings, env: NodeJS.ProcessEnv, retrySeconds: number): Promise<LocalLane> {
    const budget = new RetryBudget(retrySeconds);
    const current = await openConnections(sourceConfig, targetSettings, env);
    const open = (): Promise<LaneConnections> => openWithRetry(() => openConnections(sourceConfig, targetSettings, env), budget);
    return new LocalLane(current.source, current.target, { open, budget, current });
  }

  /** Runs `work`, and again on new connections after each transient fault while the budget lasts. */
  private async resilient<T>(work: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        const result = await work();
        this.own?.budget.succeeded();
        return result;
      } catch (error) {
        const own = this.own;
        if (own === undefined || !isTransient(error) || !(await own.budget.waitBeforeRetry())) throw error;
        await own.current.close().catch(() => undefined);
        own.current = await own.open();
        this.source = own.current.source;
        this.target = own.current.target;
        this.isoDateStyle = false;
      }
    }
  }

  counts(table: PlanTable): Promise<LaneCounts> {
    return this.resilient(async () => {
      const problems = await checkTargetSchema(this.target, table);
      const [source, target] = await Promise.all([this.source.count(table), this.countTarget(table)]);
      return { source, target, problems };
    });
  }

  private async countTarget(table: PlanTable): Promise<number> {
    const { rows } = await this.target.query<{ n: string }>(`SELECT count(*) AS n FROM ${quoteQualified(table.target.schema, table.target.name)}`);
    return Number(rows[0]?.n ?? 0);
  }

  boundaries(table: PlanTable, rows: number): Promise<string[][]> {
    return this.resilient(() => this.source.boundaries(table, rows));
  }

  checksumsAgree(table: PlanTable, range: KeyRange): Promise<boolean | undefined> {
    return this.resilient(async () => {
      const checksum = this.source.checksum?.bind(this.source);
      if (checksum === undefined || !tableChecksumSupported(table) || this.cannotChecksum.has(tableKey(table))) return undefined;
      const [fromSource, fromTarget] = await Promise.all([checksum(table, range), this.targetChecksum(table, range)]);
      if (fromSource === undefined) {
        this.cannotChecksum.add(tableKey(table));
        return undefined;
      }
      // Equal sums prove the range only when it holds no large value, which the row texts only mark.
      return fromSource.count === fromTarget.count && fromSource.high === fromTarget.high && fromSource.low === fromTarget.low && (fromSource.large ?? '0') === '0';
    });
  }

  /** The canonical forms read temporal values as PostgreSQL writes them in ISO DateStyle: set once per connection (the session is ours). */
  private async isoSession(): Promise<void> {
    if (this.isoDateStyle) return;
    await this.target.query("SET datestyle = 'ISO, YMD'");
    this.isoDateStyle = true;
  }

  private async targetChecksum(table: PlanTable, range: KeyRange): Promise<ChunkChecksum> {
    await this.isoSession();
    const { rows } = await this.target.query<ChunkChecksum>(pgChecksumSql(table, pgRangeWhere(table, range)));
    return rows[0] ?? { count: '0', high: '0', low: '0' };
  }

  diff(table: PlanTable, range: KeyRange): Promise<Difference[]> {
    let comparison = this.comparisons.get(tableKey(table));
    if (comparison === undefined) {
      comparison = tableComparison(table);
      this.comparisons.set(tableKey(table), comparison);
    }
    const { rangeable, merging, inMemoryKeys } = comparison;
    const withLarge: MergeColumns = merging.large === undefined ? merging : { ...merging, compareLarge: (pair) => this.compareLarge(table, pair) };
    return this.resilient(async () => {
      await this.isoSession();
      if (rangeable) return mergeDiff(this.source.read(table, range, { readAheadBytes: VERIFY_READ_AHEAD_BYTES, largeValues: 'marked' }), readTarget(this.target, table, range, true), withLarge);
      return sortedDiff(this.source.read(table, range, { largeValues: 'marked' }), readTarget(this.target, table, {}, false), { ...withLarge, keys: inMemoryKeys });
    });
  }

  /** A pair of values of which one at least is large, compared by digests (large-digest.ts). */
  private async compareLarge(table: PlanTable, { sourceRow, targetRow, column }: LargePair): Promise<{ source: string; target: string } | undefined> {
    const planColumn = copiedColumns(table)[column];
    if (planColumn === undefined) throw new Error(`no column ${column} in ${tableKey(table)}`);
    const kind = digestKind(planColumn);
    const digestOf = async (value: unknown, large: () => Promise<ValueDigest>): Promise<ValueDigest | null> => (value === null || value === undefined ? null : value instanceof LargeValue ? large() : digestValue(value, kind));
    const names = copiedColumns(table).map((c) => c.source.name);
    const sourceKey = table.key.map((k) => sourceRow[names.indexOf(k.source)]);
    const [fromSource, fromTarget] = await Promise.all([
      digestOf(sourceRow[column], () => this.source.digest(table, column, sourceKey)),
      digestOf(targetRow[column], () => this.targetDigest(table, planColumn, targetRow)),
    ]);
    if (fromSource === null && fromTarget === null) return undefined;
    if (fromSource !== null && fromTarget !== null && sameDigest(fromSource, fromTarget)) return undefined;
    const shown = (digest: ValueDigest | null, other: ValueDigest | null): string => (digest === null ? 'NULL' : describeDigest(digest, other ?? { bytes: -1, hashes: [] }, kind));
    return { source: shown(fromSource, fromTarget), target: shown(fromTarget, fromSource) };
  }

  /** The digest of a target value, computed in PostgreSQL: md5 of each piece of binary data, of the whole of a text. */
  private async targetDigest(table: PlanTable, column: PlanColumn, row: readonly unknown[]): Promise<ValueDigest> {
    const c = quoteIdent(column.target.name);
    const from = `FROM ${quoteQualified(table.target.schema, table.target.name)} WHERE ${pgRowKeyWhere(table, row)}`;
    const piece = column.encoder === 'large-object' ? `lo_get(v, o - 1, ${PIECE_BYTES})` : `substring(v from o for ${PIECE_BYTES})`;
    const sql =
      digestKind(column) === 'characters'
        ? `SELECT octet_length(${c}::text) AS n, ARRAY[md5(${c}::text)] AS h ${from}`
        : `SELECT n, ARRAY(SELECT md5(${piece}) FROM generate_series(1, n, ${PIECE_BYTES}) AS o ORDER BY o) AS h FROM (SELECT ${c} AS v, ${targetLength(column)} AS n ${from}) AS value`;
    const { rows } = await this.target.query<{ n: string | number | null; h: string[] | null }>(sql);
    const [found] = rows;
    if (found === undefined || found.n === null) throw new Error(t('verify.rowGone', { table: tableKey(table), key: JSON.stringify(row.slice(0, 1)), column: column.target.name }));
    return { bytes: Number(found.n), hashes: found.h ?? [] };
  }

  async close(): Promise<void> {
    await this.own?.current.close();
  }
}
