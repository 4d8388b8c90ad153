/**
 * A lane: one source and one target connection and the work verify does on them for one table or
 * key range at a time (counts, key boundaries, checksums, row comparison). `LocalLane` does it in
 * the calling thread; `migrate verify` runs each lane in a worker thread (thread-lane.ts), because
 * decoding and comparing rows is CPU-bound on our side.
 */
import type pg from 'pg';
import { tableKey } from '../copy/queue.js';
import { copiedColumns, type KeyRange, type RowBatch, type RowSource } from '../copy/row-source.js';
import { openSource, openTarget, type RowSourceConfig } from '../copy/source-config.js';
import type { PlanTable } from '../plan/plan-model.js';
import type { PgConnectionSettings } from '../target/postgres/connection.js';
import { copyOutRows } from '../target/postgres/copy-out.js';
import { quoteIdent, quoteLiteral, quoteQualified } from '../target/postgres/quote.js';
import { guarded, sourceCanonical, targetCanonical, targetSelect, type Canonical } from './canonical.js';
import { pgChecksumSql, tableChecksumSupported, type ChunkChecksum } from './checksum.js';
import { keyOrder, mergeDiff, sortedDiff, type KeyColumn, type MergeColumns } from './merge.js';
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
  const select = copiedColumns(table).map((c) => targetSelect(c.target.name, c.encoder, c.target.type)).join(', ');
  const where = pgRangeWhere(table, range);
  // Qualified: a bare name in ORDER BY would sort by the output column of that name, its text.
  const order = ordered ? ` ORDER BY ${table.key.map((k) => `t.${quoteIdent(k.target)}`).join(', ')}` : '';
  const query = `SELECT ${select} FROM ${quoteQualified(table.target.schema, table.target.name)} AS t${where === '' ? '' : ` WHERE ${where}`}${order}`;
  // Ordered rows go to mergeDiff, which compares long texts as bytes; sortedDiff needs strings.
  return ordered ? copyOutRows(target, query, { longText: true }) : copyOutRows(target, query);
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
      return fromSource.count === fromTarget.count && fromSource.high === fromTarget.high && fromSource.low === fromTarget.low;
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
    return this.resilient(async () => {
      await this.isoSession();
      if (rangeable) return mergeDiff(this.source.read(table, range, VERIFY_READ_AHEAD_BYTES), readTarget(this.target, table, range, true), merging);
      return sortedDiff(this.source.read(table, range), readTarget(this.target, table, {}, false), { ...merging, keys: inMemoryKeys });
    });
  }

  async close(): Promise<void> {
    await this.own?.current.close();
  }
}
