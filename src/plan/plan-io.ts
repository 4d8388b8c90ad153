/** The plan directory: plan.json (validated on load) and the rendered SQL and report. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MigrateError } from '../errors.js';
import { Plan, PLAN_FORMAT_VERSION, type PlanStatement } from './plan-model.js';
import { renderManualSql, renderPhaseSql, renderReport } from './render.js';
import { parseStatementFile, type ReviewedPhase } from './statement-file.js';

export const PLAN_FILES = ['plan.json', 'pre-data.sql', 'post-data.sql', 'manual.sql', 'report.md'] as const;

export function renderPlanFiles(plan: Plan): Record<(typeof PLAN_FILES)[number], string> {
  return {
    'plan.json': `${JSON.stringify(Plan.parse(plan), null, 2)}\n`,
    'pre-data.sql': renderPhaseSql(plan, 'pre-data'),
    'post-data.sql': renderPhaseSql(plan, 'post-data'),
    'manual.sql': renderManualSql(plan),
    'report.md': renderReport(plan),
  };
}

export function writePlanDirectory(dir: string, plan: Plan): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(renderPlanFiles(plan))) writeFileSync(join(dir, name), text, 'utf8');
}

/** The phase's .sql file as the DBA left it: what `migrate apply` runs. */
export function readReviewedPhase(dir: string, phase: PlanStatement['phase']): ReviewedPhase {
  const file = join(dir, `${phase}.sql`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found (run migrate plan again to write it)' : (error as Error).message;
    throw new MigrateError('PLAN_UNREADABLE', 'usage', `${file}: ${reason}`);
  }
  return { file, statements: parseStatementFile(text, file) };
}

export function readPlanDirectory(dir: string): Plan {
  const path = join(dir, 'plan.json');
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found (run migrate plan first)' : (error as Error).message;
    throw new MigrateError('PLAN_UNREADABLE', 'usage', `${path}: ${reason}`);
  }
  const version = (data as { formatVersion?: unknown } | null)?.formatVersion;
  if (version !== PLAN_FORMAT_VERSION) {
    throw new MigrateError('PLAN_VERSION', 'usage', `${path}: formatVersion ${JSON.stringify(version)} is not supported (this ms2pg reads ${PLAN_FORMAT_VERSION})`);
  }
  const parsed = Plan.safeParse(data);
  if (!parsed.success) {
    throw new MigrateError('PLAN_MALFORMED', 'usage', parsed.error.issues.slice(0, 10).map((i) => `${path}: $.${i.path.join('.')}: ${i.message}`).join('\n'));
  }
  return parsed.data;
}
