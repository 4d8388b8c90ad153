// From samples to figures: medians per (part, set, --jobs), throughput, ratios to the bounds and to
// pgloader, the targets of issue #8, the printed table and the JSON document.
import { availableParallelism, cpus, totalmem } from 'node:os';
import { median } from './measure.mjs';
import { describeSettings } from './pgloader.mjs';
import { INTROSPECT_TABLES } from './introspect-scale.mjs';
import { PLAN_TABLES } from './plan-scale.mjs';

const MB = 1024 * 1024;
const SMALL_TABLES = 200;

/** Median of each measured quantity over the runs of one (part, set, jobs). */
function aggregate(samples) {
  if (samples.length === 0) return undefined;
  const of = (key) => median(samples.map((s) => s[key]));
  return {
    runs: samples.length,
    seconds: of('seconds'),
    processSeconds: of('processSeconds'),
    rows: samples[0].rows,
    peakRssMiB: of('peakRssMiB'),
    cpuSeconds: of('cpuSeconds'),
    coresBusy: of('coresBusy'),
    ...(samples[0].ranges === undefined ? {} : { ranges: samples[0].ranges, checksummed: samples[0].checksummed, jobs: samples[0].jobs }),
    ...(samples[0].statements === undefined ? {} : { statements: samples[0].statements }),
  };
}

const pick = (samples, part, set, jobs) => aggregate(samples.filter((s) => s.part === part && s.set === set && (jobs === undefined || s.jobs === jobs)));

/** `a` as a multiple of `b`'s throughput on the same rows (b's seconds over a's). */
const ratio = (a, b) => (a?.seconds > 0 && b?.seconds > 0 ? b.seconds / a.seconds : null);

export function figures(result, options) {
  const { samples, bytes } = result;
  const sets = {};
  for (const name of result.sets) {
    const pgloader = pick(samples, 'pgloader', name);
    const copy = {};
    const sourceBound = {};
    const targetBound = {};
    for (const jobs of options.jobs) {
      const c = pick(samples, 'copy', name, jobs);
      const s = pick(samples, 'sourceBound', name, jobs);
      const t = pick(samples, 'targetBound', name, jobs);
      if (s !== undefined) sourceBound[jobs] = s;
      if (t !== undefined) targetBound[jobs] = t;
      if (c !== undefined) copy[jobs] = { ...c, vsSourceBound: ratio(c, s), vsTargetBound: ratio(c, t), vsPgloader: ratio(c, pgloader) };
    }
    sets[name] = { bytes: bytes[name] ?? null, copy, sourceBound, targetBound, pgloader, verify: pick(samples, 'verify', name) };
  }
  const large = { copy: pick(samples, 'large', 'large'), verify: pick(samples, 'largeVerify', 'large') };
  return { sets, plan: pick(samples, 'plan', 'plan'), introspect: pick(samples, 'introspect', 'introspect'), large: large.copy === undefined ? undefined : { ...large, bytes: samples.find((s) => s.part === 'large')?.bytes ?? null, jobs: samples.find((s) => s.part === 'large')?.jobs } };
}

/** The figure the targets judge: the total (or the only set) at the highest --jobs measured. */
function headline(fig, options) {
  const name = fig.sets.total === undefined ? Object.keys(fig.sets)[0] : 'total';
  const set = fig.sets[name];
  const jobs = Math.max(...options.jobs);
  return { name, set, jobs, copy: set?.copy[jobs] };
}

/**
 * The most the copy could gain from --jobs 1 to 2: it cannot outrun the slower bound (its seconds at
 * 1 over those at 2), nor use more cores than the machine has (its cores over those busy during the
 * copy at --jobs 1: the database servers on the same machine use them too). Null when unknown.
 */
function scalingRoom(set) {
  const limits = [
    ['source', set?.sourceBound],
    ['target', set?.targetBound],
  ]
    .filter(([, b]) => b?.[1] !== undefined && b?.[2] !== undefined)
    .map(([what, b]) => ({ ratio: b[1].seconds / b[2].seconds, detail: `${what} bound ${fmt(b[1].seconds)} -> ${fmt(b[2].seconds)} s` }));
  const busy = set?.copy[1]?.coresBusy;
  if (typeof busy === 'number' && busy > 0) limits.push({ ratio: availableParallelism() / busy, detail: `${fmt(busy)} of ${availableParallelism()} cores busy at --jobs 1` });
  if (limits.length === 0) return null;
  return { ratio: Math.min(...limits.map((l) => l.ratio)), detail: limits.map((l) => l.detail).join(', ') };
}

const fmt = (value, digits = 2) => (value === null || value === undefined ? '-' : value.toFixed(digits));

