// The measurement sequence shared by both modes. Every measurement becomes a sample
// { part, set, jobs, run, seconds, ... }; report.mjs turns samples into medians, ratios and targets.
// Runs are interleaved (run 1 of every figure, then run 2, ...) so that a noisy moment on a shared
// machine hits every figure alike rather than all the runs of one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTargetBound, prepareTargetBound } from './bounds.mjs';
import { SETS, expectedRows, unionOf } from './dataset.mjs';
import { firstError, lastJson } from './measure.mjs';
import { describeSettings } from './pgloader.mjs';
import { ensureSchemaScale, INTROSPECT_TABLES, measureIntrospect } from './introspect-scale.mjs';
import { measureLarge } from './large.mjs';
import { sourceUrlFrom } from './live.mjs';
import { PLAN_TABLES, measurePlan, writeScaleCatalog } from './plan-scale.mjs';
import { psqlAvailable } from './postgres.mjs';

export const PARTS = ['copy', 'bounds', 'pgloader', 'files', 'verify', 'plan', 'small', 'introspect', 'large'];
/** Parts that need SQL Server. */
export const LIVE_PARTS = ['pgloader', 'files', 'introspect'];
const DATA_PARTS = ['copy', 'small', 'bounds', 'pgloader', 'files', 'verify'];

export const needsDatabase = (parts) => DATA_PARTS.some((p) => parts.has(p));

/**
 * The table sets the data parts work on: narrow, wide and typed unless only `small` asks for data,
 * the small tables with `small`; and when there are several, "total": all of them in one run.
 */
export function setsFor(parts) {
  const onlySmall = parts.has('small') && !DATA_PARTS.some((p) => p !== 'small' && parts.has(p));
  const sets = SETS.filter((s) => (s.name === 'small' ? parts.has('small') : !onlySmall));
  return sets.length > 1 ? [...sets, unionOf('total', sets)] : sets;
}

/** The plan's tables of a set, as target names. */
const targetTables = (plan, set) => plan.tables.filter((t) => set.tables.includes(t.source.name.toLowerCase())).map((t) => t.target);

/** Runs `work` with a fresh temporary directory, removed afterwards. */
async function withTempDir(prefix, work) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    return await work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Why a table is not equal, in a line: its first problem or first difference. */
function describeVerdict(t) {
  const column = t.examples?.[0]?.columns?.[0];
  const example = column === undefined ? (t.examples?.[0]?.kind ?? '') : `column ${column.column}: source ${column.source}, target ${column.target}`;
  const why = t.problems[0] ?? `${t.differences} difference(s)${example === '' ? '' : `, e.g. ${example}`}`;
  return `${t.table} ${t.status}: ${why}`;
}

/** MB of every set the copy covered whole (a total or fill copy gives each set's), from its per-table bytes. */
function recordBytes(bench, tables) {
  const byName = new Map(tables.map((t) => [t.tableKey.split('.').at(-1).toLowerCase(), t.bytes]));
  for (const set of bench.sets) {
    if (set.tables.every((name) => byName.has(name))) bench.bytes[set.name] = set.tables.reduce((sum, name) => sum + byName.get(name), 0);
  }
}

/** One copy: parsed, checked for completeness (a problem otherwise), recorded as a sample when measured. */
async function copy(bench, set, jobs, run, measured) {
  const result = await bench.mode.copy(set, jobs);
  const summary = lastJson(result.stdout);
  const label = `copy ${set.name} --jobs ${jobs}`;
  if (summary?.tables === undefined) {
    bench.problems.push(`${label}: ${firstError(result.stderr || result.stdout)}`);
    return;
  }
  const rows = summary.tables.reduce((sum, t) => sum + t.rows, 0);
  const expected = expectedRows(set, bench.options.scale);
  if (result.code !== 0) bench.problems.push(`${label}: exit code ${result.code}`);
  if (!summary.complete || rows !== expected) {
    const left = summary.tables.filter((t) => t.done !== t.chunks).map((t) => `${t.tableKey}: ${t.done}/${t.chunks} chunks${t.lastError ? `, ${t.lastError}` : ''}`);
    bench.problems.push(`${label}: incomplete, ${rows} of ${expected} rows${left.length > 0 ? ` (${left.slice(0, 3).join('; ')})` : ''}`);
  }
  recordBytes(bench, summary.tables);
  if (measured) {
    bench.samples.push({ part: 'copy', set: set.name, jobs, run, seconds: summary.seconds, processSeconds: result.seconds, rows, peakRssMiB: result.peakRssMiB, cpuSeconds: result.cpuSeconds, coresBusy: result.coresBusy });
  }
  bench.log(`  ${label}: ${rows} rows in ${summary.seconds.toFixed(2)} s, peak RSS ${Math.round(result.peakRssMiB ?? 0)} MB`);
}

