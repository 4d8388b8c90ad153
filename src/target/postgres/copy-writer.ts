/**
 * Streams rows into a table with binary COPY through pg-copy-streams: rows are encoded into one
 * buffer and sent as ~64 KB CopyData messages, waiting for the socket when it is full
 * (backpressure), so memory stays bounded by the buffer, never by the table. The same encoding
 * writes chunk files for transfer through files (copy/files/).
 */
import type { Writable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom, type CopyStreamQuery } from 'pg-copy-streams';
import { isLargeRowBatch, largeRowBatch, LargeValue } from '../../copy/large-value.js';
import { CopyBuffer, hasBinaryEncoders, rowAppender, type EncodeOptions, type RowAppender, type RowRejection } from './copy-binary.js';
import { rowFields, writeLargeRow } from './copy-large.js';
import { appendTextRow } from './copy-text.js';
import { quoteIdent, quoteQualified } from './quote.js';

export const COPY_MESSAGE_BYTES = 64 * 1024;
const PROGRESS_INTERVAL_MS = 100;

export interface CopyTarget {
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly string[];
  readonly encoders: readonly string[];
}

export interface CopyResult {
  readonly rows: number;
  readonly bytes: number;
}

export interface RejectedRow {
  readonly row: readonly unknown[];
  readonly rejection: RowRejection;
  /** 0-based position of the row among all rows given to the COPY, refused ones included. */
  readonly ordinal: number;
}

export function copyStatement(target: CopyTarget, freeze: boolean): string {
  const format = hasBinaryEncoders(target.encoders) ? 'binary' : 'text';
  const options = freeze ? `(FORMAT ${format}, FREEZE true)` : `(FORMAT ${format})`;
  return `COPY ${quoteQualified(target.schema, target.name)} (${target.columns.map(quoteIdent).join(', ')}) FROM STDIN ${options}`;
}

/**
 * `COPY ... FROM STDIN` on `client`: the stream, a promise of its end, and the first error the
 * server sent (a refused row, a broken connection), which is the one to report, not what follows it.
 */
export function openCopyFrom(client: pg.ClientBase, target: CopyTarget, freeze: boolean): { stream: CopyStreamQuery; finished: Promise<void>; serverError: () => Error | undefined } {
  const stream = client.query(copyFrom(copyStatement(target, freeze)));
  let serverError: Error | undefined;
  const finished = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', (error: Error) => {
      serverError ??= error;
      reject(error);
    });
  });
  // Without a listener an early server error would be unhandled; callers rethrow it.
  finished.catch(() => undefined);
  return { stream, finished, serverError: () => serverError };
}

export interface WriteOptions extends EncodeOptions {
  readonly onReject: (rejected: RejectedRow) => void;
  /** Called with the totals so far, at most every 100 ms while rows are sent, and once at the end. */
  readonly onProgress?: (rows: number, bytes: number) => void;
}

/** Writes `rows` with one COPY on `client` (inside the caller's transaction). */
export async function copyRows(
  client: pg.ClientBase,
  target: CopyTarget,
  batches: AsyncIterable<readonly (readonly unknown[])[]>,
  options: WriteOptions & { readonly freeze: boolean },
): Promise<CopyResult> {
  if (target.encoders.includes('large-object')) return copyWithLargeObjects(client, target, batches, options);
  const { stream, finished, serverError } = openCopyFrom(client, target, options.freeze);
  // What the COPY stream and the socket under it still hold bounds what has not left the process
  // (the socket's queue may hold other bytes too, which only makes the bound safe): the buffer
  // writes its slabs again behind it. A pool client is a pg.Client; for any other, slabs are not reused.
  const socket = client instanceof pg.Client ? client.connection.stream : undefined;
  let result: CopyResult;
  try {
    result = await writeCopyData(stream, () => (socket === undefined ? Infinity : stream.writableLength + socket.writableLength), target, batches, options);
    stream.end();
  } catch (error) {
    const server = serverError();
    if (server !== undefined) throw server;
    // Our side failed (the source, an encoder bug): abort the COPY so the server discards it. The
    // server's answer ("COPY from stdin failed: ...") only echoes our error, which is the one to
    // report: retries decide on it (a lost source connection is transient, a bug is not).
    const own = error instanceof Error ? error : new Error(String(error));
    stream.destroy(own);
    await finished.catch(() => undefined);
    throw own;
  }
  await finished;
  return result;
}

