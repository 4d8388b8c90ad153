/**
 * Fault test: the copy process (worker threads, from the build) is killed with SIGKILL at random
 * moments, then resumed; in the end every row is there exactly once.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { applyPlanned } from '../../support/apply.js';
import { writePlanDirectory } from '../../../src/plan/plan-io.js';
import { syntheticPlan } from '../../support/synthetic.js';
import { useTestDatabase, withClient } from '../../support/pg.js';

const SCRIPT = fileURLToPath(new URL('../../../scripts/synthetic-copy.mjs', import.meta.url));
const ROWS = 600_000;

function copyProcess(args: string[]): { done: Promise<number | null>; kill: () => void; stderr: () => string } {
  const child = spawn(process.execPath, [SCRIPT, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    done: new Promise((resolve) => {
      child.on('exit', (code) => {
        if (code !== null && code !== 0 && !args.includes('--restart')) console.error(stderr);
        resolve(code);
      });
    }),
    kill: () => child.kill('SIGKILL'),
    stderr: () => stderr,
  };
}

describe('copy survives kill -9', () => {
  const db = useTestDatabase();

  it('resumes after being killed at random points, with no missing and no duplicate rows', async () => {
    const plan = syntheticPlan(ROWS);
    const dir = mkdtempSync(join(tmpdir(), 'ms2pg-kill-'));
    writePlanDirectory(dir, plan);
    const pool = new pg.Pool({ connectionString: db.url });
    await applyPlanned(pool, plan, 'pre-data');
    await pool.end();
    const args = ['--plan', dir, '--target', db.url, '--jobs', '2', '--rows-per-chunk', '20000'];
    let kills = 0;
    for (let round = 0; round < 4; round++) {
      const run = copyProcess(args);
      // Early enough that the copy (a few seconds for these rows) is always interrupted, anywhere from startup on.
      const delay = 150 + Math.floor(Math.random() * 900);
      const timer = setTimeout(() => {
        kills++;
        run.kill();
      }, delay);
      const code = await run.done;
      clearTimeout(timer);
      if (code === 0) break;
    }
    const final = copyProcess(args);
    expect(await final.done).toBe(0);
    const stats = await withClient(db.url, (c) => c.query<{ count: string; distinct: string; sum: string }>('SELECT count(*) AS count, count(DISTINCT id) AS distinct, sum(id)::text AS sum FROM dbo.narrow'));
    expect(stats.rows[0]).toEqual({ count: String(ROWS), distinct: String(ROWS), sum: String((BigInt(ROWS) * BigInt(ROWS + 1)) / 2n) });
    const chunks = await withClient(db.url, (c) => c.query<{ status: string; n: string }>("SELECT status, count(*) AS n FROM ms2pg_state.copy_chunks GROUP BY status"));
    expect(chunks.rows).toEqual([{ status: 'done', n: String(ROWS / 20000 + 3) }]);
    expect(kills).toBeGreaterThan(0);
  }, 180_000);
});

describe('copy worker threads and the queue', () => {
  const db = useTestDatabase();

  it('ends at once when the queue cannot be prepared, naming the table: the threads started meanwhile are stopped', async () => {
    // The plan's tables were never created, so --restart cannot empty them.
    const dir = mkdtempSync(join(tmpdir(), 'ms2pg-noqueue-'));
    writePlanDirectory(dir, syntheticPlan(1000));
    const run = copyProcess(['--plan', dir, '--target', db.url, '--jobs', '2', '--restart']);
    // A thread left running would keep the process alive (the script ends by its exit code, as the CLI).
    const deadline = setTimeout(() => {
      run.kill();
    }, 20_000);
    const code = await run.done;
    clearTimeout(deadline);
    expect(code).toBe(1);
    expect(run.stderr()).toMatch(/--restart cannot empty dbo\./);
    const queued = await withClient(db.url, (c) => c.query<{ n: string }>('SELECT count(*) AS n FROM ms2pg_state.copy_chunks'));
    expect(queued.rows[0]?.n).toBe('0');
  }, 60_000);
});
