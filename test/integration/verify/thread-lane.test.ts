/**
 * Verify lanes in worker threads, as `migrate verify` runs them: the built lane worker (dist/, which
 * `npm test` builds first) with the synthetic source against a real PostgreSQL. Calls and results
 * cross the thread boundary; a failure to connect keeps its code and category (exit codes).
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { applyPlanned } from '../../support/apply.js';
import { runCopy } from '../../../src/copy/run-copy.js';
import type { Lane } from '../../../src/verify/lane.js';
import { LanePool, verifyTable, type Difference } from '../../../src/verify/verify.js';
import { syntheticPlan } from '../../support/synthetic.js';
import { useTestDatabase, withClient } from '../../support/pg.js';

type ThreadLaneModule = typeof import('../../../src/verify/thread-lane.js');
const { openLanes } = (await import(new URL('../../../dist/verify/thread-lane.js', import.meta.url).href)) as ThreadLaneModule;

const ROWS = 60_000;

describe('verify lanes in worker threads', () => {
  const db = useTestDatabase();
  const plan = syntheticPlan(ROWS);
  const narrow = plan.tables.find((t) => t.source.name === 'narrow');

  async function verifyNarrow(lanes: readonly Lane[]): Promise<{ status: string; differences: Difference[] }> {
    if (narrow === undefined) throw new Error('the synthetic plan has dbo.narrow');
    const differences: Difference[] = [];
    const verdict = await verifyTable(new LanePool(lanes), narrow, { level: 'rows', examplesPerTable: 5, rowsPerRange: 10_000, maxRowsInMemory: 1_000_000, onDifference: (_t, d) => differences.push(d) });
    return { status: verdict.status, differences };
  }

  it('compare ranges in threads: equal data is equal, a changed row is found by its key', async () => {
    const pool = new pg.Pool({ connectionString: db.url });
    await applyPlanned(pool, plan, 'pre-data');
    await pool.end();
    const copied = await runCopy(plan, { kind: 'synthetic' }, { connectionString: db.url }, process.env, {
      jobs: 2, rowsPerChunk: 20_000, tables: ['dbo.narrow'], restart: false, truncate: false, workerOnly: false, rejectsFile: '/dev/null', nul: 'reject', onError: 'stop', retrySeconds: 0, maxRejectsPerChunk: 0,
    }, () => undefined);
    expect(copied.complete).toBe(true);

    const lanes = await openLanes(2, { source: { kind: 'synthetic' }, target: { connectionString: db.url }, retrySeconds: 0 }, process.env);
    try {
      expect(lanes.map((lane) => lane.constructor.name)).toEqual(['ThreadLane', 'ThreadLane']);
      expect(await verifyNarrow(lanes)).toEqual({ status: 'equal', differences: [] });
      await withClient(db.url, (client) => client.query("UPDATE dbo.narrow SET name = name || '!' WHERE id = 43210"));
      const changed = await verifyNarrow(lanes);
      expect(changed.status).toBe('different');
      expect(changed.differences).toMatchObject([{ kind: 'changed', key: { id: '43210' }, columns: [{ column: 'name' }] }]);
    } finally {
      await Promise.all(lanes.map((lane) => lane.close()));
    }
  });

  it('a target it cannot connect to fails the opening with the error of the main thread', async () => {
    const url = new URL(db.url);
    url.password = 'wrong-password';
    const opening = openLanes(1, { source: { kind: 'synthetic' }, target: { connectionString: url.toString() }, retrySeconds: 0 }, process.env);
    await expect(opening).rejects.toMatchObject({ name: 'MigrateError', category: 'connection' });
    await expect(opening).rejects.not.toThrow(/wrong-password/);
  });
});
