/** How a worker (in this thread or another) opens its source and target: plain data, cloneable into threads. */
import pg from 'pg';
import { connectMssql, type MssqlConnectionSettings } from '../source/mssql/connection.js';
import { MssqlRowSource } from '../source/mssql/row-reader.js';
import { connectPg, type PgConnectionSettings } from '../target/postgres/connection.js';
import { ChunkFiles } from './files/chunk-files.js';
import type { RowSource } from './row-source.js';
import { SyntheticRowSource, type SyntheticOptions } from './synthetic-source.js';

/** Where rows are read from: SQL Server, or the synthetic generator of tests and benchmarks. */
export type RowSourceConfig =
  | { readonly kind: 'mssql'; readonly connection: MssqlConnectionSettings; readonly snapshot: boolean }
  | ({ readonly kind: 'synthetic' } & SyntheticOptions);

/** What the copy fills its chunks from: rows from a source, or the chunk files of an export (--from-files). */
export type SourceConfig = RowSourceConfig | { readonly kind: 'files'; readonly dir: string };

export async function openSource(config: RowSourceConfig): Promise<RowSource> {
  if (config.kind === 'synthetic') {
    return new SyntheticRowSource(config);
  }
  return new MssqlRowSource(await connectMssql(config.connection, 1), config.snapshot);
}

/** A copy worker's feed: chunk files for --from-files, otherwise a row source. */
export function openFeed(config: SourceConfig): Promise<RowSource | ChunkFiles> {
  return config.kind === 'files' ? Promise.resolve(ChunkFiles.open(config.dir)) : openSource(config);
}

export function openTarget(settings: PgConnectionSettings, env: NodeJS.ProcessEnv): Promise<pg.Client> {
  return connectPg(settings, env);
}
