/**
 * Streams a chunk of a table from SQL Server with backpressure: the request is paused while the
 * consumer is behind, so memory holds a bounded number of rows whatever the table size. Rows come
 * as arrays (arrayRowMode) in the order of the plan's read expressions.
 */
import mssql from 'mssql';
import { t } from '../../i18n/index.js';
import { INLINE_VALUE_BYTES, LargeValue, PIECE_BYTES, PIECE_CHARACTERS, largeRowBatch } from '../../copy/large-value.js';
import { READ_AHEAD_BYTES, copiedColumns, readAheadRows, type KeyRange, type ReadOptions, type RowBatch, type RowSource } from '../../copy/row-source.js';
import type { PlanColumn, PlanTable } from '../../plan/plan-model.js';
import { boundariesSql, chunkSelectSql, isChunkableKey, rangeWhere, rowKeyWhere } from './chunk-sql.js';
import { inlineValue, largeValueSource } from './read-expressions.js';
import { tableChecksumSupported, tsqlChecksumSql, type ChunkChecksum } from '../../verify/checksum.js';
import { digestPieces, type ValueDigest } from '../../verify/large-digest.js';
import { quoteMssqlName } from './quote.js';

interface ServerHashing {
  readonly rows: boolean;
  readonly longValues: boolean;
  readonly utf8Text: 'collation' | 'native' | undefined;
}

/** Indices among the copied columns of the columns whose values may be large. */
function largeColumns(table: PlanTable): number[] {
  return copiedColumns(table).flatMap((c, i) => (c.large === undefined ? [] : [i]));
}

function largeSource(column: PlanColumn | undefined): string {
  return column === undefined ? 'NULL' : largeValueSource(column.read, column.source.type);
}

/** A row's key values, in key order, from the copied columns. */
function rowKey(table: PlanTable, row: readonly unknown[]): unknown[] {
  const names = copiedColumns(table).map((c) => c.source.name);
  return table.key.map((k) => row[names.indexOf(k.source)]);
}

export class MssqlRowSource implements RowSource {
  constructor(
    private readonly pool: mssql.ConnectionPool,
    /** Read each chunk in a SNAPSHOT transaction (the database must allow snapshot isolation). */
    private readonly snapshot: boolean,
  ) {}

  async boundaries(table: PlanTable, rowsPerChunk: number): Promise<string[][]> {
    if (!isChunkableKey(table.key)) return [];
    const result = await this.pool.request().query<Record<string, string>>(boundariesSql(table.source.schema, table.source.name, table.key, rowsPerChunk));
    return result.recordset.map((row) => table.key.map((_, i) => row[`b${i}`] ?? ''));
  }

  async count(table: PlanTable): Promise<number> {
    const result = await this.pool.request().query<{ n: string }>(`SELECT CONVERT(varchar(20), COUNT_BIG(*)) AS n FROM ${quoteMssqlName(table.source.schema, table.source.name)}`);
    return Number(result.recordset[0]?.n ?? 0);
  }

