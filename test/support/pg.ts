/** A throwaway PostgreSQL database per test file, on the server the global setup started. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';

export interface TestDatabase {
  /** Connection URL of the throwaway database (valid inside the test body). */
  readonly url: string;
  readonly name: string;
}

/** `admin`: the server's superuser URL (default: the suite's PostgreSQL; `inject('pg15AdminUrl')` for 15). */
export function useTestDatabase(admin: string = inject('pgAdminUrl')): TestDatabase {
  const name = `ms2pg_test_${randomBytes(6).toString('hex')}`;
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const database: TestDatabase = { url: url.toString(), name };

  beforeAll(async () => {
    await withClient(admin, (client) => client.query(`CREATE DATABASE ${name}`));
  });
  afterAll(async () => {
    await withClient(admin, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  });
  return database;
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
