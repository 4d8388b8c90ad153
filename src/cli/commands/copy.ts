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
import { readPlanDirectory } from '../../plan/plan-io.js';
import type { Plan } from '../../plan/plan-model.js';
import { describeMssql, mssqlSettingsFrom } from '../../source/mssql/connection.js';
import { connectPg, pgSettingsFrom } from '../../target/postgres/connection.js';
import type { CommandContext, CommandDefinition, CommandOutcome } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { renderTable, type Output } from '../output.js';

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
    if (toFiles !== undefined && fromFiles !== undefined) throw new MigrateError('COPY_FILES_BOTH', 'usage', 'give --to-files or --from-files, not both');
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
      if (snapshot && plan.source.isBabelfish) output.warn('Babelfish may not honour SNAPSHOT isolation as SQL Server does');
      source = { kind: 'mssql', connection, snapshot };
      output.info(`copying ${tables.length} table(s) from SQL Server ${describeMssql(connection)} ${toFiles === undefined ? '' : `to files in ${toFiles} `}with ${jobs} worker(s)`);
    } else {
      source = { kind: 'files', dir: resolve(cwd, fromFiles) };
      output.info(`loading ${tables.length} table(s) from the chunk files in ${source.dir} with ${jobs} worker(s)`);
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
  if (summary.rejected > 0) output.warn(`${summary.rejected} row(s) refused, written to ${rejectsFile}`);
  if (!summary.complete) output.warn('not every chunk was written; run the same command again to resume');
  output.info(`source read: ${summary.sourceRead}`);
  const rows = summary.tables.map((t) => [t.tableKey, String(t.rows), (t.copyBytes / MB).toFixed(1), (t.bytes / MB).toFixed(1), t.done === t.chunks ? 'done' : `${t.done}/${t.chunks} chunks`]);
  const total = (key: 'rows' | 'bytes' | 'copyBytes'): number => summary.tables.reduce((n, t) => n + t[key], 0);
  const human = [
    renderTable(['table', 'rows', 'MB', `MB in files (${summary.compression})`, 'status'], rows),
    `${total('rows')} rows in ${summary.seconds.toFixed(1)} s; ${(total('copyBytes') / MB).toFixed(1)} MB of COPY data in ${(total('bytes') / MB).toFixed(1)} MB of files in ${summary.dir} (manifest.json), ${summary.retries} retries, ${summary.rejected} rejected`,
  ].join('\n');
  const exitCode = !summary.complete ? ExitCode.Runtime : summary.rejected > 0 ? ExitCode.Incomplete : ExitCode.Ok;
  return { exitCode, json: { formatVersion: 1, event: 'result', ...summary, rejectsFile }, human };
}

export function copyOutcome(summary: CopySummary, rejectsFile: string, output: Output): CommandOutcome {
  const failed = summary.tables.filter((t) => t.failed > 0);
  for (const t of summary.truncated) output.warn(`--truncate emptied ${t.table} of ${t.rows} row(s) this copy had not written`);
  for (const t of failed) output.error(`${t.tableKey}: ${t.failed} chunk(s) failed: ${t.lastError ?? ''}`);
  if (summary.rejected > 0) output.warn(`${summary.rejected} row(s) refused, written to ${rejectsFile}; fix the rule or policy and run migrate copy --replay ${rejectsFile}`);
  if (!summary.complete && failed.length === 0) output.warn('not every chunk was copied; run the same command again to resume');
  if (summary.nulChanged > 0) output.warn(`${summary.nulChanged} text value(s) contained U+0000, which was stripped or replaced (--nul)`);
  output.info(`source read: ${summary.sourceRead}`);
  const rows = summary.tables.map((t) => [
    t.tableKey,
    String(t.rows),
    (t.bytes / MB).toFixed(1),
    t.wallSeconds.toFixed(1),
    t.wallSeconds > 0 ? Math.round(t.rows / t.wallSeconds).toString() : '-',
    String(t.attempts),
    String(t.rejected),
    t.done === t.chunks ? 'done' : t.failed > 0 ? 'FAILED' : `${t.done}/${t.chunks} chunks`,
  ]);
  const totalRows = summary.tables.reduce((n, t) => n + t.rows, 0);
  const human = [
    renderTable(['table', 'rows', 'MB', 'seconds', 'rows/s', 'retries', 'rejected', 'status'], rows),
    `${totalRows} rows in ${summary.seconds.toFixed(1)} s (${Math.round(totalRows / Math.max(summary.seconds, 0.001))} rows/s), ${summary.retries} retries, ${summary.rejected} rejected, ${summary.nulChanged} NUL changed`,
  ].join('\n');
  const exitCode = failed.length > 0 ? ExitCode.Runtime : !summary.complete || summary.rejected > 0 ? ExitCode.Incomplete : ExitCode.Ok;
  return { exitCode, json: { formatVersion: 1, event: 'result', ...summary, rejectsFile }, human };
}