  async *read(table: PlanTable, range: KeyRange, options: ReadOptions = {}): AsyncIterable<RowBatch> {
    const columns = copiedColumns(table);
    const key = isChunkableKey(table.key) ? table.key : [];
    // Large values are read in pieces by their row's key: without one, whole (the plan warns).
    const large = key.length === 0 ? [] : largeColumns(table);
    const reads = columns.map((c, i) => (large.includes(i) ? inlineValue(c.read, c.source.type, INLINE_VALUE_BYTES) : c.read));
    const lengths = large.map((i) => `DATALENGTH(${largeSource(columns[i])})`);
    const sql = chunkSelectSql(table.source.schema, table.source.name, [...reads, ...lengths], key, key.length === 0 ? {} : range);
    const transaction = this.snapshot ? new mssql.Transaction(this.pool) : undefined;
    if (transaction !== undefined) await transaction.begin(mssql.ISOLATION_LEVEL.SNAPSHOT);
    const request = transaction === undefined ? this.pool.request() : new mssql.Request(transaction);
    request.stream = true;
    request.arrayRowMode = true;
    const limit = readAheadRows(table, options.readAheadBytes);
    const queue: unknown[][] = [];
    // Mutated by the request's event handlers.
    const state: { done: boolean; failure: Error | undefined; paused: boolean; wake: (() => void) | undefined } = {
      done: false,
      failure: undefined,
      paused: false,
      wake: undefined,
    };
    const notify = (): void => {
      state.wake?.();
      state.wake = undefined;
    };
    // Rows with a value to read in pieces, read once the chunk's other rows are (copy only).
    const deferred: unknown[][] = [];
    const deferring = options.largeValues !== 'marked';
    const readAhead = options.readAheadBytes ?? READ_AHEAD_BYTES;
    let queuedBytes = 0;
    if (large.length === 0) {
      request.on('row', (row: unknown[]) => {
        queue.push(row);
        if (queue.length >= limit && !state.paused) state.paused = request.pause();
        notify();
      });
    } else {
      // The row ends with the large columns' lengths: a value over the inline limit becomes a
      // LargeValue, and what the queue holds is counted in bytes, since values vary so in size.
      const width = columns.length;
      request.on('row', (row: unknown[]) => {
        let holdsLarge = false;
        let bytes = 0;
        for (let k = 0; k < large.length; k++) {
          const length = row[width + k];
          if (length === null || length === undefined) continue;
          bytes += Math.min(Number(length), INLINE_VALUE_BYTES);
          if (Number(length) > INLINE_VALUE_BYTES) holdsLarge = true;
        }
        if (holdsLarge) {
          // A deferred row waits for the chunk's end: it keeps none of its large columns' values
          // (each is read again in pieces), so the rows waiting stay small however many they are.
          for (let k = 0; k < large.length; k++) {
            const length = row[width + k];
            if (length !== null && length !== undefined && (deferring || Number(length) > INLINE_VALUE_BYTES)) row[large[k] ?? 0] = new LargeValue(Number(length), undefined);
          }
        }
        row.length = width;
        if (holdsLarge && deferring) {
          deferred.push(row);
          return;
        }
        queue.push(row);
        queuedBytes += bytes;
        if ((queue.length >= limit || queuedBytes >= readAhead) && !state.paused) state.paused = request.pause();
        notify();
      });
    }
    request.on('error', (error: unknown) => {
      state.failure ??= error instanceof Error ? error : new Error(String(error));
      notify();
    });
    request.on('done', () => {
      state.done = true;
      notify();
    });
    // With a callback, a streaming request reports errors as 'error' events followed by 'done'.
    request.query(sql, () => undefined);
    try {
      for (;;) {
        if (queue.length > 0) {
          // Hand over everything received so far as one batch; the driver may go on meanwhile.
          const batch = queue.splice(0);
          queuedBytes = 0;
          if (state.paused) {
            request.resume();
            state.paused = false;
          }
          yield batch;
          continue;
        }
        if (state.failure !== undefined) throw state.failure;
        if (state.done) break;
        await new Promise<void>((resolve) => (state.wake = resolve));
      }
      for (const row of deferred) yield* this.withPieces(table, row, large, transaction);
      await transaction?.commit();
    } finally {
      if (!state.done) request.cancel();
      if (state.failure !== undefined || !state.done) await transaction?.rollback().catch(() => undefined);
    }
  }

  /**
   * A deferred row, its large values able to read their pieces: in the chunk's SNAPSHOT transaction,
   * or else in a transaction of the row's own (valueTransaction), held until the row is written, so the
   * pieces of a value (and a text's two passes) are of one version of it.
   */
  private async *withPieces(table: PlanTable, row: unknown[], large: readonly number[], snapshot: mssql.Transaction | undefined): AsyncIterable<RowBatch> {
    const transaction = snapshot ?? (await this.valueTransaction());
    let committed = snapshot !== undefined;
    try {
      const keyValues = rowKey(table, row);
      for (const i of large) {
        const value = row[i];
        if (!(value instanceof LargeValue)) continue;
        row[i] = new LargeValue(value.length, () => this.pieces(table, i, keyValues, value.length, () => new mssql.Request(transaction)));
      }
      yield largeRowBatch(row);
      if (snapshot === undefined) await transaction.commit();
      committed = true;
    } finally {
      if (!committed) await transaction.rollback().catch(() => undefined);
    }
  }

  /** The pieces of a large value, each read with the value's length, which must not change meanwhile. */
  private async *pieces(table: PlanTable, column: number, keyValues: readonly unknown[], length: number, request: () => mssql.Request): AsyncIterable<Buffer | string> {
    const planColumn = copiedColumns(table)[column];
    if (planColumn?.large === undefined) throw new Error(`column ${column} of ${table.source.schema}.${table.source.name} has no large values`);
    const from = largeSource(planColumn);
    const where = rowKeyWhere(table.key, keyValues);
    const characters = planColumn.large.pieces === 'characters';
    const size = characters ? PIECE_CHARACTERS : PIECE_BYTES;
    for (let offset = 1; ; offset += size) {
      const sql = `SELECT SUBSTRING(${from}, ${offset}, ${size}) AS v, DATALENGTH(${from}) AS n FROM ${quoteMssqlName(table.source.schema, table.source.name)} WHERE ${where}`;
      const { recordset } = await request().query<{ v: Buffer | string | null; n: number | string | null }>(sql);
      const [piece] = recordset;
      if (piece === undefined || Number(piece.n) !== length) {
        const params = { row: `${table.source.schema}.${table.source.name} ${JSON.stringify(keyValues)}`, column: planColumn.source.name, bytes: length };
        throw new Error(piece === undefined ? t('copy.valueChangedGone', params) : t('copy.valueChanged', { ...params, now: String(piece.n) }));
      }
      const value = piece.v ?? (characters ? '' : Buffer.alloc(0));
      if (value.length > 0) yield value;
      // A binary value's length is known; a text's in characters is not: its last piece is short.
      if (characters ? value.length < size : offset + size > length) return;
    }
  }

  private facts: Promise<{ readonly babelfish: boolean; readonly major: number }> | undefined;

