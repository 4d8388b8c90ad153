/**
 * `migrate demo`: the whole pipeline on a machine with no SQL Server and no PostgreSQL. It starts an
 * embedded PostgreSQL, plans the municipal example (its catalog.json was introspected from a TDS
 * server), applies pre-data, loads the example's data from the chunk files shipped beside it (written
 * by `copy --to-files`), applies post-data, proves every table against the files' manifest, writes
 * report.html, and stops the server: nothing is left running, everything is left in the project folder.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CopySummary } from '../../copy/run-copy.js';
import { MigrateError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { readPlanDirectory } from '../../plan/plan-io.js';
import { renderHtmlReport } from '../../report/html.js';
import { redact, registerSecret } from '../../secrets.js';
import { startEmbeddedPostgres } from '../../target/postgres/embedded.js';
import type { VerifyReport } from '../../verify/report.js';
import type { CommandContext, CommandDefinition, CommandOutcome } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { stagesJson, stagesTable, type StageResult } from '../stages.js';
import { applyCommand } from './apply.js';
import { copyCommand } from './copy.js';
import { planCommand } from './plan.js';
import { verifyCommand } from './verify.js';

/** The example shipped with the package: catalog, mapping overrides and exported data. */
const EXAMPLE = fileURLToPath(new URL('../../../examples/municipal/', import.meta.url));

export const demoCommand: CommandDefinition = {
  name: 'demo',
  summary: 'the whole migration of the municipal example on an embedded PostgreSQL, no servers needed (plan, apply, load, verify, report)',
  examples: ['migrate demo', 'migrate demo --project /tmp/ms2pg-demo'],
  settings: ['demo.project'],
  async run(context: CommandContext): Promise<CommandOutcome> {
    const { settings, output, cwd } = context;
    const project = resolve(cwd, settings.get('demo.project') ?? 'ms2pg-demo');
    const plan = join(project, 'plan');
    const data = join(EXAMPLE, 'data');
    output.info(t('demo.starting'));
    const server = await startEmbeddedPostgres({ purpose: 'demo-pg' });
    registerSecret(decodeURIComponent(new URL(server.url).password));
    const results: StageResult[] = [];
    const outcomes = new Map<string, CommandOutcome>();
    try {
      const target = server.url;
      const stages: { name: string; label?: string; command: CommandDefinition; settings: Parameters<typeof settings.with>[0] }[] = [
        { name: 'plan', command: planCommand, settings: { 'plan.catalog': join(EXAMPLE, 'catalog.json'), 'plan.mappings': [join(EXAMPLE, 'mappings.yaml')], 'plan.out': plan } },
        { name: 'apply pre-data', command: applyCommand, settings: { 'target.connection': target, planDir: plan, 'apply.phase': 'pre-data' } },
        { name: 'load the files', label: t('demo.stage.load'), command: copyCommand, settings: { 'target.connection': target, planDir: plan, 'copy.fromFiles': data, 'copy.rejects': join(project, 'rejects.jsonl') } },
        { name: 'apply post-data', command: applyCommand, settings: { 'target.connection': target, planDir: plan, 'apply.phase': 'post-data' } },
        { name: 'verify', command: verifyCommand, settings: { 'target.connection': target, planDir: plan, 'verify.fromFiles': data, 'verify.junit': join(project, 'verify.xml') } },
      ];
      for (const stage of stages) {
        output.info(`${output.style.bold(stage.label ?? stage.name)} ...`);
        const started = performance.now();
        const outcome = await stage.command.run({ ...context, args: [], output: output.nested(), settings: settings.with(stage.settings) });
        const seconds = (performance.now() - started) / 1000;
        if (outcome.human !== '') output.info(outcome.human);
        const label = stage.label === undefined ? {} : { label: stage.label };
        results.push(outcome.exitCode === ExitCode.Ok ? { stage: stage.name, ...label, status: 'done', seconds } : { stage: stage.name, ...label, status: 'failed', exitCode: outcome.exitCode, seconds });
        outcomes.set(stage.name, outcome);
        if (outcome.exitCode !== ExitCode.Ok) {
          throw new MigrateError('DEMO_FAILED', 'runtime', t('error.DEMO_FAILED', { stage: stage.label ?? stage.name, code: outcome.exitCode }));
        }
      }
    } finally {
      await server.stop();
    }
    const verify = outcomes.get('verify')?.json as VerifyReport;
    writeFileSync(join(project, 'report.html'), redact(renderHtmlReport(readPlanDirectory(plan), outcomes.get('load the files')?.json as CopySummary, verify)));
    const equal = verify.tables.filter((table) => table.status === 'equal').length;
    const human = [
      stagesTable(results),
      t('demo.equal', { equal, tables: verify.tables.length }),
      t('demo.where', { project }),
      `  report.html         ${t('demo.file.html')}`,
      `  plan/report.md      ${t('demo.file.report')}`,
      `  plan/pre-data.sql, plan/post-data.sql   ${t('demo.file.sql')}`,
      `  verify.xml          ${t('demo.file.junit')}`,
      t('demo.yourServers'),
      '  migrate run --source "mssql://migrator@sql01:1433/Municipal" --target postgres://pg01/municipal',
    ].join('\n');
    return { exitCode: ExitCode.Ok, json: { formatVersion: 1, project, stages: stagesJson(results), tablesEqual: equal, tables: verify.tables.length }, human };
  },
};
