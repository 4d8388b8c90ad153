/**
 * Executes a plan phase against PostgreSQL: the statements of the reviewed pre-data.sql or
 * post-data.sql (src/plan/statement-file.ts), with plan.json giving each its step and object.
 * pre-data runs in one transaction; post-data runs step by step, statements of parallel steps
 * concurrently (one table's statements in sequence, so two ALTER TABLEs on one table never
 * deadlock). Each statement commits together with its row in ms2pg_state.applied_statements, so a
 * rerun skips what is done and resumes after a failure; a statement left out (--skip, or deleted
 * from the file) is recorded as skipped.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import pLimit from 'p-limit';
import { copyCompleteness } from '../copy/queue.js';
import { MigrateError, errorMessage } from '../errors.js';
import { t } from '../i18n/index.js';
import { groupBy } from '../model/order.js';
import { PARALLEL_STEPS, type Plan, type PlanStatement } from '../plan/plan-model.js';
import { trimStatement, type ReviewedPhase } from '../plan/statement-file.js';
import { checkTargetSchema } from '../target/postgres/schema-check.js';
import { STATE_SCHEMA } from '../target/postgres/state-schema.js';

const STATE_DDL = `
CREATE SCHEMA IF NOT EXISTS ${STATE_SCHEMA};
CREATE TABLE IF NOT EXISTS ${STATE_SCHEMA}.applied_statements (
  statement_id text PRIMARY KEY,
  status text NOT NULL CHECK (status IN ('applied', 'skipped')),
  sql_sha256 text NOT NULL,
  reason text,
  applied_at timestamptz NOT NULL DEFAULT now(),
  seconds double precision NOT NULL
);`;

export interface ApplyEvents {
  stepStarted(step: string, statements: number): void;
  statementDone(statement: PlanStatement, seconds: number): void;
  stepDone(step: string, seconds: number): void;
}

export interface ApplyOptions {
  readonly jobs: number;
  /** Ids of statements not to run this time (recorded as skipped). */
  readonly skip: readonly string[];
  /** post-data: run although the copy has not finished (reported). */
  readonly force: boolean;
}

export interface StatementFailure {
  readonly id: string;
  readonly object: string;
  readonly sql: string;
  readonly error: string;
}

export interface SkippedStatement {
  readonly id: string;
  readonly object: string;
  readonly reason: string;
}

export interface ApplyResult {
  readonly phase: PlanStatement['phase'];
  /** Statements run and committed by this run. */
  readonly applied: number;
  readonly alreadyApplied: number;
  readonly skipped: readonly SkippedStatement[];
  /** Ids of statements run as edited in the reviewed file (they differ from plan.json). */
  readonly edited: readonly string[];
  readonly failed: readonly StatementFailure[];
  /** Statements not attempted because an earlier one failed. */
  readonly notRun: number;
  /** What --force let pass (post-data on an unfinished copy). */
  readonly forced: readonly string[];
  readonly steps: readonly { step: string; statements: number; seconds: number }[];
  readonly seconds: number;
}

interface Runnable {
  readonly statement: PlanStatement;
  /** The text that runs: the reviewed file's. */
  readonly sql: string;
}