  private server(): Promise<{ readonly babelfish: boolean; readonly major: number }> {
    this.facts ??= this.pool
      .request()
      .query<{ major: number | null; version: string }>("SELECT CAST(SERVERPROPERTY('ProductMajorVersion') AS int) AS major, CAST(@@VERSION AS nvarchar(4000)) AS version")
      .then(({ recordset: [row] }) => ({ babelfish: row !== undefined && /babelfish/i.test(row.version), major: row?.major ?? 0 }));
    return this.facts;
  }

  /**
   * What the server can hash. Rows: UTF-8 hashing of nvarchar through a _UTF8 collation (SQL
   * Server 2019+), or none; Babelfish could hash natively, but its HASHBYTES runs in its T-SQL layer
   * (50,000 rows take ~7.6 s there, far slower than reading them), so on Babelfish ranges are
   * compared row by row. Long values: HASHBYTES takes any length from SQL Server 2016 on (8,000 bytes
   * before), and on Babelfish (which reports version 12). Text as UTF-8: through the collation, or
   * natively on Babelfish, which stores nvarchar as UTF-8.
   */
  private async serverHashing(): Promise<ServerHashing> {
    const { babelfish, major } = await this.server();
    return { rows: !babelfish && major >= 15, longValues: babelfish || major >= 13, utf8Text: babelfish ? 'native' : major >= 15 ? 'collation' : undefined };
  }

  /**
   * A transaction in which a value's pieces are of one version of it: REPEATABLE READ (SQL Server
   * keeps the row's shared lock until the value is read), or SNAPSHOT on Babelfish, which refuses
   * REPEATABLE READ unless a server-wide option says otherwise and whose SNAPSHOT is PostgreSQL's
   * REPEATABLE READ.
   */
  private async valueTransaction(): Promise<mssql.Transaction> {
    const transaction = new mssql.Transaction(this.pool);
    await transaction.begin((await this.server()).babelfish ? mssql.ISOLATION_LEVEL.SNAPSHOT : mssql.ISOLATION_LEVEL.REPEATABLE_READ);
    return transaction;
  }

  async digest(table: PlanTable, column: number, key: readonly unknown[]): Promise<ValueDigest> {
    const planColumn = copiedColumns(table)[column];
    const kind = planColumn?.large?.pieces;
    if (planColumn === undefined || kind === undefined) throw new Error(`column ${column} of ${table.source.schema}.${table.source.name} has no large values`);
    const hashing = await this.serverHashing();
    const from = largeSource(planColumn);
    const where = `FROM ${quoteMssqlName(table.source.schema, table.source.name)} WHERE ${rowKeyWhere(table.key, key)}`;
    // One version of the value for all its pieces.
    const transaction = await this.valueTransaction();
    try {
      const query = async <Row>(sql: string): Promise<Row> => {
        const [row] = (await new mssql.Request(transaction).query<Row>(sql)).recordset;
        if (row === undefined) throw new Error(t('copy.rowGone', { row: `${table.source.schema}.${table.source.name} ${JSON.stringify(key)}` }));
        return row;
      };
      let digest: ValueDigest;
      if (kind === 'characters' && hashing.utf8Text !== undefined) {
        const utf8 = hashing.utf8Text === 'native' ? `CAST(${from} AS nvarchar(max))` : `CAST(CAST(${from} AS nvarchar(max)) COLLATE Latin1_General_100_BIN2_UTF8 AS varchar(max))`;
        const row = await query<{ n: number | string; h: Buffer }>(`SELECT DATALENGTH(u) AS n, HASHBYTES('MD5', u) AS h FROM (SELECT ${utf8} AS u ${where}) AS v`);
        digest = { bytes: Number(row.n), hashes: [row.h.toString('hex')] };
      } else if (kind === 'bytes' && hashing.longValues) {
        const length = Number((await query<{ n: number | string }>(`SELECT DATALENGTH(${from}) AS n ${where}`)).n);
        const hashes: string[] = [];
        for (let offset = 1; offset <= length; offset += PIECE_BYTES) {
          hashes.push((await query<{ h: Buffer }>(`SELECT HASHBYTES('MD5', SUBSTRING(${from}, ${offset}, ${PIECE_BYTES})) AS h ${where}`)).h.toString('hex'));
        }
        digest = { bytes: length, hashes };
      } else {
        const length = Number((await query<{ n: number | string }>(`SELECT DATALENGTH(${from}) AS n ${where}`)).n);
        digest = await digestPieces(this.pieces(table, column, key, length, () => new mssql.Request(transaction)), kind);
      }
      await transaction.commit();
      return digest;
    } catch (error) {
      await transaction.rollback().catch(() => undefined);
      throw error;
    }
  }

  async checksum(table: PlanTable, range: KeyRange): Promise<ChunkChecksum | undefined> {
    if (!(await this.serverHashing()).rows || !tableChecksumSupported(table)) return undefined;
    const where = isChunkableKey(table.key) ? rangeWhere(table.key, range) : '';
    try {
      const result = await this.pool.request().query<ChunkChecksum>(tsqlChecksumSql(table, where));
      return result.recordset[0];
    } catch {
      // A server that cannot evaluate a canonical form (Babelfish and some CONVERT styles): compare rows instead.
      return undefined;
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
