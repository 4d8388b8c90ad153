/** The chunk files of an export as a copy worker's feed (--from-files): a claimed chunk is loaded from its file. */
import type pg from 'pg';
import { MigrateError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import type { PlanTable } from '../../plan/plan-model.js';
import type { CopyTarget } from '../../target/postgres/copy-writer.js';
import { tableKey, type Chunk } from '../queue.js';
import { loadChunkFile } from './chunk-file.js';
import { readManifest, type Manifest, type ManifestChunk } from './manifest.js';

export class ChunkFiles {
  private readonly chunks: ReadonlyMap<string, ManifestChunk>;

  private constructor(
    private readonly dir: string,
    private readonly manifest: Manifest,
  ) {
    this.chunks = new Map(manifest.tables.flatMap((t) => t.chunks.map((c) => [`${t.table}#${c.chunk}`, c] as const)));
  }

  static open(dir: string): ChunkFiles {
    return new ChunkFiles(dir, readManifest(dir));
  }

  /** Loads the chunk's file with one COPY on `client`, inside the caller's transaction. */
  load(client: pg.ClientBase, table: PlanTable, chunk: Chunk, target: CopyTarget, freeze: boolean, onProgress: (bytes: number) => void): Promise<{ rows: number; bytes: number }> {
    const entry = this.chunks.get(`${tableKey(table)}#${chunk.chunkNo}`);
    if (entry === undefined) throw new MigrateError('MANIFEST_CHUNK_MISSING', 'usage', t('error.MANIFEST_CHUNK_MISSING', { dir: this.dir, table: tableKey(table), chunk: chunk.chunkNo }));
    return loadChunkFile(client, this.dir, entry, target, this.manifest.compression, freeze, onProgress);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
