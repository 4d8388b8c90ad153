/**
 * Streams rows into a table with binary COPY through pg-copy-streams: rows are encoded into one
 * buffer and sent as ~64 KB CopyData messages, waiting for the socket when it is full
 * (backpressure), so memory stays bounded by the buffer, never by the table. The same encoding
 * writes chunk files for transfer through files (copy/files/).
 */
import type { Writable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom, type CopyStreamQuery } from 'pg-copy-streams';
import { CopyBuffer, fieldWriters, hasBinaryEncoders, rowAppender, type EncodeOptions, type RowAppender, type RowRejection } from './copy-binary.js';
import { appendTextRow, textWriters } from './copy-text.js';
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
  const append: RowAppender = binary
    ? rowAppender(fieldWriters(target.encoders, options))
    : ((writers) => (out: CopyBuffer, row: readonly unknown[]) => appendTextRow(out, writers, row))(textWriters(target.encoders, options));
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