async function sourceBound(bench, set, jobs, run) {
  const result = await bench.mode.sourceBound(set, jobs);
  const summary = lastJson(result.stdout);
  if (result.code !== 0 || summary === undefined) {
    bench.notes.push(`source bound ${set.name} --jobs ${jobs} failed: ${firstError(result.stderr || result.stdout)}`);
    return;
  }
  const expected = expectedRows(set, bench.options.scale);
  if (summary.rows !== expected) bench.notes.push(`source bound ${set.name}: read ${summary.rows} of ${expected} rows`);
  bench.samples.push({ part: 'sourceBound', set: set.name, jobs, run, seconds: summary.seconds, processSeconds: result.seconds, rows: summary.rows, peakRssMiB: result.peakRssMiB, cpuSeconds: result.cpuSeconds, coresBusy: result.coresBusy });
}

/**
 * Copies (with the source bound beside each in live mode) of the sets asked for: small with
 * `small`, the others and the total with `copy`. Sets that bounds, pgloader or verify need but
 * nobody measured are then filled by one unmeasured copy.
 */
async function measureCopies(bench) {
  const { parts, runs, jobs } = bench.options;
  const measured = bench.sets.filter((s) => (s.name === 'small' ? parts.has('small') : parts.has('copy')));
  const withSourceBound = bench.mode.sourceBound !== undefined && parts.has('bounds');
  for (let run = 1; run <= runs && measured.length > 0; run++) {
    bench.log(`run ${run}/${runs}: copy${withSourceBound ? ' and source bound' : ''}`);
    for (const n of jobs) {
      for (const set of measured) {
        await copy(bench, set, n, run, true);
        if (withSourceBound) await sourceBound(bench, set, n, run);
      }
    }
  }
  const unfilled = measured.some((s) => s.name === 'total') ? [] : bench.sets.filter((s) => s.name !== 'total' && !measured.includes(s));
  if (unfilled.length > 0) {
    bench.log(`filling ${unfilled.map((s) => s.name).join(', ')} (copy not measured)`);
    await copy(bench, unionOf('fill', unfilled), Math.max(...jobs), 0, false);
  }
}

/** The target bound: files exported once from the tables our copy filled, loaded by psql every run. */
async function measureTargetBound(bench) {
  const { mode, options } = bench;
  if (!(await psqlAvailable())) {
    bench.notes.push('target bound not measured: psql is not on the PATH');
    return;
  }
  await withTempDir('ms2pg-bench-bound-', async (dir) => {
    await prepareTargetBound(mode.targetUrl, targetTables(mode.plan, bench.sets.at(-1)), dir, options.jobs);
    for (let run = 1; run <= options.runs; run++) {
      bench.log(`run ${run}/${options.runs}: target bound (psql \\copy FROM binary files, as many psql as --jobs)`);
      for (const jobs of options.jobs) {
        for (const set of bench.sets) {
          const seconds = await loadTargetBound(mode.targetUrl, targetTables(mode.plan, set), dir, jobs);
          bench.samples.push({ part: 'targetBound', set: set.name, jobs, run, seconds, rows: expectedRows(set, options.scale) });
        }
      }
    }
  });
}

/** One pgloader load of a set; a load short of rows is noted. Throws as runPgloader does. */
async function loadWithPgloader(bench, set, settings) {
  const result = await bench.mode.pgloader.run(set, settings);
  const expected = expectedRows(set, bench.options.scale);
  if (result.rows !== expected) bench.notes.push(`pgloader ${set.name}: loaded ${result.rows ?? 'unknown'} of ${expected} rows`);
  if (result.error !== null) bench.notes.push(`pgloader ${set.name}: ${result.error}`);
  return { ...result, complete: result.rows === expected };
}

/**
 * pgloader at its best: each setting of the grid loads the largest set once, and the fastest
 * complete load's settings are measured per set like the copy. A grid setting that fails is
 * recorded and passed over; the part fails only when none loads.
 */