/** Issue #8's targets: status PASS, MISS or n/a; never a reason to fail the process. */
export function targets(fig, result, options) {
  const { name, set, jobs, copy } = headline(fig, options);
  const at = `${name}, --jobs ${jobs}`;
  const judge = (target, value, pass, text) => ({ target, value: text, status: value === null || value === undefined ? 'n/a' : pass(value) ? 'PASS' : 'MISS' });
  const copies = Object.values(fig.sets).flatMap((s) => Object.values(s.copy));
  const peak = copies.length === 0 ? null : Math.max(...copies.map((c) => c.peakRssMiB ?? 0));
  const small = fig.sets.small?.copy[jobs];
  const smallMs = small === undefined ? null : (small.seconds * 1000) / SMALL_TABLES;
  const first = set?.copy[Math.min(...options.jobs)];
  const scaling = options.jobs.includes(1) && options.jobs.includes(2) ? ratio(set?.copy[2], set?.copy[1]) : null;
  const room = scalingRoom(set);
  const roomText = room === null ? '' : `; the bounds allow ${fmt(room.ratio)}x (${room.detail})`;
  const vsPgloader = copy?.vsPgloader ?? null;
  const pgloaderWhy = result.pgloader.status === 'failed' ? `n/a: pgloader failed (${result.pgloader.error})` : `n/a (pgloader ${result.pgloader.status})`;
  // The psql \copy rate is that of one COPY stream, as in the issue; the table also shows the copy against as many psql as workers.
  const vsTarget = options.mode === 'synthetic' ? ratio(copy, set?.targetBound[1]) : null;
  const verify = set?.verify;
  return [
    judge('copy >= 6x pgloader rows/s', vsPgloader, (v) => v >= 6, vsPgloader === null ? (result.pgloader.status === 'ok' ? 'n/a (copy not measured)' : pgloaderWhy) : `${fmt(vsPgloader)}x (${at})`),
    judge('small tables < 10 ms overhead a table', smallMs, (v) => v < 10, smallMs === null ? 'n/a (small not measured)' : `${fmt(smallMs, 1)} ms (200 tables, --jobs ${jobs})`),
    judge('peak RSS of migrate copy <= 300 MB', peak, (v) => v <= 300, peak === null ? 'n/a' : `${Math.round(peak)} MB (largest of all copies)`),
    // The target holds "wherever the bounds leave room": not judged where they themselves scale less.
    judge(
      '--jobs 2 >= 1.6x --jobs 1 where the bounds leave room',
      room !== null && room.ratio < 1.6 ? null : scaling,
      (v) => v >= 1.6,
      scaling === null ? 'n/a (needs copies with --jobs 1 and 2)' : `${room !== null && room.ratio < 1.6 ? 'n/a, no room: ' : ''}${fmt(scaling)}x (${name}; --jobs 1: ${fmt(first?.seconds)} s${roomText})`,
    ),
    judge('synthetic >= 0.6x psql \\copy binary', vsTarget, (v) => v >= 0.6, vsTarget === null ? (options.mode === 'synthetic' ? 'n/a (needs copy and bounds)' : 'n/a (synthetic mode)') : `${fmt(vsTarget)}x (${at}, against one psql${jobs === 1 ? '' : `; ${fmt(copy?.vsTargetBound)}x against ${jobs} at once`})`),
    // Only a verify that proved ranges by checksum measures checksum verification; when the source
    // computes none (the synthetic source, Babelfish) every range was compared row by row.
    judge(
      'checksum verify time <= copy time',
      verify && copy && verify.checksummed > 0 ? verify.seconds / copy.seconds : null,
      (v) => v <= 1,
      verify && copy
        ? `${verify.checksummed > 0 ? '' : 'n/a, rows compared: '}${fmt(verify.seconds)} s vs ${fmt(copy.seconds)} s (${at}; ${verify.checksummed} of ${verify.ranges} ranges proven by checksum)`
        : 'n/a',
    ),
    judge('large values: peak RSS of migrate copy < 300 MB', fig.large?.copy?.peakRssMiB, (v) => v < 300, fig.large === undefined ? 'n/a (large not measured)' : `${int(fig.large.copy.peakRssMiB)} MB (--jobs ${fig.large.jobs})`),
    judge(
      'large values: verify time <= copy time',
      fig.large?.verify === undefined ? null : fig.large.verify.seconds / fig.large.copy.seconds,
      (v) => v <= 1,
      fig.large?.verify === undefined ? 'n/a (large not measured)' : `${fmt(fig.large.verify.seconds)} s vs ${fmt(fig.large.copy.seconds)} s`,
    ),
    judge(`plan of ${PLAN_TABLES.toLocaleString('en-US')} tables < 5 s`, fig.plan?.seconds, (v) => v < 5, fig.plan === undefined ? 'n/a' : `${fmt(fig.plan.seconds)} s`),
    judge(
      `introspect of ${INTROSPECT_TABLES.toLocaleString('en-US')} tables < 60 s`,
      fig.introspect?.seconds,
      (v) => v < 60,
      fig.introspect === undefined ? (options.mode === 'live' ? 'n/a' : 'n/a (live mode)') : `${fmt(fig.introspect.seconds)} s`,
    ),
  ];
}

