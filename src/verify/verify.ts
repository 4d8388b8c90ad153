/**
 * migrate verify: proves that the target holds the same data as the source under the plan.
 *
 * - count: exact counts on both sides (COUNT_BIG(*) / count(*)), plus a schema check of the target.
 * - rows: every row read from both sides and compared on the key, column by column, through the
 *   canonical forms (canonical.ts), which share the copy encoders' parsers. Tables with an integer,
 *   decimal or date key are compared in key ranges computed on the source, each by merging the two
 *   sides in key order (merge.ts); others in one piece, sorted alike in memory and merged, up to a
 *   limit beyond which they are reported unverified.
 *
 * Fail closed: whatever cannot be compared is `unverified`, never `equal`.
 */
import { errorMessage } from '../errors.js';
import { t } from '../i18n/index.js';
import type { KeyRange } from '../copy/row-source.js';
import type { PlanTable } from '../plan/plan-model.js';
import { averageRowBytes } from '../plan/row-size.js';
import { isRangeable, type Lane } from './lane.js';

export type VerifyLevel = 'count' | 'checksum' | 'rows';
export type TableStatus = 'equal' | 'different' | 'unverified';

export interface Difference {
  readonly kind: 'missing' | 'extra' | 'duplicate' | 'changed';
  readonly key: Readonly<Record<string, string | null>>;
  readonly columns?: readonly { readonly column: string; readonly source: string | null; readonly target: string | null }[];
}

export interface TableVerdict {
  readonly table: string;
  readonly target: string;
  readonly status: TableStatus;
  readonly level: VerifyLevel;
  readonly sourceRows: number | null;
  readonly targetRows: number | null;
  readonly chunks: number;
  /** Ranges proven equal by checksums alone (checksum level); the others were compared row by row. */
  readonly checksummed: number;
  /** verify --from-files: ranges whose target rows match the digest the export made of the source's rows. */
  readonly againstSource?: number;
  /** Ranges whose differences moved between two reads: the source was written to during verify. */
  readonly sourceChanged: number;
  readonly mismatchedChunks: number;
  readonly differences: number;
  /** The first differences, for the report; all of them go to the --diff file. */
  readonly examples: readonly Difference[];
  readonly problems: readonly string[];
  readonly seconds: number;
}

export interface VerifyOptions {
  readonly level: VerifyLevel;
  /** Differences kept per table in the report. */
  readonly examplesPerTable: number;
  /** Most rows per compared range for tables with an orderable key (fewer for wide rows, see rangeRows). */
  readonly rowsPerRange: number;
  /** Largest table compared in one piece (no orderable key). */
  readonly maxRowsInMemory: number;
  readonly onDifference: (table: string, difference: Difference) => void;
  /** Key ranges of a table compared so far, out of its total: once when they are known (0), then after each. */
  readonly onProgress?: (table: string, done: number, total: number) => void;
}

/** Connection pairs shared by the tables and ranges being verified at once (`--jobs`). */
export class LanePool {
  private readonly free: Lane[];
  private readonly waiting: ((lane: Lane) => void)[] = [];

  constructor(lanes: readonly Lane[]) {
    if (lanes.length === 0) throw new Error('verify needs at least one source/target connection pair');
    this.free = [...lanes];
  }

  /** Waits for a free lane (first come, first served), runs `work` on it, hands it on. */
  async use<T>(work: (lane: Lane) => Promise<T>): Promise<T> {
    const lane = this.free.pop() ?? (await new Promise<Lane>((resolve) => this.waiting.push(resolve)));
    try {
      return await work(lane);
    } finally {
      const next = this.waiting.shift();
      if (next === undefined) this.free.push(lane);
      else next(lane);
    }
  }
}

/**
 * A table's verdict with nothing counted yet: `verdict(status, extra)` fills in what was found, the
 * problems (pushed to the same list meanwhile) and the seconds since this was made.
 */
export function verdictOf(table: PlanTable, level: VerifyLevel, problems: readonly string[]): (status: TableStatus, extra: Partial<TableVerdict>) => TableVerdict {
  const started = performance.now();
  return (status, extra) => ({
    table: `${table.source.schema}.${table.source.name}`,
    target: `${table.target.schema}.${table.target.name}`,
    status,
    level,
    sourceRows: null,
    targetRows: null,
    chunks: 0,
    checksummed: 0,
    sourceChanged: 0,
    mismatchedChunks: 0,
    differences: 0,
    examples: [],
    problems,
    seconds: (performance.now() - started) / 1000,
    ...extra,
  });
}