async function measurePgloader(bench) {
  const { options, pgloader } = bench;
  const { grid } = bench.mode.pgloader;
  const largest = bench.sets.at(-1);
  pgloader.grid = [];
  if (grid.length > 1) {
    bench.log(`pgloader: ${grid.length} settings, each loading ${largest.name} once; the fastest is measured`);
    for (const settings of grid) {
      try {
        const result = await loadWithPgloader(bench, largest, settings);
        pgloader.grid.push({ settings: describeSettings(settings), seconds: result.seconds, complete: result.complete, error: result.error });
        bench.log(`  ${describeSettings(settings)}: import ${result.seconds.toFixed(2)} s${result.complete ? '' : ' (incomplete)'}`);
      } catch (error) {
        pgloader.grid.push({ settings: describeSettings(settings), seconds: null, complete: false, error: error.detail ?? firstError(error.message) });
        bench.log(`  ${describeSettings(settings)}: failed (${pgloader.grid.at(-1).error})`);
      }
    }
    const best = grid
      .map((settings, i) => ({ settings, tried: pgloader.grid[i] }))
      .filter((g) => g.tried.complete)
      .sort((a, b) => a.tried.seconds - b.tried.seconds)[0];
    if (best === undefined) {
      pgloader.status = 'failed';
      pgloader.error = `no setting of the grid loaded ${largest.name} completely (${pgloader.grid.map((g) => g.error ?? 'incomplete').join('; ')})`;
      return;
    }
    pgloader.best = best.settings;
  } else {
    pgloader.best = grid[0];
  }
  for (let run = 1; run <= options.runs && pgloader.status !== 'failed'; run++) {
    bench.log(`run ${run}/${options.runs}: pgloader (${describeSettings(pgloader.best)})`);
    for (const set of bench.sets) {
      try {
        const result = await loadWithPgloader(bench, set, pgloader.best);
        bench.samples.push({ part: 'pgloader', set: set.name, run, seconds: result.seconds, processSeconds: result.wallSeconds, rows: result.rows });
        pgloader.status = 'ok';
        bench.log(`  pgloader ${set.name}: ${result.rows} rows, import ${result.seconds.toFixed(2)} s (wall ${result.wallSeconds.toFixed(2)} s)`);
      } catch (error) {
        pgloader.status = 'failed';
        pgloader.error = error.detail ?? firstError(error.message);
        bench.log(`  pgloader: failed (${pgloader.error})`);
        return;
      }
    }
  }
}

/**
 * Transfer through files, against the direct copy: the largest set exported to files and loaded from
 * them (--restart) with the copy's highest --jobs, once; each as its summary reports it.
 */
async function measureFiles(bench) {
  const { mode, options } = bench;
  const set = bench.sets.at(-1);
  const jobs = Math.max(...options.jobs);
  await withTempDir('ms2pg-bench-files-', async (dir) => {
    bench.log(`transfer through files: ${set.name} --jobs ${jobs}`);
    const step = async (what, result) => {
      const summary = lastJson(result.stdout);
      if (result.code !== 0 || summary?.complete !== true) throw new Error(`${what}: ${firstError(result.stderr || result.stdout)}`);
      return { summary, result };
    };
    try {
      const exported = await step('copy --to-files', await mode.exportFiles(set, jobs, dir));
      const loaded = await step('copy --from-files', await mode.loadFiles(set, jobs, dir));
      const sum = (key) => exported.summary.tables.reduce((n, t) => n + t[key], 0);
      bench.files = {
        set: set.name,
        jobs,
        exportSeconds: exported.summary.seconds,
        loadSeconds: loaded.summary.seconds,
        exportPeakRssMiB: exported.result.peakRssMiB ?? null,
        loadPeakRssMiB: loaded.result.peakRssMiB ?? null,
        copyBytes: sum('copyBytes'),
        fileBytes: sum('bytes'),
        compression: exported.summary.compression,
      };
      bench.log(`  export ${bench.files.exportSeconds.toFixed(2)} s, load ${bench.files.loadSeconds.toFixed(2)} s, files ${(bench.files.fileBytes / 2 ** 20).toFixed(1)} MB of ${(bench.files.copyBytes / 2 ** 20).toFixed(1)} MB COPY data`);
    } catch (error) {
      bench.problems.push(`transfer through files: ${error.message}`);
    }
  });
}

