/**
 * Gated on MSSQL_URL: the type x edge-value fixture (test/fixtures/mssql/edge-values.sql: every type
 * the default mapping handles at NULL, minimum, maximum, zero or empty and special values) is
 * migrated with the CLI and verifies equal at every level. Then each value is changed in the target,
 * one column at a time (every row of it, NULL included), and verify must report exactly those
 * values at the checksum and rows levels; the count level, which reads no values, must report a
 * deleted row.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { RowSource } from '../../../src/copy/row-source.js';
import { openSource } from '../../../src/copy/source-config.js';
import type { Plan, PlanColumn } from '../../../src/plan/plan-model.js';
import { parseMssqlConnectionString, type MssqlConnectionSettings } from '../../../src/source/mssql/connection.js';
import { quoteIdent } from '../../../src/target/postgres/quote.js';
import { LocalLane } from '../../../src/verify/lane.js';
import { LanePool, verifyTable, type Difference, type VerifyLevel } from '../../../src/verify/verify.js';
import { migrate } from '../../support/pipeline.js';
import { hasMssql, useFixtureDatabase } from '../../support/mssql.js';
import { useTestDatabase, withClient } from '../../support/pg.js';

const ROW_IDS = ['1', '2', '3', '4', '5', '6'];

function sourceSettings(url: string): MssqlConnectionSettings {
  const parsed = parseMssqlConnectionString(url);
  return {
    host: parsed.host ?? '127.0.0.1',
    port: parsed.port,
    instance: undefined,
    database: parsed.database,
    user: parsed.user,
    password: parsed.password,
    encrypt: parsed.encrypt ?? true,
    trustServerCertificate: parsed.trustServerCertificate ?? false,
    connectTimeoutSeconds: 15,
    requestTimeoutSeconds: 0,
  };
}

/** A different value of the column's target type, whatever the value is (NULL included). */
function mutation(column: PlanColumn): string {
  const c = quoteIdent(column.target.name);
  const type = column.target.type;
  const precision = Number(/\((\d)\)/.exec(type)?.[1] ?? '6');
  const step = `interval '${10 ** (6 - precision)} microseconds'`;
  switch (column.encoder) {
    case 'bool':
      return `COALESCE(NOT ${c}, true)`;
    case 'int2':
    case 'int4':
    case 'int8':
      return `COALESCE(CASE WHEN ${c} > 0 THEN ${c} - 1 ELSE ${c} + 1 END, 7)`;
    case 'numeric': {
      // One unit of the last digit: the smallest change the column can hold, never out of its range.
      const unit = `1e-${/,(\d+)\)/.exec(type)?.[1] ?? '0'}`;
      return `COALESCE(CASE WHEN ${c} > 0 THEN ${c} - ${unit} ELSE ${c} + ${unit} END, ${unit})`;
    }
    case 'float4':
    case 'float8':
      // -0 is not 0 to verify, which compares bits.
      return `COALESCE(-${c}, 1)`;
    case 'date':
      return `COALESCE(CASE WHEN ${c} > '5000-01-01' THEN ${c} - 1 ELSE ${c} + 1 END, '2000-01-02')`;
    case 'timestamp':
    case 'timestamptz':
      return `COALESCE(CASE WHEN ${c} > '5000-01-01' THEN ${c} - ${step} ELSE ${c} + ${step} END, '2000-01-02')`;
    case 'time':
      // time + interval wraps around midnight: 24:00:00 + 1 µs is 00:00:00.000001.
      return `COALESCE(${c} + ${step}, '01:00')`;
    case 'bytea':
      return `COALESCE(CASE WHEN length(${c}) = 0 THEN '\\x00'::bytea ELSE set_byte(${c}, 0, (get_byte(${c}, 0) + 1) % 256) END, '\\x01')`;
    case 'uuid':
      return `COALESCE(CASE WHEN ${c} = '00000000-0000-0000-0000-000000000000' THEN 'ffffffff-ffff-ffff-ffff-fffffffffffe' ELSE '00000000-0000-0000-0000-000000000000' END::uuid, '00000000-0000-0000-0000-000000000000')`;
    case 'xml':
      return `COALESCE(CASE WHEN ${c}::text = '<m/>' THEN '<n/>' ELSE '<m/>' END::xml, '<m/>')`;
    default:
      // The last character replaced (lengths stay within varchar(n)); an empty value becomes 'x'.
      return `COALESCE(CASE WHEN ${c} = '' THEN 'x' ELSE left(${c}, -1) || CASE WHEN right(${c}, 1) = 'x' THEN 'y' ELSE 'x' END END, 'x')`;
  }
}