export async function verifyTable(lanes: LanePool, table: PlanTable, options: VerifyOptions): Promise<TableVerdict> {
  const problems: string[] = [];
  const verdict = verdictOf(table, options.level, problems);
  try {
    const counts = await lanes.use((lane) => lane.counts(table));
    problems.push(...counts.problems);
    const { source: sourceRows, target: targetRows } = counts;
    const countsDiffer = sourceRows !== targetRows;
    if (countsDiffer) problems.push(t('verify.problem.counts', { source: sourceRows, target: targetRows }));
    if (options.level === 'count') {
      return verdict(problems.length > 0 ? 'different' : 'equal', { sourceRows, targetRows });
    }
    const compared = await compareRows(lanes, table, sourceRows, options);
    if (compared === 'too-large') {
      problems.push(t('verify.problem.tooLarge', { count: options.maxRowsInMemory }));
      return verdict(countsDiffer || problems.length > 1 ? 'different' : 'unverified', { sourceRows, targetRows });
    }
    if (compared.sourceChanged > 0) problems.push(t('verify.problem.sourceChanged', { count: compared.sourceChanged }));
    const status: TableStatus = compared.differences > 0 || (problems.length > 0 && compared.sourceChanged === 0) ? 'different' : compared.sourceChanged > 0 ? 'unverified' : 'equal';
    return verdict(status, { sourceRows, targetRows, ...compared });
  } catch (error) {
    problems.push(t('verify.problem.failed', { reason: errorMessage(error) }));
    return verdict('unverified', {});
  }
}

interface Comparison {
  chunks: number;
  mismatchedChunks: number;
  differences: number;
  examples: Difference[];
  /** Ranges proven equal by their checksums alone. */
  checksummed: number;
  /** Ranges whose differences changed between two reads: the source was being written to. */
  sourceChanged: number;
}

/**
 * About this many bytes of source rows per range. Rows are streamed, but a range that differs is read
 * twice and its differences are held until it is folded: small ranges bound that cost on a copy that
 * went badly wrong. (Ranges of 250,000 rows verified the live benchmark ~7% faster: fewer queries.)
 */
const RANGE_BYTES = 16 * 1024 * 1024;

/** Rows per range: `most`, or fewer when rows are wide (LOBs), but at least 1,000. */
export function rangeRows(table: PlanTable, most: number): number {
  return Math.max(1_000, Math.min(most, Math.floor(RANGE_BYTES / averageRowBytes(table))));
}

/** What one key range came to. */
interface RangeOutcome {
  readonly checksummed: boolean;
  readonly sourceChanged: boolean;
  readonly differences: readonly Difference[];
}

async function compareRows(lanes: LanePool, table: PlanTable, sourceRows: number, options: VerifyOptions): Promise<Comparison | 'too-large'> {
  const rangeable = isRangeable(table);
  if (!rangeable && sourceRows > options.maxRowsInMemory) {
    // Too big to hold in memory: only a whole-table checksum can speak for it.
    const agree = options.level === 'checksum' && (await lanes.use((lane) => lane.checksumsAgree(table, {}))) === true;
    return agree ? { chunks: 1, mismatchedChunks: 0, differences: 0, examples: [], checksummed: 1, sourceChanged: 0 } : 'too-large';
  }
  const ranges: KeyRange[] = [];
  const perRange = rangeRows(table, options.rowsPerRange);
  if (rangeable && sourceRows > perRange) {
    const bounds = await lanes.use((lane) => lane.boundaries(table, perRange));
    for (let i = 0; i <= bounds.length; i++) ranges.push({ lower: bounds[i - 1], upper: bounds[i] });
  } else {
    ranges.push({});
  }

  const name = `${table.source.schema}.${table.source.name}`;
  let done = 0;
  options.onProgress?.(name, done, ranges.length);
  const rangeOutcome = async (lane: Lane, range: KeyRange): Promise<RangeOutcome> => {
    // At the checksum level, a range whose checksums agree is equal; any other is compared row by row.
    if (options.level === 'checksum' && (await lane.checksumsAgree(table, range)) === true) {
      return { checksummed: true, sourceChanged: false, differences: [] };
    }
    const differences = await lane.diff(table, range);
    if (differences.length === 0) return { checksummed: false, sourceChanged: false, differences };
    // A range that differs is read once more: if the differences move, the source is changing under us.
    const changed = JSON.stringify(await lane.diff(table, range)) !== JSON.stringify(differences);
    return { checksummed: false, sourceChanged: changed, differences: changed ? [] : differences };
  };
  const compareRange = async (lane: Lane, range: KeyRange): Promise<RangeOutcome> => {
    const outcome = await rangeOutcome(lane, range);
    options.onProgress?.(name, ++done, ranges.length);
    return outcome;
  };

  // Every range is queued at once; the lanes take them in order, and outcomes are folded in range
  // order, so reports and the --diff file do not depend on timing.
  let failed = false;
  const outcomes = ranges.map((range) => lanes.use((lane) => (failed ? Promise.resolve(undefined) : compareRange(lane, range))));
  for (const outcome of outcomes) outcome.catch(() => undefined);
  const result: Comparison = { chunks: ranges.length, mismatchedChunks: 0, differences: 0, examples: [], checksummed: 0, sourceChanged: 0 };
  try {
    for (const pending of outcomes) {
      const outcome = await pending;
      if (outcome === undefined) continue;
      if (outcome.checksummed) result.checksummed++;
      if (outcome.sourceChanged) result.sourceChanged++;
      if (outcome.differences.length === 0) continue;
      result.mismatchedChunks++;
      for (const difference of outcome.differences) {
        result.differences++;
        if (result.examples.length < options.examplesPerTable) result.examples.push(difference);
        options.onDifference(name, difference);
      }
    }
  } catch (error) {
    // Ranges not started yet are skipped; the caller reports the table as not verified.
    failed = true;
    await Promise.allSettled(outcomes);
    throw error;
  }
  return result;
}
