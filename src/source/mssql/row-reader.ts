/**
 * Streams a chunk of a table from SQL Server with backpressure: the request is paused while the
 * consumer is behind, so memory holds a bounded number of rows whatever the table size. Rows come
 * as arrays (arrayRowMode) in the order of the plan's read expressions.
 */
import mssql from 'mssql';
import { copiedColumns, readAheadRows, type KeyRange, type RowBatch, type RowSource } from '../../copy/row-source.js';
import type { PlanTable } from '../../plan/plan-model.js';
import { boundariesSql, chunkSelectSql, isChunkableKey, rangeWhere } from './chunk-sql.js';
import { tableChecksumSupported, tsqlChecksumSql, type ChunkChecksum } from '../../verify/checksum.js';
import { quoteMssqlName } from './quote.js';

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

  async *read(table: PlanTable, range: KeyRange, readAheadBytes?: number): AsyncIterable<RowBatch> {
    const key = isChunkableKey(table.key) ? table.key : [];
    const sql = chunkSelectSql(table.source.schema, table.source.name, copiedColumns(table).map((c) => c.read), key, key.length === 0 ? {} : range);
    const transaction = this.snapshot ? new mssql.Transaction(this.pool) : undefined;
    if (transaction !== undefined) await transaction.begin(mssql.ISOLATION_LEVEL.SNAPSHOT);
    const request = transaction === undefined ? this.pool.request() : new mssql.Request(transaction);
    request.stream = true;
    request.arrayRowMode = true;
    const limit = readAheadRows(table, readAheadBytes);
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
    request.on('row', (row: unknown[]) => {
      queue.push(row);
      if (queue.length >= limit && !state.paused) state.paused = request.pause();
      notify();
    });
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
      await transaction?.commit();
    } finally {
      if (!state.done) request.cancel();
      if (state.failure !== undefined || !state.done) await transaction?.rollback().catch(() => undefined);
    }
  }

  private hashing: Promise<'collation' | undefined> | undefined;

  /**
   * UTF-8 hashing of nvarchar through a _UTF8 collation (SQL Server 2019+), or none. Babelfish could
   * hash natively, but its HASHBYTES runs in its T-SQL layer (50,000 rows take ~7.6 s there, far
   * slower than reading them), so on Babelfish ranges are compared row by row.
   */
  private utf8Hashing(): Promise<'collation' | undefined> {
    this.hashing ??= this.pool
      .request()
      .query<{ major: number | null; version: string }>("SELECT CAST(SERVERPROPERTY('ProductMajorVersion') AS int) AS major, CAST(@@VERSION AS nvarchar(4000)) AS version")
      .then(({ recordset: [row] }) => (row === undefined || /babelfish/i.test(row.version) ? undefined : (row.major ?? 0) >= 15 ? 'collation' : undefined));
    return this.hashing;
  }

  async checksum(table: PlanTable, range: KeyRange): Promise<ChunkChecksum | undefined> {
    if ((await this.utf8Hashing()) === undefined || !tableChecksumSupported(table)) return undefined;
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
