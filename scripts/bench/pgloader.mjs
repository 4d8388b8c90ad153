// pgloader as the reference tool of the live benchmark: it loads the same tables from SQL Server into
// its own database on the same PostgreSQL server, with the fastest of a grid of settings (all printed
// with the results). The load file holds the passwords: it lives in a mkdtemp directory with mode
// 0600 and is deleted afterwards; nothing pgloader prints reaches our output unredacted.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StepError, firstError, run } from './measure.mjs';

/** pgloader's version (e.g. 3.6.7~devel), or undefined when it is not installed. */
export function pgloaderVersion() {
  const result = spawnSync('pgloader', ['--version'], { encoding: 'utf8' });
  if (result.status !== 0) return undefined;
  return /version "?([^"\s]+)/.exec(result.stdout)?.[1] ?? result.stdout.split('\n')[0].trim();
}

/** SBCL's runtime option for a larger heap; some builds refuse it ("Undefined option"). */
function heapOptionWorks(mib) {
  const result = spawnSync('pgloader', ['--dynamic-space-size', String(mib), '--version'], { encoding: 'utf8' });
  return result.status === 0 && !/undefined option/i.test(`${result.stdout}${result.stderr}`);
}

const SESSION = { work_mem: '64MB', maintenance_work_mem: '512MB', synchronous_commit: 'off' };

/**
 * The settings pgloader is tried with; the benchmark compares the copy with the fastest. Its own
 * defaults of batch size with workers 4/8 x concurrency 1/2 (on this project's machine, workers 4,
 * concurrency 1 and default batches loaded the dataset in 67 s), and big batches with prefetch,
 * which starve fewer threads on a fast source but took 168 s there. The target's session is tuned
 * as docs/operations.md tunes it for our copy (synchronous_commit off is safe for a reloadable
 * load); a 4 GB heap keeps big batches from exhausting SBCL's default one.
 */
export function settingsGrid(jobs) {
  const heap = 4096;
  const dynamicSpaceSizeMiB = heapOptionWorks(heap) ? heap : null;
  const defaults = [4, 8].flatMap((workers) => [1, 2].map((concurrency) => ({ workers, concurrency, batch: null, dynamicSpaceSizeMiB, session: SESSION })));
  const bigBatches = { workers: Math.max(4, 2 * jobs), concurrency: Math.max(1, jobs), batch: { rows: 50_000, sizeMB: 64, prefetchRows: 100_000 }, dynamicSpaceSizeMiB, session: SESSION };
  return [...defaults, bigBatches];
}

export function describeSettings(s) {
  const session = Object.entries(s.session).map(([k, v]) => `${k} = ${v}`).join(', ');
  const heap = s.dynamicSpaceSizeMiB === null ? 'default heap' : `--dynamic-space-size ${s.dynamicSpaceSizeMiB}`;
  const batch = s.batch === null ? 'default batches' : `batch rows = ${s.batch.rows}, batch size = ${s.batch.sizeMB} MB, prefetch rows = ${s.batch.prefetchRows}`;
  return `workers = ${s.workers}, concurrency = ${s.concurrency}, ${batch}; ${session}; ${heap}`;
}

/** pgloader's connection string syntax: ':' and '@' in the user doubled, '@' in the password doubled. */
function pgloaderUrl(scheme, url) {
  const u = new URL(url);
  const user = decodeURIComponent(u.username).replaceAll(':', '::').replaceAll('@', '@@');
  const password = decodeURIComponent(u.password).replaceAll('@', '@@');
  const credentials = user === '' ? '' : `${user}${password === '' ? '' : `:${password}`}@`;
  return `${scheme}://${credentials}${u.hostname}${u.port === '' ? '' : `:${u.port}`}${u.pathname}`;
}

/** The load command: data of the tables matching `patterns` (T-SQL LIKE, schema dbo) into fresh tables, no indexes or keys (as our copy before post-data). */
export function loadCommand(sourceUrl, targetUrl, settings, patterns) {
  const session = Object.entries(settings.session).map(([k, v]) => `${k} to '${v}'`).join(', ');
  const batch = settings.batch === null ? '' : `,\n     batch rows = ${settings.batch.rows}, batch size = ${settings.batch.sizeMB} MB, prefetch rows = ${settings.batch.prefetchRows}`;
  return `LOAD DATABASE
  FROM ${pgloaderUrl('mssql', sourceUrl)}
  INTO ${pgloaderUrl('postgresql', targetUrl)}
WITH include drop, create tables, create no indexes, no foreign keys, reset no sequences,
     workers = ${settings.workers}, concurrency = ${settings.concurrency}${batch}
SET ${session}
INCLUDING ONLY TABLE NAMES LIKE ${patterns.map((p) => `'${p}'`).join(', ')} IN SCHEMA 'dbo'
;
`;
}

/** pgloader's own "Total import time" (its data phase) from the summary it prints, e.g. 0.512s, 1m20.936s, 1h2m3.5s. */
export function importSeconds(output) {
  const match = /Total import time.*?\s(?:(\d+)h)?(?:(\d+)m)?(\d+(?:\.\d+)?)s\s*$/m.exec(output);
  if (match === null) return null;
  return Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3]);
}

/**
 * One pgloader run: wall seconds, its own import time, and its first error line if it logged one
 * but still finished. Throws a StepError (detail: its first error line, redacted) when it did not load.
 */
export async function runPgloader(sourceUrl, targetUrl, settings, patterns) {
  const dir = mkdtempSync(join(tmpdir(), 'ms2pg-pgloader-'));
  chmodSync(dir, 0o700);
  try {
    const file = join(dir, 'bench.load');
    writeFileSync(file, loadCommand(sourceUrl, targetUrl, settings, patterns), { mode: 0o600 });
    const heap = settings.dynamicSpaceSizeMiB === null ? [] : ['--dynamic-space-size', String(settings.dynamicSpaceSizeMiB)];
    const port = new URL(sourceUrl).port;
    const result = await run('pgloader', [...heap, '--root-dir', dir, '--logfile', join(dir, 'pgloader.log'), file], {
      // FreeTDS takes the port from TDSPORT when the connection string's port is not used.
      env: port === '' ? {} : { TDSPORT: port },
    });
    // pgloader exits 0 even when it stopped at an error (e.g. "dbsqlexec fail" on Babelfish's
    // catalog): a run without its final summary line did not load.
    const output = `${result.stdout}\n${result.stderr}`;
    const imported = importSeconds(output);
    if (result.code !== 0 || imported === null) throw new StepError('pgloader', result);
    const errorLine = output.split('\n').find((l) => /\b(ERROR|FATAL)\b/.test(l));
    return { seconds: result.seconds, importSeconds: imported, error: errorLine === undefined ? null : firstError(errorLine) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
