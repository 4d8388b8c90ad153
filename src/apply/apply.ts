/**
 * Executes a plan phase against PostgreSQL. pre-data runs in one transaction; post-data runs step by
 * step, statements of parallel steps concurrently (one table's statements in sequence, so two
 * ALTER TABLEs on one table never deadlock). Each statement commits together with its row in
 * ms2pg.applied_statements, so a rerun skips what is done and resumes after a failure.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import pLimit from 'p-limit';
import { MigrateError, errorMessage } from '../errors.js';
import { groupBy } from '../model/order.js';
import { PARALLEL_STEPS, type Plan, type PlanStatement } from '../plan/plan-model.js';

export const STATE_SCHEMA = 'ms2pg';

const STATE_DDL = `
CREATE SCHEMA IF NOT EXISTS ${STATE_SCHEMA};
CREATE TABLE IF NOT EXISTS ${STATE_SCHEMA}.applied_statements (
  statement_id text PRIMARY KEY,
  sql_sha256 text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  seconds double precision NOT NULL
);`;

export interface ApplyEvents {
  stepStarted(step: string, statements: number): void;
  statementDone(statement: PlanStatement, seconds: number): void;
  stepDone(step: string, seconds: number): void;
}

export interface StatementFailure {
  readonly id: string;
  readonly object: string;
  readonly sql: string;
  readonly error: string;
}

export interface ApplyResult {
  readonly phase: PlanStatement['phase'];
  readonly applied: number;
  readonly skipped: number;
  readonly failed: readonly StatementFailure[];
  readonly steps: readonly { step: string; statements: number; seconds: number }[];
  readonly seconds: number;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export async function applyPhase(pool: pg.Pool, plan: Plan, phase: PlanStatement['phase'], jobs: number, events: ApplyEvents): Promise<ApplyResult> {
  const started = performance.now();
  await pool.query(STATE_DDL);
  const done = await appliedStatements(pool);
  const statements = plan.statements.filter((s) => s.phase === phase);
  const changed = statements.filter((s) => done.has(s.id) && done.get(s.id) !== sha256(s.sql));
  if (changed.length > 0) {
    throw new MigrateError(
      'APPLY_PLAN_CHANGED',
      'usage',
      `${changed.length} statement(s) were applied from a different plan, e.g. ${changed[0]?.id ?? ''}`,
      { hint: 'apply a changed plan to a fresh database (or drop the created schemas and the ms2pg schema first)' },
    );
  }
  const pending = statements.filter((s) => !done.has(s.id));
  const skipped = statements.length - pending.length;
  const failed: StatementFailure[] = [];
  const steps: { step: string; statements: number; seconds: number }[] = [];
  if (phase === 'pre-data') {
    await runPreData(pool, pending, events, failed, steps);
  } else {
    for (const [step, list] of groupBy(pending, (s) => s.step)) {
      const stepStarted = performance.now();
      events.stepStarted(step, list.length);
      const limit = pLimit(PARALLEL_STEPS.has(step) ? jobs : 1);
      // One table's statements in order; tables in parallel.
      await Promise.all([...groupBy(list, (s) => s.object).values()].map((group) => limit(() => runInOrder(pool, group, events, failed))));
      const seconds = (performance.now() - stepStarted) / 1000;
      steps.push({ step, statements: list.length, seconds });
      events.stepDone(step, seconds);
      if (failed.length > 0) break;
    }
  }
  return { phase, applied: pending.length - failed.length - countNotRun(pending, failed, steps), skipped, failed, steps, seconds: (performance.now() - started) / 1000 };
}

/** Statements of steps that never started because an earlier step failed. */
function countNotRun(pending: readonly PlanStatement[], failed: readonly StatementFailure[], steps: readonly { step: string }[]): number {
  if (failed.length === 0) return 0;
  const ran = new Set(steps.map((s) => s.step));
  return pending.filter((s) => !ran.has(s.step)).length;
}

async function appliedStatements(pool: pg.Pool): Promise<Map<string, string>> {
  const { rows } = await pool.query<{ statement_id: string; sql_sha256: string }>(`SELECT statement_id, sql_sha256 FROM ${STATE_SCHEMA}.applied_statements`);
  return new Map(rows.map((r) => [r.statement_id, r.sql_sha256]));
}

async function record(client: pg.PoolClient, statement: PlanStatement, seconds: number): Promise<void> {
  await client.query(`INSERT INTO ${STATE_SCHEMA}.applied_statements (statement_id, sql_sha256, seconds) VALUES ($1, $2, $3)`, [statement.id, sha256(statement.sql), seconds]);
}

/** All of pre-data in one transaction: a failure leaves nothing half-created. */
async function runPreData(pool: pg.Pool, pending: readonly PlanStatement[], events: ApplyEvents, failed: StatementFailure[], steps: { step: string; statements: number; seconds: number }[]): Promise<void> {
  const client = await pool.connect();
  const started = performance.now();
  events.stepStarted('pre-data', pending.length);
  try {
    await client.query('BEGIN');
    for (const statement of pending) {
      const t0 = performance.now();
      try {
        await client.query(statement.sql);
      } catch (error) {
        failed.push({ id: statement.id, object: statement.object, sql: statement.sql, error: errorMessage(error) });
        await client.query('ROLLBACK');
        return;
      }
      const seconds = (performance.now() - t0) / 1000;
      await record(client, statement, seconds);
      events.statementDone(statement, seconds);
    }
    await client.query('COMMIT');
    const seconds = (performance.now() - started) / 1000;
    steps.push({ step: 'pre-data', statements: pending.length, seconds });
    events.stepDone('pre-data', seconds);
  } finally {
    client.release();
  }
}

async function runInOrder(pool: pg.Pool, statements: readonly PlanStatement[], events: ApplyEvents, failed: StatementFailure[]): Promise<void> {
  const client = await pool.connect();
  try {
    for (const statement of statements) {
      const t0 = performance.now();
      try {
        await client.query('BEGIN');
        await client.query(statement.sql);
        const seconds = (performance.now() - t0) / 1000;
        await record(client, statement, seconds);
        await client.query('COMMIT');
        events.statementDone(statement, seconds);
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        failed.push({ id: statement.id, object: statement.object, sql: statement.sql, error: errorMessage(error) });
        return;
      }
    }
  } finally {
    client.release();
  }
}
