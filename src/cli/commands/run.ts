/**
 * `migrate run`: introspect -> plan -> apply pre-data -> copy -> apply post-data -> verify, with
 * every artifact in one project folder. Each stage is the subcommand itself, given settings that
 * place its artifacts in the project; finished stages are recorded in run-state.json, so a second
 * invocation after a failure resumes from the first unfinished stage (copy and apply are resumable
 * within themselves too).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Settings } from '../../config/load.js';
import { redact, redactJson } from '../../secrets.js';
import type { CopySummary } from '../../copy/run-copy.js';
import { readPlanDirectory } from '../../plan/plan-io.js';
import { renderHtmlReport } from '../../report/html.js';
import type { VerifyReport } from '../../verify/report.js';
import { SOURCE_FLAGS } from '../../config/settings.js';
import type { CommandContext, CommandDefinition, CommandOutcome } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { t } from '../../i18n/index.js';
import { stagesJson, stagesTable, type StageResult } from '../stages.js';
import { applyCommand } from './apply.js';
import { copyCommand } from './copy.js';
import { introspectCommand } from './introspect.js';
import { planCommand } from './plan.js';
import { verifyCommand, verifyStatusWord } from './verify.js';

interface Stage {
  readonly name: string;
  readonly command: CommandDefinition;
  readonly settings: (project: string, settings: Settings) => Settings;
}

const STAGES: readonly Stage[] = [
  { name: 'introspect', command: introspectCommand, settings: (p, s) => s.with({ 'introspect.out': join(p, 'catalog.json') }) },
  { name: 'plan', command: planCommand, settings: (p, s) => s.with({ 'plan.catalog': join(p, 'catalog.json'), 'plan.out': join(p, 'plan') }) },
  { name: 'apply pre-data', command: applyCommand, settings: (p, s) => s.with({ planDir: join(p, 'plan'), 'apply.phase': 'pre-data' }) },
  { name: 'copy', command: copyCommand, settings: (p, s) => s.with({ planDir: join(p, 'plan'), 'copy.rejects': join(p, 'rejects.jsonl') }) },
  { name: 'apply post-data', command: applyCommand, settings: (p, s) => s.with({ planDir: join(p, 'plan'), 'apply.phase': 'post-data' }) },
  { name: 'verify', command: verifyCommand, settings: (p, s) => s.with({ planDir: join(p, 'plan'), 'verify.junit': join(p, 'verify.xml'), 'verify.diff': join(p, 'differences.jsonl') }) },
];

interface RunState {
  readonly formatVersion: 1;
  readonly done: Record<string, { readonly at: string; readonly seconds: number; readonly result: unknown }>;
}

interface RunSummary {
  readonly statementsApplied: number;
  readonly rowsCopied: number | undefined;
  readonly rowsPerSecond: number | undefined;
  readonly rejected: number | undefined;
  readonly verification: VerifyReport['status'] | undefined;
  readonly tables: number;
  readonly tablesEqual: number | undefined;
  readonly verificationByTable: readonly { table: string; status: string }[];
  readonly declaredLosses: number;
  readonly manualItems: number;
  readonly seconds: number;
}

/** The one final screen: what was created, copied, verified, lost and left to do. */
function runSummary(project: string, state: RunState, seconds: number): RunSummary {
  const plan = existsSync(join(project, 'plan', 'plan.json')) ? readPlanDirectory(join(project, 'plan')) : undefined;
  const applied = ['apply pre-data', 'apply post-data'].reduce((n, stage) => n + ((state.done[stage]?.result as { applied?: number } | undefined)?.applied ?? 0), 0);
  const copy = state.done.copy?.result as CopySummary | undefined;
  const verify = state.done.verify?.result as VerifyReport | undefined;
  const rowsCopied = copy?.tables.reduce((n, t) => n + t.rows, 0);
  return {
    statementsApplied: applied,
    rowsCopied,
    rowsPerSecond: copy === undefined || rowsCopied === undefined || copy.seconds === 0 ? undefined : Math.round(rowsCopied / copy.seconds),
    rejected: copy?.rejected,
    verification: verify?.status,
    tables: plan?.tables.length ?? 0,
    tablesEqual: verify?.tables.filter((t) => t.status === 'equal').length,
    verificationByTable: verify?.tables.map((t) => ({ table: t.table, status: t.status })) ?? [],
    declaredLosses: plan?.tables.reduce((n, t) => n + t.columns.filter((c) => c.losses.length > 0).length, 0) ?? 0,
    manualItems: plan?.manual.length ?? 0,
    seconds,
  };
}