const int = (n) => (n === null || n === undefined ? '-' : Math.round(n).toLocaleString('en-US'));
const times = (r) => (r === null || r === undefined ? '-' : `${r.toFixed(2)}x`);

/** One printed line of figures. */
function line(set, what, f, mbytes, extra = {}) {
  const perSecond = (n) => (f?.seconds > 0 && n !== null ? n / f.seconds : null);
  return [
    set,
    what,
    int(f?.rows),
    mbytes === null ? '-' : (mbytes / MB).toFixed(1),
    fmt(f?.seconds),
    int(perSecond(f?.rows ?? null)),
    mbytes === null ? '-' : fmt(perSecond(mbytes / MB), 1),
    times(extra.source),
    times(extra.target),
    times(extra.pgloader),
    f?.peakRssMiB == null ? '-' : int(f.peakRssMiB),
    fmt(f?.cpuSeconds),
    fmt(f?.coresBusy, 1),
  ];
}

export function tableRows(fig) {
  const rows = [];
  for (const [name, s] of Object.entries(fig.sets)) {
    for (const [jobs, c] of Object.entries(s.copy)) rows.push(line(name, `migrate copy --jobs ${jobs}`, c, s.bytes, { source: c.vsSourceBound, target: c.vsTargetBound, pgloader: c.vsPgloader }));
    for (const [jobs, b] of Object.entries(s.sourceBound)) rows.push(line(name, `source bound --jobs ${jobs}`, b, s.bytes));
    for (const [jobs, b] of Object.entries(s.targetBound)) rows.push(line(name, `target bound: ${jobs === '1' ? 'psql' : `${jobs} psql`} \\copy binary`, b, s.bytes));
    if (s.pgloader) rows.push(line(name, 'pgloader', s.pgloader, s.bytes));
    if (s.verify) rows.push(line(name, `migrate verify --level checksum${s.verify.jobs === undefined ? '' : ` --jobs ${s.verify.jobs}`}`, s.verify, s.bytes));
  }
  if (fig.large) {
    rows.push(line('large', `migrate copy --jobs ${fig.large.jobs}`, fig.large.copy, fig.large.bytes));
    if (fig.large.verify) rows.push(line('large', `migrate verify --jobs ${fig.large.jobs}`, fig.large.verify, fig.large.bytes));
  }
  if (fig.plan) rows.push(line('plan', `migrate plan, ${PLAN_TABLES.toLocaleString('en-US')} tables (${int(fig.plan.statements)} statements)`, fig.plan, null));
  if (fig.introspect) rows.push(line('introspect', `migrate introspect, ${INTROSPECT_TABLES.toLocaleString('en-US')} tables`, fig.introspect, null));
  return rows;
}

/** Lines printed under the table for what has no figures, e.g. "pgloader: failed (<its first error line>)". */
export function statusLines(result, options) {
  if (!options.parts.has('pgloader') || result.pgloader.status === 'ok') return [];
  return [result.pgloader.status === 'failed' ? `pgloader: failed (${result.pgloader.error})` : `pgloader: ${result.pgloader.status}`];
}

export const HEADER = ['set', 'what', 'rows', 'MB', 'seconds', 'rows/s', 'MB/s', 'x source', 'x target', 'x pgloader', 'RSS MB', 'CPU s', 'cores busy'];

/** Fixed-width text table; columns from `rightFrom` on (the numbers) right-aligned. */
export function renderTable(header, rows, rightFrom = header.length) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const render = (cells) => cells.map((c, i) => (i >= rightFrom ? (c ?? '').padStart(widths[i]) : (c ?? '').padEnd(widths[i]))).join('  ').trimEnd();
  return [render(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(render)].join('\n');
}

export function machine() {
  return { cpu: cpus()[0]?.model ?? 'unknown', cores: availableParallelism(), memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform };
}

/** The JSON document written to bench-results/<mode>.json: options, servers (host:port/db only), figures, targets, samples. */
export function jsonReport(result, fig, targetList, options, context) {
  return {
    formatVersion: 1,
    date: new Date().toISOString(),
    mode: options.mode,
    machine: machine(),
    options: { scale: options.scale, runs: options.runs, jobs: options.jobs, parts: [...options.parts] },
    source: context.source ?? null,
    target: context.target ?? null,
    pipeline: context.pipeline ?? null,
    pgloader: { status: result.pgloader.status, error: result.pgloader.error, version: context.pgloader?.version ?? null, settings: result.pgloader.best === undefined ? null : describeSettings(result.pgloader.best), grid: result.pgloader.grid ?? [] },
    sets: fig.sets,
    files: result.files ?? null,
    plan: fig.plan ?? null,
    introspect: fig.introspect ?? null,
    large: fig.large ?? null,
    targets: targetList,
    exact: { ok: result.problems.length === 0, problems: result.problems },
    notes: result.notes,
    samples: result.samples,
  };
}
