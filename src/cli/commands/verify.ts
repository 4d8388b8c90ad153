/** `migrate verify`: prove the copy; CI gates the cut-over on the exit code. */
import { appendFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import cliProgress from 'cli-progress';
import pLimit from 'p-limit';
import { selectTables } from '../../copy/run-copy.js';
import { SOURCE_FLAGS } from '../../config/settings.js';
import { MigrateError } from '../../errors.js';
import { t, type MessageKey } from '../../i18n/index.js';
import { readPlanDirectory } from '../../plan/plan-io.js';
import { mssqlSettingsFrom } from '../../source/mssql/connection.js';
import pg from 'pg';
import type { Settings } from '../../config/load.js';
import type { PlanTable } from '../../plan/plan-model.js';
import { describePg, explainPgConnectError, pgClientConfig, pgSettingsFrom } from '../../target/postgres/connection.js';
import { verifyFromFiles } from '../../verify/from-files.js';
import { junitXml, overallStatus, type VerifyReport } from '../../verify/report.js';
import { openLanes } from '../../verify/thread-lane.js';
import { LanePool, verifyTable, type Difference, type TableVerdict, type VerifyLevel } from '../../verify/verify.js';
import type { CommandContext, CommandDefinition, CommandOutcome } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { BAR_TOKENS, renderTable, type Output } from '../output.js';

export const verifyCommand: CommandDefinition = {
  name: 'verify',
  summary: 'prove the copy: counts and schema, chunk checksums in both databases, or every row compared (exit 0 equal, 1 different, 2 unverified)',
  examples: [
    'migrate verify --plan plan --source "mssql://migrator@sql01/Municipal" --target postgres://pg01/municipal --junit verify.xml',
    'migrate verify --plan plan --level count --json > verify.json',
    'migrate verify --plan plan --target postgres://pg01/municipal --from-files /media/transfer   # no source: against the export',
  ],
  settings: [...SOURCE_FLAGS, 'target.connection', 'planDir', 'verify.level', 'verify.jobs', 'verify.tables', 'verify.fromFiles', 'verify.junit', 'verify.diff', 'retrySeconds'],
  async run({ settings, env, cwd, output }: CommandContext): Promise<CommandOutcome> {
    const level = settings.get('verify.level') ?? 'checksum';
    // Against files there is one way to prove a range (the source's digests, else the files' checksums).
    if (settings.get('verify.fromFiles') !== undefined && settings.origin('verify.level') !== 'default') {
      throw new MigrateError('VERIFY_LEVEL_FILES', 'usage', t('error.VERIFY_LEVEL_FILES', { level }));
    }
    const plan = readPlanDirectory(resolve(cwd, settings.get('planDir') ?? 'plan'));
    const tables = selectTables(plan, settings.get('verify.tables') ?? []);
    const diffFile = settings.get('verify.diff');
    if (diffFile !== undefined) writeFileSync(resolve(cwd, diffFile), '');
    const started = performance.now();
    const jobs = Math.max(1, settings.get('verify.jobs') ?? 1);
    const onDifference = (name: string, difference: Difference): void => {
      if (diffFile !== undefined) appendFileSync(resolve(cwd, diffFile), `${JSON.stringify({ table: name, ...difference })}\n`);
    };
    const fromFiles = settings.get('verify.fromFiles');
    const progress = new VerifyProgress(output, tables.length);
    let verdicts: TableVerdict[];
    try {
      verdicts =
        fromFiles === undefined
          ? await verifyAgainstSource(settings, env, tables, jobs, level, onDifference, progress, output)
          : await verifyAgainstFiles(settings, env, tables, jobs, resolve(cwd, fromFiles), onDifference, progress, output);
    } finally {
      progress.stop();
    }
    const report: VerifyReport = {
      formatVersion: 1,
      level: fromFiles === undefined ? level : 'checksum',
      status: overallStatus(verdicts),
      tables: verdicts,
      declaredLosses: tables.flatMap((t) => t.columns.flatMap((c) => c.losses.map((loss) => ({ column: `${t.source.schema}.${t.source.name}.${c.source.name}`, loss })))),
      seconds: (performance.now() - started) / 1000,
    };
    const junit = settings.get('verify.junit');
    if (junit !== undefined) writeFileSync(resolve(cwd, junit), junitXml(report));
    output.info(
      renderTable(
        [t('column.table'), t('verify.column.sourceRows'), t('verify.column.targetRows'), t('verify.column.level'), t('column.status'), t('verify.column.differences'), t('column.seconds')],
        verdicts.map((v) => [v.table, String(v.sourceRows ?? '?'), String(v.targetRows ?? '?'), v.level, tableStatus(v.status), String(v.differences), v.seconds.toFixed(1)]),
      ),
    );
    for (const v of verdicts) for (const problem of v.problems) output.warn(`${v.table}: ${problem}`);
    if (fromFiles !== undefined) {
      const proven = verdicts.reduce((n, v) => n + (v.againstSource ?? 0), 0);
      output.info(t('verify.againstSource', { proven, ranges: verdicts.reduce((n, v) => n + v.checksummed + v.mismatchedChunks, 0) }));
    }
    const exitCode = report.status === 'equal' ? ExitCode.Ok : report.status === 'different' ? ExitCode.Differences : ExitCode.Incomplete;
    const summary = { status: verifyStatusWord(report.status), equal: verdicts.filter((v) => v.status === 'equal').length, tables: verdicts.length, level: report.level };
    return { exitCode, json: report, human: fromFiles === undefined ? t('verify.summary', summary) : t('verify.summaryFiles', { ...summary, dir: fromFiles }) };
  },
};

/** A table's verdict in the human table: equal quietly, anything else loudly. */
const TABLE_STATUS: Readonly<Record<TableVerdict['status'], MessageKey>> = { equal: 'verify.status.equal', different: 'verify.status.different', unverified: 'verify.status.unverified' };
const tableStatus = (status: TableVerdict['status']): string => t(TABLE_STATUS[status]);

/** The whole run's verdict, as the summary line opens with it (and `migrate run` reports it). */
const OVERALL_STATUS: Readonly<Record<VerifyReport['status'], MessageKey>> = { equal: 'verify.overall.equal', different: 'verify.overall.different', unverified: 'verify.overall.unverified' };
export const verifyStatusWord = (status: VerifyReport['status']): string => t(OVERALL_STATUS[status]);

type OnDifference = (table: string, difference: Difference) => void;

async function verifyAgainstSource(settings: Settings, env: NodeJS.ProcessEnv, tables: readonly PlanTable[], jobs: number, level: VerifyLevel, onDifference: OnDifference, progress: VerifyProgress, output: Output): Promise<TableVerdict[]> {
  // Each lane a worker thread with its own connections.
  const lanes = await openLanes(jobs, { source: { kind: 'mssql', connection: mssqlSettingsFrom(settings), snapshot: false }, target: pgSettingsFrom(settings, env), retrySeconds: settings.get('retrySeconds') ?? 300 }, env);
  try {
    const pool = new LanePool(lanes);
    const limit = pLimit(jobs);
    return await Promise.all(
      tables.map((table) =>
        limit(async () => {
          const verdict = await verifyTable(pool, table, {
            level,
            examplesPerTable: 10,
            rowsPerRange: 50_000,
            maxRowsInMemory: 2_000_000,
            onDifference,
            onProgress: (name, done, total) => {
              progress.ranges(name, done, total);
            },
          });
          progress.tableDone(verdict.table);
          output.detail(`  ${verdict.table}: ${tableStatus(verdict.status)}`);
          return verdict;
        }),
      ),
    );
  } finally {
    await Promise.all(lanes.map((lane) => lane.close()));
  }
}

async function verifyAgainstFiles(settings: Settings, env: NodeJS.ProcessEnv, tables: readonly PlanTable[], jobs: number, dir: string, onDifference: OnDifference, progress: VerifyProgress, output: Output): Promise<TableVerdict[]> {
  const target = pgSettingsFrom(settings, env);
  const pool = new pg.Pool({ ...pgClientConfig(target), max: jobs });
  pool.on('error', () => undefined);
  try {
    await pool.query('SELECT 1').catch((error: unknown) => {
      throw explainPgConnectError(error, describePg(target, env));
    });
    output.info(t('verify.againstFiles', { dir }));
    return await verifyFromFiles(pool, jobs, tables, dir, {
      examplesPerTable: 10,
      onDifference,
      onProgress: (name, done, total) => {
        progress.ranges(name, done, total);
        if (done === total) progress.tableDone(name);
      },
    });
  } finally {
    await pool.end();
  }
}

/** On a terminal: a bar over the tables, and a line per table being compared with its key ranges done. */
class VerifyProgress {
  private readonly bars: cliProgress.MultiBar | undefined;
  private readonly overall: cliProgress.SingleBar | undefined;
  private readonly perTable = new Map<string, cliProgress.SingleBar>();

  constructor(output: Output, tables: number) {
    const stream = output.progressStream();
    if (stream === undefined) return;
    this.bars = new cliProgress.MultiBar({ stream, hideCursor: true, clearOnComplete: false, format: ` {bar} {percentage}% | ${t('verify.progress.tables', BAR_TOKENS)} | {duration_formatted}` }, cliProgress.Presets.shades_grey);
    this.overall = this.bars.create(Math.max(tables, 1), 0);
  }

  ranges(table: string, done: number, total: number): void {
    const bar = this.perTable.get(table);
    if (bar !== undefined) bar.update(done);
    else if (this.bars !== undefined) this.perTable.set(table, this.bars.create(total, done, { label: table }, { format: `   {label}: ${t('verify.progress.ranges', BAR_TOKENS)}` }));
  }

  /** A finished table leaves the list of those being compared. */
  tableDone(table: string): void {
    const bar = this.perTable.get(table);
    if (bar !== undefined) this.bars?.remove(bar);
    this.perTable.delete(table);
    this.overall?.increment(1);
  }

  stop(): void {
    this.bars?.stop();
  }
}