/** report.html from the plan and, when they ran, the copy and verify results. */
function writeHtmlReport(project: string, state: RunState): void {
  const planFile = join(project, 'plan');
  if (!existsSync(join(planFile, 'plan.json'))) return;
  const copy = state.done.copy?.result as CopySummary | undefined;
  const verify = state.done.verify?.result as VerifyReport | undefined;
  writeFileSync(join(project, 'report.html'), redact(renderHtmlReport(readPlanDirectory(planFile), copy, verify)));
}

function readState(path: string): RunState {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as RunState) : { formatVersion: 1, done: {} };
}

export const runCommand: CommandDefinition = {
  name: 'run',
  summary: 'run every stage in order, keeping all artifacts in one project folder; rerun to resume',
  examples: ['migrate run --config migrate.config.yaml --project municipal', 'migrate run --source "mssql://migrator@sql01/Municipal" --target postgres://pg01/municipal --dry-run'],
  settings: [...SOURCE_FLAGS, 'target.connection', 'run.project', 'run.dryRun', 'plan.mappings', 'plan.identifiers', 'copy.jobs', 'copy.truncate', 'retrySeconds', 'apply.allowBlockingIssues', 'verify.level'],
  async run(context: CommandContext): Promise<CommandOutcome> {
    const { settings, output, cwd } = context;
    const project = resolve(cwd, settings.get('run.project') ?? 'migration');
    mkdirSync(project, { recursive: true });
    const statePath = join(project, 'run-state.json');
    const state = readState(statePath);
    const dryRun = settings.get('run.dryRun') === true;
    const started = performance.now();
    const results: StageResult[] = [];
    for (const stage of STAGES) {
      if (dryRun && stage.name === 'apply pre-data') break;
      const previous = state.done[stage.name];
      if (previous !== undefined) {
        output.info(t('run.doneEarlier', { stage: stage.name, at: previous.at }));
        results.push({ stage: stage.name, status: 'done earlier', seconds: previous.seconds });
        continue;
      }
      output.info(`${output.style.bold(stage.name)} ...`);
      const t0 = performance.now();
      const outcome = await stage.command.run({ ...context, args: [], output: output.nested(), settings: stage.settings(project, settings) });
      const seconds = (performance.now() - t0) / 1000;
      if (outcome.human !== '') output.info(outcome.human);
      const blocked = stage.name === 'plan' && outcome.exitCode === ExitCode.Incomplete && settings.get('apply.allowBlockingIssues') !== true;
      if (outcome.exitCode !== ExitCode.Ok && !(stage.name === 'plan' && !blocked)) {
        results.push(blocked ? { stage: stage.name, status: 'blocking issues', seconds } : { stage: stage.name, status: 'failed', exitCode: outcome.exitCode, seconds });
        output.warn(blocked ? t('run.stoppedBlocked', { stage: stage.name, report: join(project, 'plan', 'report.md') }) : t('run.stopped', { stage: stage.name }));
        writeHtmlReport(project, state);
        return { exitCode: outcome.exitCode, json: { formatVersion: 1, project, stopped: stage.name, stages: stagesJson(results) }, human: stagesTable(results) };
      }
      state.done[stage.name] = { at: new Date().toISOString(), seconds, result: outcome.json };
      // Stage results can quote driver messages: the file goes through the redactor like any output.
      writeFileSync(statePath, `${JSON.stringify(redactJson(state), null, 2)}\n`);
      results.push({ stage: stage.name, status: 'done', seconds });
    }
    const seconds = (performance.now() - started) / 1000;
    writeHtmlReport(project, state);
    const summary = runSummary(project, state, seconds);
    const copied = { rows: summary.rowsCopied ?? '-', rejected: summary.rejected ?? '-' };
    const human = [
      stagesTable(results),
      dryRun
        ? t('run.dryRun', { project, report: join(project, 'plan', 'report.md') })
        : [
            t('run.summary.created', { count: summary.statementsApplied }),
            summary.rowsPerSecond === undefined ? t('run.summary.copied', copied) : t('run.summary.copiedRate', { ...copied, rate: summary.rowsPerSecond }),
            summary.verification === undefined
              ? t('run.summary.notVerified')
              : t('run.summary.verified', { status: verifyStatusWord(summary.verification), equal: summary.tablesEqual ?? 0, tables: summary.tables }),
            t('run.summary.losses', { losses: summary.declaredLosses, manual: summary.manualItems }),
            t('run.summary.artifacts', { project, seconds: seconds.toFixed(1) }),
          ].join('\n'),
    ].join('\n');
    return { exitCode: ExitCode.Ok, json: { formatVersion: 1, project, dryRun, stages: stagesJson(results), summary }, human };
  },
};