describe.runIf(hasMssql)('type x edge values from the TDS server (MSSQL_URL)', () => {
  const source = useFixtureDatabase(new URL('../../fixtures/mssql/edge-values.sql', import.meta.url));
  const target = useTestDatabase();
  let plan: Plan;
  let sourceRows: RowSource | undefined;
  afterAll(async () => {
    await sourceRows?.close();
  });

  /** Verifies the table on `client` (inside a transaction that holds a mutation, when the test made one). */
  async function verify(client: pg.ClientBase, level: VerifyLevel): Promise<{ status: string; differences: Difference[]; problems: readonly string[] }> {
    sourceRows ??= await openSource({ kind: 'mssql', connection: sourceSettings(source.url), snapshot: false });
    const table = plan.tables[0];
    if (table === undefined) throw new Error('no table planned');
    const differences: Difference[] = [];
    const verdict = await verifyTable(new LanePool([new LocalLane(sourceRows, client)]), table, {
      level,
      examplesPerTable: 10,
      rowsPerRange: 2,
      maxRowsInMemory: 1000,
      onDifference: (_t, d) => differences.push(d),
    });
    return { status: verdict.status, differences, problems: verdict.problems };
  }

  /** Runs `work` in a transaction that is rolled back: the target keeps the copied values. */
  function rolledBack<T>(work: (client: pg.ClientBase) => Promise<T>): Promise<T> {
    return withClient(target.url, async (client) => {
      await client.query('BEGIN');
      try {
        return await work(client);
      } finally {
        await client.query('ROLLBACK');
      }
    });
  }

  it('copies every edge value and verifies equal at the count, checksum and rows levels', async () => {
    plan = await migrate(source.url, target.url, mkdtempSync(join(tmpdir(), 'ms2pg-edge-')), { copy: ['--jobs', '1'], verify: ['count', 'checksum', 'rows'] });
    expect(plan.tables[0]?.columns.length).toBeGreaterThanOrEqual(source.isBabelfish ? 38 : 41);
    for (const level of ['count', 'checksum', 'rows'] as const) expect(await withClient(target.url, (client) => verify(client, level))).toEqual({ status: 'equal', differences: [], problems: [] });
  });

  it('reports every value changed in the target, column by column, at the checksum and rows levels', async () => {
    const failures: string[] = [];
    for (const column of plan.tables[0]?.columns.filter((c) => c.source.name !== 'id') ?? []) {
      await rolledBack(async (client) => {
        await client.query(`UPDATE dbo.edge SET ${quoteIdent(column.target.name)} = ${mutation(column)}`);
        for (const level of ['checksum', 'rows'] as const) {
          const { status, differences } = await verify(client, level);
          const found = differences.map((d) => `${d.kind} ${d.key.id ?? '?'} ${(d.columns ?? []).map((c) => c.column).join(',')}`);
          const expected = ROW_IDS.map((id) => `changed ${id} ${column.source.name}`);
          if (status !== 'different' || JSON.stringify(found) !== JSON.stringify(expected)) failures.push(`${column.source.name} (${column.target.type}) at ${level}: ${status}, ${JSON.stringify(found)}`);
        }
      });
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it('the count level, which reads no values, reports a deleted row', async () => {
    const verdict = await rolledBack(async (client) => {
      await client.query('DELETE FROM dbo.edge WHERE id = 4');
      return verify(client, 'count');
    });
    expect(verdict).toEqual({ status: 'different', differences: [], problems: ['row counts differ: source 6, target 5'] });
  });
});
