/** `migrate demo` on this machine as a newcomer runs it: every table equal, reports written, nothing left running. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMigrate } from '../support/cli.js';

const running = (pattern: string): string => {
  try {
    return execFileSync('pgrep', ['-af', pattern], { encoding: 'utf8' });
  } catch {
    return ''; // pgrep exits 1 when nothing matches
  }
};

describe('migrate demo', () => {
  it('migrates the municipal example from its shipped files into an embedded PostgreSQL and proves every table equal', async () => {
    const project = join(mkdtempSync(join(tmpdir(), 'ms2pg-demo-test-')), 'demo');
    const run = await runMigrate(['demo', '--project', project]);
    expect(run.stderr.split('\n').filter((l) => l.startsWith('error'))).toEqual([]);
    expect(run.code).toBe(0);
    const [, equal, total] = /every table equal: (\d+) of (\d+)/.exec(run.stdout) ?? [];
    expect(Number(total)).toBeGreaterThan(20);
    expect(equal).toBe(total);
    for (const file of ['report.html', 'verify.xml', 'plan/report.md', 'plan/post-data.sql']) expect(existsSync(join(project, file)), file).toBe(true);
    expect(running('ms2pg-demo-pg-')).toBe('');
  }, 180_000);
});