interface RecordedState {
  readonly status: 'applied' | 'skipped';
  readonly sha256: string;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export async function applyPhase(pool: pg.Pool, plan: Plan, phase: PlanStatement['phase'], reviewed: ReviewedPhase, options: ApplyOptions, events: ApplyEvents): Promise<ApplyResult> {
  const started = performance.now();
  const statements = plan.statements.filter((s) => s.phase === phase);
  checkReviewedIds(statements, reviewed, options.skip);
  await pool.query(STATE_DDL);
  const state = await recordedState(pool);
  const forced = phase === 'post-data' ? await checkPostDataPreconditions(pool, plan, state, options.force) : [];

  const skipped: SkippedStatement[] = [];
  const edited: string[] = [];
  const pending: Runnable[] = [];
  const changed: string[] = [];
  let alreadyApplied = 0;
  const flagged = new Set(options.skip);
  for (const statement of statements) {
    const sql = reviewed.statements.get(statement.id)?.sql ?? '';
    if (flagged.has(statement.id) || sql === '') {
      skipped.push({ id: statement.id, object: statement.object, reason: flagged.has(statement.id) ? '--skip' : t('apply.leftOut', { file: reviewed.file }) });
      continue;
    }
    const recorded = state.get(statement.id);
    if (recorded?.status === 'applied') {
      if (recorded.sha256 === sha256(sql)) alreadyApplied++;
      else changed.push(statement.id);
      continue;
    }
    if (sql !== trimStatement(statement.sql)) edited.push(statement.id);
    pending.push({ statement, sql });
  }
  if (changed.length > 0) {
    throw new MigrateError('APPLY_PLAN_CHANGED', 'usage', t('error.APPLY_PLAN_CHANGED', { count: changed.length, file: reviewed.file, example: changed[0] ?? '' }), {
      hint: t('hint.APPLY_PLAN_CHANGED', { schema: STATE_SCHEMA }),
    });
  }
  if (phase === 'pre-data') await refuseForeignTables(pool, plan, pending);
  await recordSkipped(pool, skipped, statements);

  const failed: StatementFailure[] = [];
  const steps: { step: string; statements: number; seconds: number }[] = [];
  let applied = 0;
  const done = (statement: PlanStatement, seconds: number): void => {
    applied++;
    events.statementDone(statement, seconds);
  };
  const counted: ApplyEvents = { ...events, statementDone: done };
  if (phase === 'pre-data') {
    await runPreData(pool, pending, counted, failed, steps);
  } else {
    for (const [step, list] of groupBy(pending, (s) => s.statement.step)) {
      const stepStarted = performance.now();
      events.stepStarted(step, list.length);
      const limit = pLimit(PARALLEL_STEPS.has(step) ? options.jobs : 1);
      // One table's statements in order; tables in parallel.
      await Promise.all([...groupBy(list, (s) => s.statement.object).values()].map((group) => limit(() => runInOrder(pool, group, counted, failed))));
      const seconds = (performance.now() - stepStarted) / 1000;
      steps.push({ step, statements: list.length, seconds });
      events.stepDone(step, seconds);
      if (failed.length > 0) break;
    }
  }
  return {
    phase,
    applied,
    alreadyApplied,
    skipped,
    edited,
    failed,
    notRun: pending.length - applied - failed.length,
    forced,
    steps,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Every id in the file and in --skip must be a statement of this phase of the plan. */
function checkReviewedIds(statements: readonly PlanStatement[], reviewed: ReviewedPhase, skip: readonly string[]): void {
  const ids = new Set(statements.map((s) => s.id));
  for (const [id, entry] of reviewed.statements) {
    if (!ids.has(id)) {
      throw new MigrateError('APPLY_UNKNOWN_STATEMENT', 'usage', t('error.APPLY_UNKNOWN_STATEMENT.file', { file: reviewed.file, line: entry.line, id }), {
        hint: t('hint.APPLY_UNKNOWN_STATEMENT.file'),
      });
    }
  }
  const unknown = skip.filter((id) => !ids.has(id));
  if (unknown.length > 0) {
    throw new MigrateError('APPLY_UNKNOWN_STATEMENT', 'usage', t('error.APPLY_UNKNOWN_STATEMENT.skip', { id: unknown[0] ?? '', file: reviewed.file }), {
      hint: t('hint.APPLY_UNKNOWN_STATEMENT.skip', { file: reviewed.file }),
    });
  }
}

async function recordedState(pool: pg.Pool): Promise<Map<string, RecordedState>> {
  const { rows } = await pool.query<{ statement_id: string; status: 'applied' | 'skipped'; sql_sha256: string }>(`SELECT statement_id, status, sql_sha256 FROM ${STATE_SCHEMA}.applied_statements`);
  return new Map(rows.map((r) => [r.statement_id, { status: r.status, sha256: r.sql_sha256 }]));
}

/**
 * post-data needs pre-data done (else every statement fails on a missing table) and, unless
 * forced, a finished copy: keys and indexes built on half-copied tables slow the rest of the copy,
 * and identity restarts would be computed from rows that are not all there.
 */
async function checkPostDataPreconditions(pool: pg.Pool, plan: Plan, state: ReadonlyMap<string, RecordedState>, force: boolean): Promise<string[]> {
  const preData = plan.statements.filter((s) => s.phase === 'pre-data');
  const preDone = preData.filter((s) => state.has(s.id)).length;
  if (preDone < preData.length) {
    throw new MigrateError('APPLY_PRE_DATA_MISSING', 'usage', t('error.APPLY_PRE_DATA_MISSING', { done: preDone, total: preData.length }), {
      hint: t('hint.APPLY_PRE_DATA_MISSING'),
    });
  }
  const copy = await copyCompleteness(pool, plan.tables);
  const unfinished = [
    ...copy.unfinished.map((table) => t('apply.copyUnfinished', { table: table.tableKey, pending: table.pending, failed: table.failed })),
    ...(copy.queued ? copy.notQueued.map((table) => t('apply.notCopied', { table })) : []),
  ];
  if (unfinished.length === 0) return [];
  if (!force) {
    const shown = unfinished.slice(0, 5).join('; ');
    throw new MigrateError(
      'APPLY_COPY_UNFINISHED',
      'usage',
      unfinished.length > 5 ? t('error.APPLY_COPY_UNFINISHED.more', { tables: shown, more: unfinished.length - 5 }) : t('error.APPLY_COPY_UNFINISHED', { tables: shown }),
      { hint: t('hint.APPLY_COPY_UNFINISHED') },
    );
  }
  return unfinished;
}

/** pre-data creates tables IF NOT EXISTS: one that already exists must be exactly the planned table, or apply stops. */
async function refuseForeignTables(pool: pg.Pool, plan: Plan, pending: readonly Runnable[]): Promise<void> {
  const creating = new Set(pending.filter((r) => r.statement.step === 'tables').map((r) => r.statement.object));
  const tables = plan.tables.filter((t) => creating.has(`${t.target.schema}.${t.target.name}`));
  if (tables.length === 0) return;
  const { rows } = await pool.query<{ schema: string; name: string; relkind: string }>(
    `SELECT n.nspname AS schema, c.relname AS name, c.relkind::text AS relkind
     FROM unnest($1::text[], $2::text[]) AS wanted(schema, name)
     JOIN pg_namespace n ON n.nspname = wanted.schema JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = wanted.name`,
    [tables.map((t) => t.target.schema), tables.map((t) => t.target.name)],
  );
  if (rows.length === 0) return;
  const byName = new Map(tables.map((t) => [`${t.target.schema}.${t.target.name}`, t]));
  const differences: string[] = [];
  const client = await pool.connect();
  try {
    for (const row of rows) {
      const key = `${row.schema}.${row.name}`;
      const table = byName.get(key);
      if (table === undefined) continue;
      if (row.relkind !== 'r' && row.relkind !== 'p') {
        differences.push(t('apply.notATable', { table: key, relkind: row.relkind }));
        continue;
      }
      const problems = await checkTargetSchema(client, table, { extraColumns: true });
      if (problems.length > 0) differences.push(t('apply.otherShape', { table: key, problems: problems.join('; ') }));
    }
  } finally {
    client.release();
  }
  if (differences.length > 0) {
    throw new MigrateError('APPLY_TABLE_EXISTS', 'usage', t('error.APPLY_TABLE_EXISTS', { tables: differences.join('\n  ') }), {
      hint: t('hint.APPLY_TABLE_EXISTS'),
    });
  }
}

async function recordSkipped(pool: pg.Pool, skipped: readonly SkippedStatement[], statements: readonly PlanStatement[]): Promise<void> {
  if (skipped.length === 0) return;
  const sqlOf = new Map(statements.map((s) => [s.id, s.sql]));
  await pool.query(
    `INSERT INTO ${STATE_SCHEMA}.applied_statements (statement_id, status, sql_sha256, reason, seconds)
     SELECT id, 'skipped', digest, reason, 0 FROM unnest($1::text[], $2::text[], $3::text[]) AS s(id, digest, reason)
     ON CONFLICT (statement_id) DO UPDATE SET reason = EXCLUDED.reason, applied_at = now() WHERE ${STATE_SCHEMA}.applied_statements.status = 'skipped'`,
    [skipped.map((s) => s.id), skipped.map((s) => sha256(sqlOf.get(s.id) ?? '')), skipped.map((s) => s.reason)],
  );
}

async function record(client: pg.PoolClient, runnable: Runnable, seconds: number): Promise<void> {
  await client.query(
    `INSERT INTO ${STATE_SCHEMA}.applied_statements (statement_id, status, sql_sha256, seconds) VALUES ($1, 'applied', $2, $3)
     ON CONFLICT (statement_id) DO UPDATE SET status = 'applied', sql_sha256 = EXCLUDED.sql_sha256, reason = NULL, applied_at = now(), seconds = EXCLUDED.seconds`,
    [runnable.statement.id, sha256(runnable.sql), seconds],
  );
}

const failure = (runnable: Runnable, error: unknown): StatementFailure => ({ id: runnable.statement.id, object: runnable.statement.object, sql: runnable.sql, error: errorMessage(error) });

/** All of pre-data in one transaction: a failure leaves nothing half-created (and nothing counted as applied). */
async function runPreData(pool: pg.Pool, pending: readonly Runnable[], events: ApplyEvents, failed: StatementFailure[], steps: { step: string; statements: number; seconds: number }[]): Promise<void> {
  const client = await pool.connect();
  const started = performance.now();
  events.stepStarted('pre-data', pending.length);
  const ran: { statement: PlanStatement; seconds: number }[] = [];
  try {
    await client.query('BEGIN');
    for (const runnable of pending) {
      const t0 = performance.now();
      try {
        await client.query(runnable.sql);
      } catch (error) {
        failed.push(failure(runnable, error));
        await client.query('ROLLBACK');
        return;
      }
      const seconds = (performance.now() - t0) / 1000;
      await record(client, runnable, seconds);
      ran.push({ statement: runnable.statement, seconds });
    }
    await client.query('COMMIT');
    for (const { statement, seconds } of ran) events.statementDone(statement, seconds);
    const seconds = (performance.now() - started) / 1000;
    steps.push({ step: 'pre-data', statements: pending.length, seconds });
    events.stepDone('pre-data', seconds);
  } finally {
    client.release();
  }
}

async function runInOrder(pool: pg.Pool, runnables: readonly Runnable[], events: ApplyEvents, failed: StatementFailure[]): Promise<void> {
  const client = await pool.connect();
  try {
    for (const runnable of runnables) {
      const t0 = performance.now();
      try {
        await client.query('BEGIN');
        await client.query(runnable.sql);
        const seconds = (performance.now() - t0) / 1000;
        await record(client, runnable, seconds);
        await client.query('COMMIT');
        events.statementDone(runnable.statement, seconds);
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        failed.push(failure(runnable, error));
        return;
      }
    }
  } finally {
    client.release();
  }
}
