/**
 * One chunk file: the rows of a key range encoded exactly as the copy sends them to PostgreSQL (the
 * same writer, copy-writer.ts), optionally gzip-compressed, hashed (SHA-256 of the bytes as stored)
 * while written, synced, and renamed into place, so a file under its final name is always whole.
 * Loading streams a file into `COPY ... FROM STDIN` and checks its hash before the COPY is allowed to
 * finish: a file that is not what was exported is never loaded.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PassThrough, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type pg from 'pg';
import { MigrateError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { openCopyFrom, writeCopyData, type CopyTarget, type WriteOptions } from '../../target/postgres/copy-writer.js';
import type { RowBatch } from '../row-source.js';
import type { Compression, ManifestChunk } from './manifest.js';

/** gzip level 1: a chunk compresses to about as small as at the default level 6 for this kind of data, at a fraction of the CPU. */
const GZIP_LEVEL = 1;

export interface WrittenChunk {
  readonly rows: number;
  readonly bytes: number;
  readonly copyBytes: number;
  readonly sha256: string;
}

/** A pass-through that hashes and counts what goes by. */
function hashing(): { readonly tap: Transform; readonly digest: () => { sha256: string; bytes: number } } {
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  let sha256: string | undefined;
  return {
    tap,
    digest: () => {
      sha256 ??= hash.digest('hex');
      return { sha256, bytes };
    },
  };
}

/** Writes the rows of `batches` to `dir/file`; nothing is left under that name unless all of it was written. */
export async function writeChunkFile(
  dir: string,
  file: string,
  target: CopyTarget,
  batches: AsyncIterable<RowBatch>,
  compression: Compression,
  options: WriteOptions,
): Promise<WrittenChunk> {
  const path = join(dir, file);
  const partial = `${path}.partial`;
  await mkdir(dirname(path), { recursive: true });
  try {
    const out = createWriteStream(partial);
    const { tap, digest } = hashing();
    const head: Transform = compression === 'gzip' ? createGzip({ level: GZIP_LEVEL }) : new PassThrough();
    const written = pipeline(head, tap, out);
    written.catch(() => undefined);
    // The writer's slabs may be held (not copied) by every stage until the file has them.
    const unsent = (): number => head.writableLength + head.readableLength + tap.writableLength + tap.readableLength + out.writableLength;
    let result;
    try {
      result = await writeCopyData(head, unsent, target, batches, options);
      head.end();
    } catch (error) {
      head.destroy(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
    await written;
    // On disk before it gets its name: a file under its final name is whole even after a crash.
    const handle = await open(partial, 'r+');
    await handle.sync().finally(() => handle.close());
    const { sha256, bytes } = digest();
    await rename(partial, path);
    return { rows: result.rows, bytes, copyBytes: result.bytes, sha256 };
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/** A file whose bytes are not the ones the manifest recorded: never retried, never loaded. */
function corrupt(path: string, why: string): MigrateError {
  return new MigrateError('CHUNK_FILE_CORRUPT', 'runtime', `${path}: ${why}`, { hint: t('hint.CHUNK_FILE_CORRUPT') });
}

function otherBytes(sha256: string, bytes: number, entry: ManifestChunk): string {
  return t('error.CHUNK_FILE_CORRUPT.digest', { sha256, bytes, recorded: entry.sha256, recordedBytes: entry.bytes });
}

/** Why the file on disk is not the one the manifest recorded, or undefined when it is. */
async function fileDiffers(path: string, entry: ManifestChunk): Promise<MigrateError | undefined> {
  const { tap, digest } = hashing();
  try {
    await pipeline(createReadStream(path), tap, new Writable({ write: (_chunk, _encoding, done) => { done(); } }));
  } catch (error) {
    return corrupt(path, (error as NodeJS.ErrnoException).code === 'ENOENT' ? t('error.CHUNK_FILE_CORRUPT.missing') : t('error.CHUNK_FILE_CORRUPT.unreadable', { reason: (error as Error).message }));
  }
  const { sha256, bytes } = digest();
  return sha256 === entry.sha256 && bytes === entry.bytes ? undefined : corrupt(path, otherBytes(sha256, bytes, entry));
}

/**
 * Loads one chunk file with `COPY ... FROM STDIN` on `client` (inside the caller's transaction). The
 * COPY is ended only once the whole file was read and its SHA-256 and row count match the manifest;
 * otherwise it is aborted, so the server discards every row of it.
 */
export async function loadChunkFile(
  client: pg.ClientBase,
  dir: string,
  entry: ManifestChunk,
  target: CopyTarget,
  compression: Compression,
  freeze: boolean,
  onProgress: (bytes: number) => void,
): Promise<{ rows: number; bytes: number }> {
  const path = join(dir, entry.file);
  const { stream, finished, serverError } = openCopyFrom(client, target, freeze);
  const { tap, digest } = hashing();
  const raw = createReadStream(path);
  const data = compression === 'gzip' ? raw.pipe(tap).pipe(createGunzip()) : raw.pipe(tap);
  raw.on('error', (error) => data.destroy(error));
  let sent = 0;
  try {
    for await (const piece of data as AsyncIterable<Buffer>) {
      sent += piece.length;
      if (!stream.write(piece)) await new Promise<void>((resolve, reject) => {
        stream.once('drain', resolve);
        stream.once('error', reject);
      });
      onProgress(sent);
    }
    const { sha256, bytes } = digest();
    if (bytes !== entry.bytes || sha256 !== entry.sha256) throw corrupt(path, otherBytes(sha256, bytes, entry));
  } catch (error) {
    const server = serverError();
    const own = server ?? (error instanceof Error ? error : new Error(String(error)));
    if (server === undefined) stream.destroy(own);
    await finished.catch(() => undefined);
    // A file that is not the exported one is the cause, whatever broke first (gunzip, the server's parser).
    throw (await fileDiffers(path, entry)) ?? own;
  }
  stream.end();
  await finished;
  if (stream.rowCount !== entry.rows) throw corrupt(path, t('error.CHUNK_FILE_CORRUPT.rows', { rows: stream.rowCount, recorded: entry.rows }));
  return { rows: stream.rowCount, bytes: entry.bytes };
}
