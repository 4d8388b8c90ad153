/** `migrate copy`: stream every planned row from SQL Server into the tables pre-data created. */
import { resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { exportToFiles, type ExportSummary } from '../../copy/files/export.js';
import { runCopy, selectTables, type CopySummary } from '../../copy/run-copy.js';
import type { SourceConfig } from '../../copy/source-config.js';
import { replayRejects } from '../../copy/replay.js';
import type { CopyEvent } from '../../copy/worker.js';
import { SOURCE_FLAGS } from '../../config/settings.js';
import type { Settings } from '../../config/load.js';
import { MigrateError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { readPlanDirectory } from '../../plan/plan-io.js';
import type { Plan } from '../../plan/plan-model.js';
import { describeMssql, mssqlSettingsFrom } from '../../source/mssql/connection.js';
import { connectPg, pgSettingsFrom } from '../../target/postgres/connection.js';
import type { CommandContext, CommandDefinition, CommandOutcome } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { BAR_TOKENS, renderTable, type Output } from '../output.js';

const MB = 1024 * 1024;

export const copyCommand: CommandDefinition = {
  name: 'copy',
  summary: 'copy every planned row: binary COPY, chunked by key, parallel, resumable, exactly once',
  examples: [
    'migrate copy --plan plan --source "mssql://migrator@sql01/Municipal" --target postgres://pg01/municipal --jobs 4',
    'migrate copy --plan plan --worker            # on a second machine: share the same queue',
    'migrate copy --plan plan --replay rejects.jsonl --nul strip',
    'migrate copy --plan plan --source "mssql://migrator@sql01/Municipal" --to-files /media/transfer   # closed network: export...',
    'migrate copy --plan plan --target postgres://pg01/municipal --from-files /media/transfer          # ...and load on the far side',
  ],
  settings: [
    ...SOURCE_FLAGS,
    'target.connection',
    'planDir',
    'copy.jobs',
    'copy.tables',
    'copy.onError',
    'copy.nul',
    'copy.snapshot',
    'copy.rowsPerChunk',
    'copy.restart',
    'copy.truncate',
    'retrySeconds',
    'copy.worker',
    'copy.rejects',
    'copy.replay',
    'copy.toFiles',
    'copy.fromFiles',
    'copy.compress',
  ],
  async run({ settings, env, cwd, output }: CommandContext): Promise<CommandOutcome> {
    const plan = readPlanDirectory(resolve(cwd, settings.get('planDir') ?? 'plan'));
    const toFiles = settings.get('copy.toFiles');
    const fromFiles = settings.get('copy.fromFiles');
    if (toFiles !== undefined && fromFiles !== undefined) throw new MigrateError('COPY_FILES_BOTH', 'usage', t('error.COPY_FILES_BOTH'));
    const replay = settings.get('copy.replay');
    if (replay !== undefined) return replayOutcome(plan, resolve(cwd, replay), settings, env);
    const rejectsFile = resolve(cwd, settings.get('copy.rejects') ?? 'rejects.jsonl');
    const tables = selectTables(plan, settings.get('copy.tables') ?? []);
    const jobs = settings.get('copy.jobs') ?? 1;
    const common = {
      jobs,
      rowsPerChunk: settings.get('copy.rowsPerChunk'),
      tables: settings.get('copy.tables') ?? [],
      nul: settings.get('copy.nul') ?? 'reject',
      onError: settings.get('copy.onError') ?? 'stop',
      retrySeconds: settings.get('retrySeconds') ?? 300,
    } as const;
    let source: SourceConfig;
    if (fromFiles === undefined) {
      const connection = mssqlSettingsFrom(settings);
      const snapshot = settings.get('copy.snapshot') === true;
      if (snapshot && plan.source.isBabelfish) output.warn(t('copy.babelfishSnapshot'));
      source = { kind: 'mssql', connection, snapshot };
      const params = { tables: tables.length, where: describeMssql(connection), jobs };
      output.info(toFiles === undefined ? t('copy.copying', params) : t('copy.exporting', { ...params, dir: toFiles }));
    } else {
      source = { kind: 'files', dir: resolve(cwd, fromFiles) };
      output.info(t('copy.loading', { tables: tables.length, dir: source.dir, jobs }));
    }
    const progress = new CopyProgress(output, tables.reduce((n, t) => n + (t.rows ?? 0), 0));
    try {
      if (toFiles !== undefined && source.kind !== 'files') {
        const summary = await exportToFiles(plan, source, resolve(cwd, toFiles), { ...common, compression: settings.get('copy.compress') ?? 'gzip', rejectsFile }, (event) => {
          progress.update(event);
        });
        return exportOutcome(summary, rejectsFile, output);
      }
      const summary = await runCopy(
        plan,
        source,
        pgSettingsFrom(settings, env),
        env,
        {
          ...common,
          restart: settings.get('copy.restart') === true,
          truncate: settings.get('copy.truncate') === true,
          workerOnly: settings.get('copy.worker') === true,
          rejectsFile,
          maxRejectsPerChunk: 1000,
        },
        (event) => {
          progress.update(event);
        },
      );
      return copyOutcome(summary, rejectsFile, output);
    } finally {
      progress.stop();
    }
  },
};

function exportOutcome(summary: ExportSummary, rejectsFile: string, output: Output): CommandOutcome {
  if (summary.rejected > 0) output.warn(t('copy.exportRejected', { count: summary.rejected, file: rejectsFile }));
  if (!summary.complete) output.warn(t('copy.exportIncomplete'));
  output.info(t('copy.sourceRead', { how: summary.sourceRead }));
  const rows = summary.tables.map((table) => [table.tableKey, String(table.rows), (table.copyBytes / MB).toFixed(1), (table.bytes / MB).toFixed(1), chunkStatus(table)]);
  const total = (key: 'rows' | 'bytes' | 'copyBytes'): number => summary.tables.reduce((n, table) => n + table[key], 0);
  const human = [
    renderTable([t('column.table'), t('column.rows'), t('column.mb'), t('copy.column.fileMb', { compression: summary.compression }), t('column.status')], rows),
    t('copy.exportSummary', {
      rows: total('rows'),
      seconds: summary.seconds.toFixed(1),
      copyMb: (total('copyBytes') / MB).toFixed(1),
      fileMb: (total('bytes') / MB).toFixed(1),
      dir: summary.dir,
      retries: summary.retries,
      rejected: summary.rejected,
    }),
  ].join('\n');
  const exitCode = !summary.complete ? ExitCode.Runtime : summary.rejected > 0 ? ExitCode.Incomplete : ExitCode.Ok;
  return { exitCode, json: { formatVersion: 1, event: 'result', ...summary, rejectsFile }, human };
}

export function copyOutcome(summary: CopySummary, rejectsFile: string, output: Output): CommandOutcome {
  const failed = summary.tables.filter((t) => t.failed > 0);
  for (const truncated of summary.truncated) output.warn(t('copy.truncated', { table: truncated.table, count: truncated.rows }));
  for (const table of failed) output.error(t('copy.chunksFailed', { table: table.tableKey, count: table.failed, reason: table.lastError ?? '' }));
  if (summary.rejected > 0) output.warn(t('copy.rejected', { count: summary.rejected, file: rejectsFile }));
  if (!summary.complete && failed.length === 0) output.warn(t('copy.incomplete'));
  if (summary.nulChanged > 0) output.warn(t('copy.nulChanged', { count: summary.nulChanged }));
  output.info(t('copy.sourceRead', { how: summary.sourceRead }));
  const rows = summary.tables.map((table) => [
    table.tableKey,
    String(table.rows),
    (table.bytes / MB).toFixed(1),
    table.wallSeconds.toFixed(1),
    table.wallSeconds > 0 ? Math.round(table.rows / table.wallSeconds).toString() : '-',
    String(table.attempts),
    String(table.rejected),
    table.done !== table.chunks && table.failed > 0 ? t('status.failed') : chunkStatus(table),
  ]);
  const totalRows = summary.tables.reduce((n, table) => n + table.rows, 0);
  const human = [
    renderTable([t('column.table'), t('column.rows'), t('column.mb'), t('column.seconds'), t('column.rowsPerSecond'), t('column.retries'), t('column.rejected'), t('column.status')], rows),
    t('copy.summary', {
      rows: totalRows,
      seconds: summary.seconds.toFixed(1),
      rate: Math.round(totalRows / Math.max(summary.seconds, 0.001)),
      retries: summary.retries,
      rejected: summary.rejected,
      nul: summary.nulChanged,
    }),
  ].join('\n');
  const exitCode = failed.length > 0 ? ExitCode.Runtime : !summary.complete || summary.rejected > 0 ? ExitCode.Incomplete : ExitCode.Ok;
  return { exitCode, json: { formatVersion: 1, event: 'result', ...summary, rejectsFile }, human };
}

/** A table's chunks in the summaries: done, or how many of them are. */
function chunkStatus(table: { readonly done: number; readonly chunks: number }): string {
  return table.done === table.chunks ? t('status.done') : t('copy.chunksDone', { done: table.done, chunks: table.chunks });
}

async function replayOutcome(plan: Plan, file: string, settings: Settings, env: NodeJS.ProcessEnv): Promise<CommandOutcome> {
  const client = await connectPg(pgSettingsFrom(settings, env), env);
  try {
    const result = await replayRejects(client, plan, file, settings.get('copy.nul') ?? 'reject');
    const again = result.tables.reduce((n, t) => n + t.rejected, 0);
    const human = [
      renderTable([t('column.table'), t('copy.column.loaded'), t('copy.column.refusedAgain')], result.tables.map((table) => [table.table, String(table.rows), String(table.rejected)])),
      result.stillRejectedFile === undefined ? t('copy.replayed') : t('copy.refusedAgain', { count: again, file: result.stillRejectedFile }),
    ].join('\n');
    return { exitCode: again > 0 ? ExitCode.Incomplete : ExitCode.Ok, json: { formatVersion: 1, event: 'result', ...result }, human };
  } catch (error) {
    if (error instanceof MigrateError) throw error;
    throw new MigrateError('REPLAY_FAILED', 'runtime', t('error.REPLAY_FAILED', { file, reason: (error as Error).message }), { cause: error });
  } finally {
    await client.end();
  }
}

/** Progress bars on a terminal (overall plus one line per active table), JSON events with --json. */
class CopyProgress {
  private readonly bars: cliProgress.MultiBar | undefined;
  private readonly overall: cliProgress.SingleBar | undefined;
  private readonly perTable = new Map<string, cliProgress.SingleBar>();
  private rows = 0;
  private bytes = 0;
  private readonly started = performance.now();

  constructor(
    private readonly output: Output,
    private readonly plannedRows: number,
  ) {
    const stream = output.progressStream();
    if (stream === undefined) return;
    this.bars = new cliProgress.MultiBar(
      { stream, hideCursor: true, clearOnComplete: false, format: ` {bar} {percentage}% | {label} | ${t('copy.progress.rows', BAR_TOKENS)} | ${t('copy.progress.rate', BAR_TOKENS)} | {mb} MB | ${t('copy.progress.eta', BAR_TOKENS)}` },
      cliProgress.Presets.shades_grey,
    );
    this.overall = this.bars.create(Math.max(plannedRows, 1), 0, { label: t('copy.progress.allTables'), rate: 0, mb: '0.0' });
  }

  update(event: CopyEvent): void {
    this.output.event(event);
    if (event.type === 'progress') {
      this.rows += event.rows;
      this.bytes += event.bytes;
      const seconds = (performance.now() - this.started) / 1000;
      this.overall?.update(Math.min(this.rows, Math.max(this.plannedRows, this.rows)), { rate: Math.round(this.rows / Math.max(seconds, 0.001)), mb: (this.bytes / MB).toFixed(1) });
    } else if (event.type === 'chunk-start' && this.bars !== undefined && !this.perTable.has(event.table)) {
      this.perTable.set(event.table, this.bars.create(event.chunks, 0, { label: event.table, rate: '', mb: '' }, { format: `   {label}: ${t('copy.progress.chunk', BAR_TOKENS)}` }));
    } else if (event.type === 'chunk-done') {
      this.perTable.get(event.table)?.increment(1);
    } else if (event.type === 'retry') {
      this.output.detail(t('copy.retrying', { table: event.table, chunk: event.chunk, attempt: event.attempt, reason: event.error }));
    } else if (event.type === 'reconnect') {
      this.output.detail(t('copy.reconnected', { reason: event.error }));
    } else if (event.type === 'chunk-failed') {
      this.output.detail(t('copy.chunkFailed', { table: event.table, chunk: event.chunk, reason: event.error }));
    }
  }

  stop(): void {
    this.bars?.stop();
  }
}