/**
 * Encodes rows as COPY data into `sink`: binary (signature, tuples, trailer) unless a column type
 * has no binary encoder, then text. Waits for the sink when it is full (backpressure), so memory
 * stays bounded by the buffer; a sink error rejects. The caller ends the sink. `unsent` bounds the
 * bytes handed to the sink that may not have left the process yet (CopyBuffer reuses slabs behind it).
 */
export async function writeCopyData(
  sink: Writable,
  unsent: () => number,
  target: CopyTarget,
  batches: AsyncIterable<readonly (readonly unknown[])[]>,
  options: WriteOptions,
): Promise<CopyResult> {
  const binary = hasBinaryEncoders(target.encoders);
  const fields = rowFields(target.encoders, options, binary);
  const append: RowAppender = fields.binary ? rowAppender(fields.writers) : ((writers) => (out: CopyBuffer, row: readonly unknown[]) => appendTextRow(out, writers, row))(fields.writers);
  const out = new CopyBuffer(2 * COPY_MESSAGE_BYTES, unsent);
  let count = 0;
  let seen = 0;
  let progressAt = performance.now();
  let bytes = 0;
  const send = async (chunk: Buffer): Promise<void> => {
    bytes += chunk.length;
    if (!sink.write(chunk)) {
      await new Promise<void>((resolve, reject) => {
        const onDrain = (): void => {
          sink.off('error', onError);
          resolve();
        };
        const onError = (error: Error): void => {
          sink.off('drain', onDrain);
          reject(error);
        };
        sink.once('drain', onDrain);
        sink.once('error', onError);
      });
    }
  };
  if (binary) await send(CopyBuffer.header());
  for await (const batch of batches) {
    if (isLargeRowBatch(batch)) {
      for (const row of batch) {
        const rejection = await writeLargeRow(out, row, fields, target.encoders, options, send);
        seen++;
        if (rejection !== undefined) options.onReject({ row, rejection, ordinal: seen - 1 });
        else count++;
        options.onProgress?.(count, bytes);
      }
      continue;
    }
    for (const row of batch) {
      const rejection = append(out, row);
      seen++;
      if (rejection !== undefined) {
        options.onReject({ row, rejection, ordinal: seen - 1 });
        continue;
      }
      count++;
      if (out.pending >= COPY_MESSAGE_BYTES) {
        await send(out.take());
        // Progress crosses threads: a message per CopyData message showed in profiles, so at most every 100 ms.
        const now = performance.now();
        if (now - progressAt >= PROGRESS_INTERVAL_MS) {
          progressAt = now;
          options.onProgress?.(count, bytes);
        }
      }
    }
  }
  if (binary) out.int16(-1);
  await send(out.take());
  options.onProgress?.(count, bytes);
  return { rows: count, bytes };
}

/** Bytes of a large value given to lo_put at a time, at most (pieces are usually smaller). */
const LARGE_OBJECT_WRITE_BYTES = 8 * 1024 * 1024;

/** PostgreSQL tells the line of a COPY error in `where`: `COPY t, line 12, column c: ...`. */
function shiftCopyLine(error: unknown, lines: number): unknown {
  const where = (error as { where?: unknown }).where;
  if (lines > 0 && typeof where === 'string') (error as { where: string }).where = where.replace(/line (\d+)/, (_, line: string) => `line ${Number(line) + lines}`);
  return error;
}

/**
 * A table with `transform: large-object` columns: each batch's values of those columns are written
 * as large objects first (lo_from_bytea, or lo_create and lo_put piece by piece for a large value),
 * in the caller's transaction, so a failed chunk leaves no object behind; then the batch, their oids
 * in place of the values, goes by a COPY of its own (the connection cannot write objects during a
 * COPY). COPY errors, refusals and progress are told as for one COPY of all rows.
 */