/** Verify at level checksum with the copy's highest --jobs, per set; anything but "equal" is a problem (exactness). */
async function measureVerify(bench) {
  const { mode, options } = bench;
  const jobs = Math.max(...options.jobs);
  await mode.beforeVerify?.();
  for (let run = 1; run <= options.runs; run++) {
    bench.log(`run ${run}/${options.runs}: verify --level checksum --jobs ${jobs}`);
    for (const set of bench.sets) {
      const result = await mode.verify(set, jobs);
      const report = lastJson(result.stdout);
      if (report?.status !== 'equal') {
        const unequal = (report?.tables ?? []).filter((t) => t.status !== 'equal').slice(0, 3);
        const detail = unequal.length > 0 ? unequal.map(describeVerdict).join('; ') : firstError(result.stderr || result.stdout);
        bench.problems.push(`verify ${set.name}: ${report?.status ?? 'failed'} (${detail})`);
        continue;
      }
      const sum = (key) => report.tables.reduce((n, t) => n + (t[key] ?? 0), 0);
      bench.samples.push({
        part: 'verify',
        set: set.name,
        jobs,
        run,
        seconds: report.seconds,
        processSeconds: result.seconds,
        rows: sum('sourceRows'),
        ranges: sum('chunks'),
        checksummed: sum('checksummed'),
        peakRssMiB: result.peakRssMiB,
        cpuSeconds: result.cpuSeconds,
      });
      bench.log(`  verify ${set.name}: ${report.status} in ${report.seconds.toFixed(2)} s`);
    }
  }
}

/** `migrate plan` of the generated 10,000-table catalog. */
async function measurePlanScale(bench) {
  await withTempDir('ms2pg-bench-plan-', async (dir) => {
    const catalog = await writeScaleCatalog(dir);
    for (let run = 1; run <= bench.options.runs; run++) {
      const result = await measurePlan(catalog, dir);
      bench.samples.push({ part: 'plan', set: 'plan', run, ...result });
      bench.log(`run ${run}/${bench.options.runs}: migrate plan of ${PLAN_TABLES} tables in ${result.seconds.toFixed(2)} s`);
    }
  });
}

/** `migrate introspect` of the 5,000-table database (live mode: it needs SQL Server). */
async function measureIntrospectScale(bench) {
  const { options } = bench;
  if (options.mode !== 'live') {
    bench.notes.push('introspect scale not measured: live mode only (it reads SQL Server)');
    return;
  }
  const source = sourceUrlFrom(process.env);
  await ensureSchemaScale(source, options.reload, bench.log);
  await withTempDir('ms2pg-bench-introspect-', async (dir) => {
    for (let run = 1; run <= options.runs; run++) {
      const result = await measureIntrospect(source, dir);
      if (result.tables !== INTROSPECT_TABLES) bench.notes.push(`migrate introspect read ${result.tables ?? 'unknown'} of ${INTROSPECT_TABLES} tables`);
      bench.samples.push({ part: 'introspect', set: 'introspect', run, ...result });
      bench.log(`run ${run}/${options.runs}: migrate introspect of ${INTROSPECT_TABLES} tables in ${result.seconds.toFixed(2)} s`);
    }
  });
}

/**
 * Runs the parts asked for, in an order where each finds what it needs: copies fill the tables the
 * target bound exports and verify compares; post-data (live) waits until the last copy.
 */
export async function runBenchmark(mode, options, log) {
  const { parts } = options;
  const bench = {
    mode,
    options,
    log,
    sets: mode === undefined ? [] : setsFor(parts),
    samples: [],
    problems: [], // exactness: an incomplete copy or a verify that is not "equal" fails the benchmark
    notes: [],
    bytes: {}, // per set, from the copy summaries: the MB shown on every line of the set
    pgloader: { status: options.mode !== 'live' ? 'live mode only' : mode !== undefined && mode.pgloader === undefined ? 'not installed' : 'not run', error: null },
  };
  if (bench.sets.length > 0) {
    await measureCopies(bench);
    if (parts.has('bounds')) await measureTargetBound(bench);
    if (parts.has('pgloader') && mode.pgloader !== undefined) await measurePgloader(bench);
    if (parts.has('files') && mode.exportFiles !== undefined) await measureFiles(bench);
    if (parts.has('verify')) await measureVerify(bench);
  }
  if (parts.has('large')) await measureLarge(bench);
  if (parts.has('plan')) await measurePlanScale(bench);
  if (parts.has('introspect')) await measureIntrospectScale(bench);
  const { samples, problems, notes, bytes, pgloader, files } = bench;
  return { sets: bench.sets.map((s) => s.name), samples, problems, notes, bytes, pgloader, files: files ?? null };
}
