/** The whole pipeline through the CLI, as a DBA runs it: introspect, plan, apply pre-data, copy, apply post-data, verify. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Plan } from '../../src/plan/plan-model.js';
import { runMigrate } from './cli.js';

export async function migrate(sourceUrl: string, targetUrl: string, dir: string, copyOptions: readonly string[] = []): Promise<Plan> {
  const steps = [
    ['introspect', '--source', sourceUrl, '--out', join(dir, 'catalog.json')],
    ['plan', '--catalog', join(dir, 'catalog.json'), '--out', join(dir, 'plan')],
    ['apply', '--target', targetUrl, '--plan', join(dir, 'plan'), '--phase', 'pre-data'],
    ['copy', '--source', sourceUrl, '--target', targetUrl, '--plan', join(dir, 'plan'), '--jobs', '2', '--rejects', join(dir, 'rejects.jsonl'), ...copyOptions],
    ['apply', '--target', targetUrl, '--plan', join(dir, 'plan'), '--phase', 'post-data'],
    ['verify', '--source', sourceUrl, '--target', targetUrl, '--plan', join(dir, 'plan'), '--level', 'checksum', '--junit', join(dir, 'verify.xml'), '--diff', join(dir, 'diff.jsonl')],
  ];
  for (const step of steps) {
    const run = await runMigrate(step);
    expect(run.stderr.split('\n').filter((l) => l.startsWith('error')), `migrate ${step[0] ?? ''}`).toEqual([]);
    expect(run.code, `migrate ${step[0] ?? ''}: ${run.stdout}`).toBe(0);
  }
  return JSON.parse(readFileSync(join(dir, 'plan', 'plan.json'), 'utf8')) as Plan;
}
