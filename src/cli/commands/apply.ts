/** `migrate apply`: run the pre-data or post-data phase of a plan against PostgreSQL. */
import { resolve } from 'node:path';
import pg from 'pg';
import { applyPhase } from '../../apply/apply.js';
import { MigrateError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { readPlanDirectory, readReviewedPhase } from '../../plan/plan-io.js';
import { describePg, explainPgConnectError, pgClientConfig, pgSettingsFrom } from '../../target/postgres/connection.js';
import type { CommandContext, CommandDefinition, CommandOutcome } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { renderTable } from '../output.js';

export const applyCommand: CommandDefinition = {
  name: 'apply',
  summary: 'create the schema in PostgreSQL: --phase pre-data before the copy, --phase post-data after it (resumable)',
  examples: [
    'migrate apply --target postgres://migrator@pg01/municipal --plan plan --phase pre-data',
    'migrate apply --plan plan --phase post-data --jobs 4   # PGHOST, PGUSER, ... from the environment',
    'migrate apply --plan plan --phase post-data --skip "post-data:checks:dbo.citizen.ck_citizen_inn"',
  ],
  settings: ['target.connection', 'planDir', 'apply.phase', 'apply.jobs', 'apply.skip', 'apply.force', 'apply.allowBlockingIssues'],
  async run({ settings, env, cwd, output }: CommandContext): Promise<CommandOutcome> {
    const phase = settings.get('apply.phase');
    if (phase === undefined) throw new MigrateError('APPLY_PHASE_MISSING', 'usage', t('error.APPLY_PHASE_MISSING'));
    const dir = resolve(cwd, settings.get('planDir') ?? 'plan');
    const plan = readPlanDirectory(dir);
    const reviewed = readReviewedPhase(dir, phase);
    const blocking = plan.issues.filter((i) => i.severity === 'error');
    if (blocking.length > 0 && settings.get('apply.allowBlockingIssues') !== true) {
      throw new MigrateError('PLAN_BLOCKED', 'usage', t('error.PLAN_BLOCKED', { count: blocking.length, object: blocking[0]?.object ?? '', message: blocking[0]?.message ?? '' }), {
        hint: t('hint.PLAN_BLOCKED', { report: `${dir}/report.md` }),
      });
    }
    const connection = pgSettingsFrom(settings, env);
    const where = describePg(connection, env);
    const jobs = settings.get('apply.jobs') ?? 1;
    const pool = new pg.Pool({ ...pgClientConfig(connection), max: jobs });
    pool.on('error', () => undefined);
    try {
      await pool.query('SELECT 1').catch((error: unknown) => {
        throw explainPgConnectError(error, where);
      });
      output.info(t('apply.applying', { phase, plan: dir, where }));
      const result = await applyPhase(pool, plan, phase, reviewed, { jobs, skip: settings.get('apply.skip') ?? [], force: settings.get('apply.force') === true }, {
        stepStarted: (step, count) => {
          output.info(`  ${t('apply.step', { step, count })}`);
        },
        statementDone: (statement, seconds) => {
          output.detail(`    ${t('apply.statementDone', { id: statement.id, seconds: seconds.toFixed(2) })}`);
        },
        stepDone: () => undefined,
      });
      for (const forced of result.forced) output.warn(t('apply.forced', { reason: forced }));
      for (const id of result.edited) output.info(`  ${t('apply.edited', { file: reviewed.file, id })}`);
      for (const skipped of result.skipped) output.info(`  ${t('apply.skipped', { reason: skipped.reason, id: skipped.id })}`);
      for (const failure of result.failed) {
        output.error(`${failure.object}: ${failure.error}`);
        output.error(`${t('apply.failedStatement', { id: failure.id })}\n${failure.sql}`);
      }
      const counts = [
        t('apply.count.applied', { count: result.applied }),
        t('apply.count.alreadyApplied', { count: result.alreadyApplied }),
        t('apply.count.skipped', { count: result.skipped.length }),
        ...(result.edited.length > 0 ? [t('apply.count.edited', { count: result.edited.length })] : []),
        t('apply.count.failed', { count: result.failed.length }),
        ...(result.notRun > 0 ? [t('apply.count.notRun', { count: result.notRun })] : []),
      ];
      const human = [
        renderTable([t('apply.column.step'), t('apply.column.statements'), t('column.seconds')], result.steps.map((s) => [s.step, String(s.statements), s.seconds.toFixed(2)])),
        t('apply.summary', { counts: counts.join(', '), seconds: result.seconds.toFixed(1) }),
        result.failed.length > 0 ? t('apply.fixAndRerun') : '',
      ]
        .filter(Boolean)
        .join('\n');
      return { exitCode: result.failed.length > 0 ? ExitCode.Runtime : ExitCode.Ok, json: { formatVersion: 1, ...result }, human };
    } finally {
      await pool.end();
    }
  },
};
