// Running and measuring child processes. Wall time is taken here; peak RSS and CPU seconds are
// reported by the child itself through measured.mjs, so no /usr/bin/time is needed and worker
// threads are counted. Every text that may reach the output passes through the project's redactor.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { redact } from '../../dist/secrets.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The CLI's entry module (bin/migrate only imports it), run in-process by the wrapper. */
export const MIGRATE = join(ROOT, 'dist/cli/main.js');
const WRAPPER = fileURLToPath(new URL('./measured.mjs', import.meta.url));

/** A failed step: the message is redacted and short, the whole output kept for --verbose. */
export class StepError extends Error {
  constructor(what, result) {
    const detail = firstError(`${result.stderr}\n${result.stdout}`);
    super(`${what} failed (exit ${result.code}): ${detail}`);
    this.detail = detail;
    this.output = redact(`${result.stderr}\n${result.stdout}`);
  }
}

/**
 * The first line that looks like an error, else the last non-empty line; without a leading log
 * timestamp, redacted, at most 200 characters.
 */
export function firstError(text) {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const line = lines.find((l) => /\b(error|fatal|failed|kaboom)\b/i.test(l)) ?? lines.at(-1) ?? '(no output)';
  return redact(line.replace(/^\d{4}-\d\d-\d\dT[\d:.]+Z?\s+/, '')).slice(0, 200);
}

/** Runs a command; resolves with exit code, output and wall seconds (never rejects on a non-zero exit). */
export function run(command, args, { cwd = ROOT, env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({
        code: code ?? (signal === null ? 1 : 128),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        seconds: (performance.now() - started) / 1000,
      });
    });
  });
}

/** The machine's CPU time so far from /proc/stat (Linux), in clock ticks: busy, all, and the CPU count; null elsewhere. */
function machineTicks() {
  try {
    const lines = readFileSync('/proc/stat', 'utf8').split('\n');
    const [user, nice, system, idle, iowait, irq, softirq, steal] = lines[0].split(/\s+/).slice(1, 9).map(Number);
    const busy = user + nice + system + irq + softirq + steal;
    return { busy, all: busy + idle + iowait, cpus: lines.filter((l) => /^cpu\d/.test(l)).length };
  } catch {
    return null;
  }
}

/**
 * Runs a Node script through measured.mjs: run()'s result plus peakRssMiB and cpuSeconds of the
 * child, and coresBusy: how many of the machine's cores were busy on average meanwhile (our process,
 * local database servers, anything else), which says whether more --jobs could have had cores to use.
 */
export async function runNode(script, args, options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ms2pg-usage-'));
  const usageFile = join(dir, 'usage.json');
  try {
    const before = machineTicks();
    const result = await run(process.execPath, [WRAPPER, script, ...args], { ...options, env: { ...options.env, BENCH_USAGE_FILE: usageFile } });
    const after = machineTicks();
    let usage;
    try {
      usage = JSON.parse(readFileSync(usageFile, 'utf8'));
    } catch {
      usage = undefined; // killed by a signal: no usage written
    }
    return {
      ...result,
      peakRssMiB: usage === undefined ? null : usage.maxRSS / 1024,
      cpuSeconds: usage === undefined ? null : (usage.userCPUTime + usage.systemCPUTime) / 1e6,
      coresBusy: before === null || after === null || after.all === before.all ? null : ((after.busy - before.busy) / (after.all - before.all)) * after.cpus,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The last JSON object printed on stdout: a one-line event or a pretty-printed result (CLIs print results last). */
export function lastJson(stdout) {
  const lines = stdout.trimEnd().split('\n');
  // Nested lines of a pretty-printed object are indented, so the last line starting with "{" opens the last object.
  for (let i = lines.length - 1; i >= 0; i--) {
    if (!lines[i].startsWith('{')) continue;
    try {
      return JSON.parse(lines.slice(i).join('\n'));
    } catch {
      // a line that only looked like the start of an object: keep looking
    }
  }
  return undefined;
}

/** Median of the numbers given (undefined and null ignored); the mean of the middle two for an even count. */
export function median(values) {
  const list = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (list.length === 0) return null;
  const mid = Math.floor(list.length / 2);
  return list.length % 2 === 1 ? list[mid] : (list[mid - 1] + list[mid]) / 2;
}