async function replayOutcome(plan: Plan, file: string, settings: Settings, env: NodeJS.ProcessEnv): Promise<CommandOutcome> {
  const client = await connectPg(pgSettingsFrom(settings, env), env);
  try {
    const result = await replayRejects(client, plan, file, settings.get('copy.nul') ?? 'reject');
    const again = result.tables.reduce((n, t) => n + t.rejected, 0);
    const human = [
      renderTable(['table', 'rows loaded', 'refused again'], result.tables.map((t) => [t.table, String(t.rows), String(t.rejected)])),
      result.stillRejectedFile === undefined ? 'every row loaded' : `${again} row(s) refused again, written to ${result.stillRejectedFile}`,
    ].join('\n');
    return { exitCode: again > 0 ? ExitCode.Incomplete : ExitCode.Ok, json: { formatVersion: 1, event: 'result', ...result }, human };
  } catch (error) {
    if (error instanceof MigrateError) throw error;
    throw new MigrateError('REPLAY_FAILED', 'runtime', `replay of ${file} failed: ${(error as Error).message}`, { cause: error });
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
      { stream, hideCursor: true, clearOnComplete: false, format: ' {bar} {percentage}% | {label} | {value}/{total} rows | {rate} rows/s | {mb} MB | ETA {eta_formatted}' },
      cliProgress.Presets.shades_grey,
    );
    this.overall = this.bars.create(Math.max(plannedRows, 1), 0, { label: 'all tables', rate: 0, mb: '0.0' });
  }

  update(event: CopyEvent): void {
    this.output.event(event);
    if (event.type === 'progress') {
      this.rows += event.rows;
      this.bytes += event.bytes;
      const seconds = (performance.now() - this.started) / 1000;
      this.overall?.update(Math.min(this.rows, Math.max(this.plannedRows, this.rows)), { rate: Math.round(this.rows / Math.max(seconds, 0.001)), mb: (this.bytes / MB).toFixed(1) });
    } else if (event.type === 'chunk-start' && this.bars !== undefined && !this.perTable.has(event.table)) {
      this.perTable.set(event.table, this.bars.create(event.chunks, 0, { label: event.table, rate: '', mb: '' }, { format: '   {label}: chunk {value}/{total}' }));
    } else if (event.type === 'chunk-done') {
      this.perTable.get(event.table)?.increment(1);
    } else if (event.type === 'retry') {
      this.output.detail(`retrying ${event.table} chunk ${event.chunk} (attempt ${event.attempt}): ${event.error}`);
    } else if (event.type === 'reconnect') {
      this.output.detail(`reconnected after: ${event.error}`);
    } else if (event.type === 'chunk-failed') {
      this.output.detail(`${event.table} chunk ${event.chunk} failed: ${event.error}`);
    }
  }

  stop(): void {
    this.bars?.stop();
  }
}
