/** How a worker (in this thread or another) opens its source and target: plain data, cloneable into threads. */
import pg from 'pg';
import { connectMssql, type MssqlConnectionSettings } from '../source/mssql/connection.js';
import { MssqlRowSource } from '../source/mssql/row-reader.js';
import { connectPg, type PgConnectionSettings } from '../target/postgres/connection.js';
import type { RowSource } from './row-source.js';
import { SyntheticRowSource, type SyntheticOptions } from './synthetic-source.js';

export type SourceConfig =
  | { readonly kind: 'mssql'; readonly connection: MssqlConnectionSettings; readonly snapshot: boolean }
  | ({ readonly kind: 'synthetic' } & SyntheticOptions);

export async function openSource(config: SourceConfig): Promise<RowSource> {
  if (config.kind === 'synthetic') {
    return new SyntheticRowSource(config);
  }
  return new MssqlRowSource(await connectMssql(config.connection, 1), config.snapshot);
}

export function openTarget(settings: PgConnectionSettings, env: NodeJS.ProcessEnv): Promise<pg.Client> {
  return connectPg(settings, env);
}
