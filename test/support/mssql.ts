/**
 * SQL Server side of the gated integration tests: runs only when MSSQL_URL is set. Creates a
 * throwaway database, runs a T-SQL fixture batch by batch, drops the database afterwards.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import mssql from 'mssql';
import { afterAll, beforeAll } from 'vitest';
import { parseMssqlConnectionString } from '../../src/source/mssql/connection.js';
import { runScript } from '../../src/source/mssql/script.js';

export const MSSQL_URL = process.env.MSSQL_URL;
export const hasMssql = MSSQL_URL !== undefined && MSSQL_URL !== '';

export interface FixtureDatabase {
  /** Connection URL of the fixture database (valid after beforeAll). */
  url: string;
  name: string;
  isBabelfish: boolean;
  /** Batches skipped because the server is Babelfish (each starts with "-- babelfish: skip"). */
  skipped: string[];
}

function poolConfig(url: string, database?: string): mssql.config {
  const s = parseMssqlConnectionString(url);
  return {
    server: s.host ?? 'localhost',
    ...(s.port === undefined ? {} : { port: s.port }),
    database: database ?? s.database ?? 'master',
    ...(s.user === undefined ? {} : { user: s.user }),
    ...(s.password === undefined ? {} : { password: s.password }),
    requestTimeout: 0,
    options: { encrypt: s.encrypt ?? true, trustServerCertificate: s.trustServerCertificate ?? false },
  };
}

export async function withMssql<T>(url: string, database: string | undefined, work: (pool: mssql.ConnectionPool) => Promise<T>): Promise<T> {
  const pool = await new mssql.ConnectionPool(poolConfig(url, database)).connect();
  try {
    return await work(pool);
  } finally {
    await pool.close();
  }
}

/**
 * Babelfish keeps its databases and schemas in shared PostgreSQL catalog rows: when test files
 * create databases at the same moment, PostgreSQL may fail one session's DDL with "tuple
 * concurrently updated" (SQL Server has no such race). The setup is then run again from scratch.
 */
async function retryingCatalogRace(setup: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await setup();
      return;
    } catch (error) {
      if (attempt >= 4 || !/tuple concurrently (updated|deleted)/.test(error instanceof Error ? error.message : String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}

export function useFixtureDatabase(fixture: URL): FixtureDatabase {
  const db: FixtureDatabase = { url: '', name: `ms2pg_it_${randomBytes(4).toString('hex')}`, isBabelfish: false, skipped: [] };
  beforeAll(async () => {
    const url = MSSQL_URL ?? '';
    await retryingCatalogRace(async () => {
      await withMssql(url, 'master', async (pool) => {
        const version = await pool.request().query<{ v: string }>('SELECT CAST(@@VERSION AS nvarchar(4000)) AS v');
        db.isBabelfish = /babelfish/i.test(version.recordset[0]?.v ?? '');
        await pool.request().batch(`DROP DATABASE IF EXISTS ${db.name}`);
        await pool.request().batch(`CREATE DATABASE ${db.name}`);
      });
      db.skipped.length = 0;
      await withMssql(url, db.name, async (pool) => {
        db.skipped.push(...(await runScript(pool, readFileSync(fixture, 'utf8'), db.isBabelfish)));
      });
    });
    const target = new URL(url.replace(/^sqlserver:/i, 'mssql:'));
    target.pathname = `/${db.name}`;
    db.url = target.toString();
  }, 300_000);
  afterAll(async () => {
    await retryingCatalogRace(() =>
      withMssql(MSSQL_URL ?? '', 'master', async (pool) => {
        await pool.request().batch(`DROP DATABASE IF EXISTS ${db.name}`);
      }),
    );
  }, 120_000);
  return db;
}
