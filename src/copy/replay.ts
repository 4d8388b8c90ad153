/**
 * `migrate copy --replay rejects.jsonl`: loads rejected rows after a rule or policy fix, with the
 * current plan's encoders. A file is replayed once (its digest is recorded with the rows, in one
 * transaction), so a second replay cannot duplicate rows; rows refused again go to a new file.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { STATE_SCHEMA } from '../target/postgres/state-schema.js';
import { MigrateError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Plan } from '../plan/plan-model.js';
import { copyRows } from '../target/postgres/copy-writer.js';
import type { NulPolicy } from '../target/postgres/copy-binary.js';
import { appendRejects, readRejects, rejectRecord, type RejectRecord } from './rejects.js';
import { copiedColumns } from './row-source.js';

export interface ReplayResult {
  readonly tables: readonly { table: string; rows: number; rejected: number; nulChanged: number }[];
  readonly stillRejectedFile: string | undefined;
}

export async function replayRejects(client: pg.Client, plan: Plan, file: string, nul: NulPolicy): Promise<ReplayResult> {
  const digest = createHash('sha256').update(readFileSync(file)).digest('hex');
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${STATE_SCHEMA}; CREATE TABLE IF NOT EXISTS ${STATE_SCHEMA}.replayed_rejects (sha256 text PRIMARY KEY, file text NOT NULL, rows bigint NOT NULL, replayed_at timestamptz NOT NULL DEFAULT now())`);
  const seen = await client.query(`SELECT 1 FROM ${STATE_SCHEMA}.replayed_rejects WHERE sha256 = $1`, [digest]);
  if (seen.rowCount !== 0) throw new MigrateError('REPLAY_DONE', 'usage', t('error.REPLAY_DONE', { file }));
  const stillRejected: RejectRecord[] = [];
  const tables: { table: string; rows: number; rejected: number; nulChanged: number }[] = [];
  await client.query('BEGIN');
  try {
    for (const [name, rows] of readRejects(file)) {
      const table = plan.tables.find((t) => `${t.source.schema}.${t.source.name}` === name);
      if (table === undefined) throw new MigrateError('REPLAY_TABLE_UNKNOWN', 'usage', t('error.REPLAY_TABLE_UNKNOWN', { file, table: name }));
      const columns = copiedColumns(table);
      let rejected = 0;
      let nulChanged = 0;
      async function* iterate(): AsyncIterable<readonly (readonly unknown[])[]> {
        yield await Promise.resolve(rows);
      }
      const result = await copyRows(client, { schema: table.target.schema, name: table.target.name, columns: columns.map((c) => c.target.name), encoders: columns.map((c) => c.encoder) }, iterate(), {
        nul,
        onNulChanged: () => {
          nulChanged++;
        },
        freeze: false,
        onReject: ({ row, rejection }) => {
          rejected++;
          stillRejected.push(rejectRecord(table, row, rejection.column, rejection.reason));
        },
      });
      tables.push({ table: name, rows: result.rows, rejected, nulChanged });
    }
    await client.query(`INSERT INTO ${STATE_SCHEMA}.replayed_rejects (sha256, file, rows) VALUES ($1, $2, $3)`, [digest, file, tables.reduce((n, t) => n + t.rows, 0)]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  const stillRejectedFile = stillRejected.length === 0 ? undefined : `${file.replace(/\.jsonl$/, '')}.again.jsonl`;
  if (stillRejectedFile !== undefined) appendRejects(stillRejectedFile, stillRejected);
  return { tables, stillRejectedFile };
}
