/**
 * Verify against a real PostgreSQL with the synthetic source: equal data passes, and each mutation,
 * on its own, is detected and located to its key.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { applyPlanned } from '../../support/apply.js';
import { runCopy } from '../../../src/copy/run-copy.js';
import { SyntheticRowSource } from '../../../src/copy/synthetic-source.js';
import type { KeyRange, RowBatch } from '../../../src/copy/row-source.js';
import type { PlanTable } from '../../../src/plan/plan-model.js';
import { LocalLane } from '../../../src/verify/lane.js';
import { LanePool, verifyTable, type Difference, type TableVerdict, type VerifyLevel } from '../../../src/verify/verify.js';
import { syntheticPlan } from '../../support/synthetic.js';
import { useTestDatabase, withClient } from '../../support/pg.js';

const ROWS = 120_000;

describe('migrate verify (synthetic source, real PostgreSQL)', () => {
  const db = useTestDatabase();
  const plan = syntheticPlan(ROWS);
  const narrow = plan.tables.find((t) => t.source.name === 'narrow')!;
  const heap = plan.tables.find((t) => t.source.name === 'heap')!;
  const typed = plan.tables.find((t) => t.source.name === 'typed')!;

  async function verify(table: PlanTable, level: VerifyLevel = 'rows'): Promise<{ verdict: TableVerdict; all: Difference[]; progress: string[] }> {
    const all: Difference[] = [];
    const progress: string[] = [];
    const verdict = await withClient(db.url, (client) =>
      verifyTable(new LanePool([new LocalLane(new SyntheticRowSource(), client)]), table, {
        level,
        examplesPerTable: 5,
        rowsPerRange: 25_000,
        maxRowsInMemory: 1_000_000,
        onDifference: (_t, d) => all.push(d),
        onProgress: (name, done, total) => progress.push(`${name} ${done}/${total}`),
      }),
    );
    return { verdict, all, progress };
  }

  it('equal data passes at both levels', async () => {
    const pool = new pg.Pool({ connectionString: db.url });
    await applyPlanned(pool, plan, 'pre-data');
    await pool.end();
    const copied = await runCopy(plan, { kind: 'synthetic' }, { connectionString: db.url }, process.env, {
      jobs: 2, rowsPerChunk: 30_000, tables: [], restart: false, truncate: false, workerOnly: false, rejectsFile: '/dev/null', nul: 'reject', onError: 'stop', retrySeconds: 0, maxRejectsPerChunk: 0,
    }, () => undefined);
    expect(copied.complete).toBe(true);
    const rows = await verify(narrow);
    expect(rows.verdict).toMatchObject({ status: 'equal', sourceRows: ROWS, targetRows: ROWS, chunks: 5, differences: 0, problems: [] });
    expect(rows.progress).toEqual(['dbo.narrow 0/5', 'dbo.narrow 1/5', 'dbo.narrow 2/5', 'dbo.narrow 3/5', 'dbo.narrow 4/5', 'dbo.narrow 5/5']);
    expect((await verify(narrow, 'count')).verdict.status).toBe('equal');
    expect((await verify(heap)).verdict).toMatchObject({ status: 'equal', chunks: 1 });
    expect((await verify(typed)).verdict).toMatchObject({ status: 'equal', sourceRows: 2000 });
  });

  const typedCases: readonly [string, string, string][] = [
    ['a float changed in its last place', 'UPDATE dbo.typed SET ratio = ratio * (1 + 2.220446049250313e-16) WHERE id = 33', 'ratio'],
    ['one byte of a 1 MB blob', 'UPDATE dbo.typed SET blob = set_byte(blob, 524288, (get_byte(blob, 524288) + 1) % 256) WHERE id = 1000', 'blob'],
    ["one character's case in a case-insensitive column", 'UPDATE dbo.typed SET label = upper(label) WHERE id = 7', 'label'],
  ];

  for (const [name, sql, column] of typedCases) {
    it(`detects ${name}`, async () => {
      await withClient(db.url, async (client) => {
        await client.query('BEGIN');
        try {
          const changed = await client.query(sql);
          expect(changed.rowCount).toBe(1);
          const all: Difference[] = [];
          const verdict = await verifyTable(new LanePool([new LocalLane(new SyntheticRowSource(), client)]), typed, { level: 'rows', examplesPerTable: 5, rowsPerRange: 25_000, maxRowsInMemory: 1_000_000, onDifference: (_t, d) => all.push(d) });
          expect(verdict.status).toBe('different');
          expect(all).toHaveLength(1);
          expect(all[0]).toMatchObject({ kind: 'changed', columns: [{ column }] });
        } finally {
          await client.query('ROLLBACK');
        }
      });
    });
  }

  const cases: readonly [string, string, (all: Difference[]) => void][] = [
    ['one row deleted', 'DELETE FROM dbo.narrow WHERE id = 100', (all) => { expect(all).toEqual([{ kind: 'missing', key: { id: '100' } }]); }],
    ['one row added', "INSERT INTO dbo.narrow VALUES (999999, 1, 'x', 1, now(), true)", (all) => { expect(all).toEqual([{ kind: 'extra', key: { id: '999999' } }]); }],
    ['one row duplicated', 'INSERT INTO dbo.narrow SELECT * FROM dbo.narrow WHERE id = 200', (all) => { expect(all).toEqual([{ kind: 'duplicate', key: { id: '200' } }]); }],
    ['a decimal changed by 0.0001', 'UPDATE dbo.narrow SET amount = amount + 0.0001 WHERE id = 301', (all) => { expect(all[0]).toMatchObject({ kind: 'changed', key: { id: '301' }, columns: [{ column: 'amount' }] }); }],
    ['a timestamp changed by 1 ms', "UPDATE dbo.narrow SET created = created + interval '1 millisecond' WHERE id = 401", (all) => { expect(all[0]).toMatchObject({ kind: 'changed', key: { id: '401' }, columns: [{ column: 'created' }] }); }],
    ["one character's case", 'UPDATE dbo.narrow SET name = upper(name) WHERE id = 501', (all) => { expect(all[0]).toMatchObject({ kind: 'changed', key: { id: '501' }, columns: [{ column: 'name' }] }); }],
    ['a trailing space', "UPDATE dbo.narrow SET name = name || ' ' WHERE id = 601", (all) => { expect(all[0]).toMatchObject({ kind: 'changed', key: { id: '601' }, columns: [{ column: 'name' }] }); }],
    ['NULL instead of a value', 'UPDATE dbo.narrow SET amount = NULL WHERE id = 701', (all) => { expect(all[0]).toMatchObject({ kind: 'changed', key: { id: '701' }, columns: [{ column: 'amount', target: null }] }); }],
    ['an empty string instead of a value', "UPDATE dbo.narrow SET name = '' WHERE id = 801", (all) => { expect(all[0]).toMatchObject({ kind: 'changed', key: { id: '801' }, columns: [{ column: 'name', target: '' }] }); }],
    ['a flipped bit', 'UPDATE dbo.narrow SET flag = NOT flag WHERE id = 901', (all) => { expect(all[0]).toMatchObject({ kind: 'changed', key: { id: '901' }, columns: [{ column: 'flag' }] }); }],
    ['a value far away in the last range', 'UPDATE dbo.narrow SET code = code + 1 WHERE id = 119999', (all) => { expect(all[0]).toMatchObject({ kind: 'changed', key: { id: '119999' }, columns: [{ column: 'code' }] }); }],
  ];

  for (const [name, sql, expectDifferences] of cases) {
    it(`detects ${name}`, async () => {
      await withClient(db.url, async (client) => {
        await client.query('BEGIN');
        try {
          await client.query(sql);
          const all: Difference[] = [];
          const verdict = await verifyTable(new LanePool([new LocalLane(new SyntheticRowSource(), client)]), narrow, { level: 'rows', examplesPerTable: 5, rowsPerRange: 25_000, maxRowsInMemory: 1_000_000, onDifference: (_t, d) => all.push(d) });
          expect(verdict.status).toBe('different');
          expect(verdict.mismatchedChunks).toBe(1);
          expectDifferences(all);
        } finally {
          await client.query('ROLLBACK');
        }
      });
    });
  }

  it('the count level catches a deleted row and a wrong column type; a missing table is different', async () => {
    await withClient(db.url, async (client) => {
      await client.query('BEGIN');
      try {
        await client.query('DELETE FROM dbo.narrow WHERE id = 5; ALTER TABLE dbo.narrow ALTER COLUMN code TYPE bigint');
        const verdict = await verifyTable(new LanePool([new LocalLane(new SyntheticRowSource(), client)]), narrow, { level: 'count', examplesPerTable: 5, rowsPerRange: 25_000, maxRowsInMemory: 1_000_000, onDifference: () => undefined });
        expect(verdict.status).toBe('different');
        expect(verdict.problems).toEqual(['column code is bigint, planned integer', `row counts differ: source ${ROWS}, target ${ROWS - 1}`]);
      } finally {
        await client.query('ROLLBACK');
      }
    });
    const missing = { ...narrow, target: { schema: 'dbo', name: 'nope' } };
    expect((await verify(missing, 'count')).verdict.status).not.toBe('equal');
  });
});

describe('migrate verify while the source changes', () => {
  const db = useTestDatabase();
  const plan = syntheticPlan(30_000);
  const small = plan.tables.find((t) => t.source.name === 'small')!;

  /** Each read sees row 17 with another value, as if an application kept writing it. */
  class ChangingSource extends SyntheticRowSource {
    private reads = 0;

    override async *read(table: PlanTable, range: KeyRange): AsyncIterable<RowBatch> {
      this.reads++;
      for await (const batch of super.read(table, range)) yield batch.map((row) => (row[0] === 17 ? [row[0], `changed ${this.reads}`] : row));
    }
  }

  it('reports a range whose differences move between two reads as unverified, not as a difference', async () => {
    const pool = new pg.Pool({ connectionString: db.url });
    await applyPlanned(pool, plan, 'pre-data');
    await pool.end();
    await runCopy(plan, { kind: 'synthetic' }, { connectionString: db.url }, process.env, {
      jobs: 1, rowsPerChunk: undefined, tables: ['dbo.small'], restart: false, truncate: false, workerOnly: false, rejectsFile: '/dev/null', nul: 'reject', onError: 'stop', retrySeconds: 0, maxRejectsPerChunk: 0,
    }, () => undefined);
    const verdict = await withClient(db.url, (client) =>
      verifyTable(new LanePool([new LocalLane(new ChangingSource(), client)]), small, { level: 'rows', examplesPerTable: 5, rowsPerRange: 25_000, maxRowsInMemory: 1_000_000, onDifference: () => undefined }),
    );
    expect(verdict).toMatchObject({ status: 'unverified', sourceChanged: 1, differences: 0 });
    expect(verdict.problems).toEqual(['1 range(s) changed in the source while they were compared: verify again on a quiet source']);
    const stable = await withClient(db.url, (client) =>
      verifyTable(new LanePool([new LocalLane(new SyntheticRowSource(), client)]), small, { level: 'rows', examplesPerTable: 5, rowsPerRange: 25_000, maxRowsInMemory: 1_000_000, onDifference: () => undefined }),
    );
    expect(stable.status).toBe('equal');
  });
});

