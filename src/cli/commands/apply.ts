/** `migrate apply`: run the pre-data or post-data phase of a plan against PostgreSQL. */
import { resolve } from 'node:path';
import pg from 'pg';
import { applyPhase } from '../../apply/apply.js';
import { MigrateError } from '../../errors.js';
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
    if (phase === undefined) throw new MigrateError('APPLY_PHASE_MISSING', 'usage', 'give --phase pre-data or --phase post-data');
    const dir = resolve(cwd, settings.get('planDir') ?? 'plan');
    const plan = readPlanDirectory(dir);
    const reviewed = readReviewedPhase(dir, phase);
    const blocking = plan.issues.filter((i) => i.severity === 'error');
    if (blocking.length > 0 && settings.get('apply.allowBlockingIssues') !== true) {
      throw new MigrateError('PLAN_BLOCKED', 'usage', `the plan has ${blocking.length} blocking issue(s), e.g. ${blocking[0]?.object ?? ''}: ${blocking[0]?.message ?? ''}`, {
        hint: `resolve them (see ${dir}/report.md) and plan again, or pass --allow-blocking-issues`,
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
      output.info(`applying ${phase} of ${dir} to PostgreSQL ${where}`);
      const result = await applyPhase(pool, plan, phase, reviewed, { jobs, skip: settings.get('apply.skip') ?? [], force: settings.get('apply.force') === true }, {
        stepStarted: (step, count) => {
          output.info(`  ${step}: ${count} statement(s)`);
        },
        statementDone: (statement, seconds) => {
          output.detail(`    done ${statement.id} (${seconds.toFixed(2)} s)`);
        },
        stepDone: () => undefined,
      });
      for (const forced of result.forced) output.warn(`--force: post-data applied although ${forced}`);
      for (const id of result.edited) output.info(`  ran as edited in ${reviewed.file}: ${id}`);
      for (const skipped of result.skipped) output.info(`  skipped (${skipped.reason}): ${skipped.id}`);
      for (const failure of result.failed) {
        output.error(`${failure.object}: ${failure.error}`);
        output.error(`statement ${failure.id}:\n${failure.sql}`);
      }
      const counts = [
        `${result.applied} applied`,
        `${result.alreadyApplied} already applied`,
        `${result.skipped.length} skipped`,
        ...(result.edited.length > 0 ? [`${result.edited.length} as edited`] : []),
        `${result.failed.length} failed`,
        ...(result.notRun > 0 ? [`${result.notRun} not run`] : []),
      ];
      const human = [
        renderTable(['step', 'statements', 'seconds'], result.steps.map((s) => [s.step, String(s.statements), s.seconds.toFixed(2)])),
        `${counts.join(', ')} in ${result.seconds.toFixed(1)} s`,
        result.failed.length > 0 ? 'fix the cause (or leave the statement out with --skip ID) and run the same command again: applied statements are skipped' : '',
      ]
        .filter(Boolean)
        .join('\n');
      return { exitCode: result.failed.length > 0 ? ExitCode.Runtime : ExitCode.Ok, json: { formatVersion: 1, ...result }, human };
    } finally {
      await pool.end();
    }
  },
};
