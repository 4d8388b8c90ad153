/** The plan directory: plan.json (validated on load) and the rendered SQL and report. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MigrateError } from '../errors.js';
import { t } from '../i18n/index.js';
import { readVersionedJson } from '../json-file.js';
import { readTextFile } from '../text-file.js';
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
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    // The path (or a folder on it) is a file: the user named the wrong place.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') throw new MigrateError('PLAN_OUT_NOT_DIRECTORY', 'usage', t('error.PLAN_OUT_NOT_DIRECTORY', { dir }), { hint: t('hint.PLAN_OUT_NOT_DIRECTORY') });
    throw error;
  }
  for (const [name, text] of Object.entries(renderPlanFiles(plan))) writeFileSync(join(dir, name), text, 'utf8');
}

/** The phase's .sql file as the DBA left it: what `migrate apply` runs. */
export function readReviewedPhase(dir: string, phase: PlanStatement['phase']): ReviewedPhase {
  const file = join(dir, `${phase}.sql`);
  const text = readTextFile(file, { code: 'PLAN_UNREADABLE', notFound: t('error.PLAN_UNREADABLE.sqlNotFound') });
  return { file, statements: parseStatementFile(text, file) };
}

export function readPlanDirectory(dir: string): Plan {
  return readVersionedJson(join(dir, 'plan.json'), Plan, { codePrefix: 'PLAN', formatVersion: PLAN_FORMAT_VERSION, notFound: t('error.PLAN_UNREADABLE.notFound') });
}