async function copyWithLargeObjects(client: pg.ClientBase, target: CopyTarget, batches: AsyncIterable<readonly (readonly unknown[])[]>, options: Parameters<typeof copyRows>[3]): Promise<CopyResult> {
  const objectColumns = target.encoders.flatMap((encoder, i) => (encoder === 'large-object' ? [i] : []));
  const inner: CopyTarget = { ...target, encoders: target.encoders.map((encoder) => (encoder === 'large-object' ? 'oid' : encoder)) };
  let rows = 0;
  let bytes = 0;
  let seen = 0;
  for await (const batch of batches) {
    const written = await writeObjects(client, batch, objectColumns);
    // Objects of rows the COPY refuses are removed once it is done (no statement can run during it).
    const orphans: number[] = [];
    const before = { rows, bytes, seen };
    const oneBatch = isLargeRowBatch(batch) ? written.map((row) => largeRowBatch(row)) : [written];
    const result = await copyRows(client, inner, fromArray(oneBatch), {
      ...options,
      onReject: (rejected) => {
        for (const i of objectColumns) if (typeof rejected.row[i] === 'number') orphans.push(rejected.row[i]);
        options.onReject({ ...rejected, ordinal: before.seen + rejected.ordinal });
      },
      onProgress: (count, sent) => options.onProgress?.(before.rows + count, before.bytes + sent),
    }).catch((error: unknown) => {
      throw shiftCopyLine(error, before.seen);
    });
    for (const oid of orphans) await client.query('SELECT lo_unlink($1)', [oid]);
    rows += result.rows;
    bytes += result.bytes;
    seen += batch.length;
  }
  return { rows, bytes };
}

async function* fromArray<T>(items: readonly T[]): AsyncIterable<T> {
  for (const item of items) yield await Promise.resolve(item);
}

/**
 * The batch with each object column's values written as large objects and replaced by their oids:
 * a value read in pieces by lo_create and lo_put, the others of a column in one statement (a
 * statement per row was a round trip per row).
 */
async function writeObjects(client: pg.ClientBase, batch: readonly (readonly unknown[])[], columns: readonly number[]): Promise<unknown[][]> {
  const out = batch.map((row) => [...row]);
  for (const i of columns) {
    const whole: { readonly row: unknown[]; readonly value: Buffer }[] = [];
    for (const row of out) {
      const value = row[i];
      if (value === null || value === undefined) continue;
      if (value instanceof LargeValue) row[i] = await writeLargeObject(client, value);
      else if (value instanceof Uint8Array) whole.push({ row, value: Buffer.from(value.buffer, value.byteOffset, value.byteLength) });
      else throw new Error(`a large-object column got ${typeof value}, not binary data`);
    }
    if (whole.length === 0) continue;
    const { rows } = await client.query<{ oid: number }>('SELECT lo_from_bytea(0, v) AS oid FROM unnest($1::bytea[]) WITH ORDINALITY AS given(v, n) ORDER BY n', [whole.map((w) => w.value)]);
    whole.forEach((w, k) => {
      w.row[i] = rows[k]?.oid ?? 0;
    });
  }
  return out;
}

/** A value read in pieces, written as a new large object piece by piece; its oid. */
async function writeLargeObject(client: pg.ClientBase, value: LargeValue): Promise<number> {
  if (value.pieces === undefined) throw new Error('a large value without a reader reached the copy');
  const { rows } = await client.query<{ oid: number }>('SELECT lo_create(0) AS oid');
  const oid = rows[0]?.oid ?? 0;
  let offset = 0;
  for await (const piece of value.pieces()) {
    const data = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    for (let at = 0; at < data.length; at += LARGE_OBJECT_WRITE_BYTES) {
      const part = data.subarray(at, at + LARGE_OBJECT_WRITE_BYTES);
      await client.query('SELECT lo_put($1, $2, $3)', [oid, offset, part]);
      offset += part.length;
    }
  }
  return oid;
}
