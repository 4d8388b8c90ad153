/**
 * A test that must fail. `.ci/run` runs it alone (MS2PG_CI_FAILING_FIXTURE=1 adds test/ci/ to the
 * integration project) and fails CI if the run exits 0: proof that a failing test turns the exit code
 * red, with the embedded PostgreSQL started and stopped as in every integration run.
 */
import { expect, it } from 'vitest';
import { useTestDatabase, withClient } from '../support/pg.js';

const db = useTestDatabase();

it('fails on purpose after a real query', async () => {
  const rows = await withClient(db.url, async (client) => (await client.query<{ one: number }>('SELECT 1 AS one')).rows);
  expect(rows).toEqual([{ one: 2 }]);
});
