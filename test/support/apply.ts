/** Applies a plan phase in-process as `migrate apply` does, from the .sql text the plan renders (unedited). */
import type pg from 'pg';
import { applyPhase, type ApplyOptions, type ApplyResult } from '../../src/apply/apply.js';
import type { Plan, PlanStatement } from '../../src/plan/plan-model.js';
import { renderPhaseSql } from '../../src/plan/render.js';
import { parseStatementFile } from '../../src/plan/statement-file.js';

export const quietEvents = { stepStarted: () => undefined, statementDone: () => undefined, stepDone: () => undefined };

export function applyPlanned(pool: pg.Pool, plan: Plan, phase: PlanStatement['phase'], options: Partial<ApplyOptions> = {}): Promise<ApplyResult> {
  const file = `${phase}.sql`;
  const reviewed = { file, statements: parseStatementFile(renderPhaseSql(plan, phase), file) };
  return applyPhase(pool, plan, phase, reviewed, { jobs: 1, skip: [], force: false, ...options }, quietEvents);
}