describe('migrate verify on several connection pairs at once', () => {
  const db = useTestDatabase();
  const plan = syntheticPlan(40_000);
  const narrow = plan.tables.find((t) => t.source.name === 'narrow')!;

  async function verifyOn(lanes: number): Promise<{ verdict: TableVerdict; all: Difference[] }> {
    const clients = await Promise.all(Array.from({ length: lanes }, async () => {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      return client;
    }));
    try {
      const all: Difference[] = [];
      const pool = new LanePool(clients.map((client) => new LocalLane(new SyntheticRowSource(), client)));
      const verdict = await verifyTable(pool, narrow, { level: 'rows', examplesPerTable: 3, rowsPerRange: 2_500, maxRowsInMemory: 1_000_000, onDifference: (_t, d) => all.push(d) });
      return { verdict, all };
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
  }

  it('finds the same differences, in key order, as one pair', async () => {
    const pool = new pg.Pool({ connectionString: db.url });
    await applyPlanned(pool, plan, 'pre-data');
    await runCopy(plan, { kind: 'synthetic' }, { connectionString: db.url }, process.env, {
      jobs: 1, rowsPerChunk: undefined, tables: ['dbo.narrow'], restart: false, truncate: false, workerOnly: false, rejectsFile: '/dev/null', nul: 'reject', onError: 'stop', retrySeconds: 0, maxRejectsPerChunk: 0,
    }, () => undefined);
    // Differences in the first, a middle and the last of 16 ranges.
    await pool.query("DELETE FROM dbo.narrow WHERE id IN (3, 39990); UPDATE dbo.narrow SET name = 'x' WHERE id = 20001");
    await pool.end();
    const one = await verifyOn(1);
    const four = await verifyOn(4);
    expect(one.verdict).toMatchObject({ status: 'different', chunks: 16, mismatchedChunks: 3, differences: 3 });
    expect(one.all.map((d) => `${d.kind} ${d.key.id ?? ''}`)).toEqual(['missing 3', 'changed 20001', 'missing 39990']);
    expect(four.all).toEqual(one.all);
    expect({ ...four.verdict, seconds: 0 }).toEqual({ ...one.verdict, seconds: 0 });
  });

  it('hashes a table on the target only once when the source cannot checksum it', async () => {
    class NoChecksumSource extends SyntheticRowSource {
      checksum(): Promise<undefined> {
        return Promise.resolve(undefined);
      }
    }
    await withClient(db.url, async (client) => {
      const sent: string[] = [];
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      Object.assign(client, { query: (...args: unknown[]) => (sent.push(typeof args[0] === 'string' ? args[0] : ''), query(...args)) });
      const verdict = await verifyTable(new LanePool([new LocalLane(new NoChecksumSource(), client)]), narrow, { level: 'checksum', examplesPerTable: 3, rowsPerRange: 2_500, maxRowsInMemory: 1_000_000, onDifference: () => undefined });
      expect(verdict).toMatchObject({ chunks: 16, checksummed: 0, differences: 3 });
      expect(sent.filter((text) => text.includes('md5(')).length).toBe(1);
    });
  });
});
