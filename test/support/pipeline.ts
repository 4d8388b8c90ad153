/**
 * The whole pipeline through the CLI, as a DBA runs it: introspect, plan (for the target's version),
 * apply pre-data, copy, apply post-data, verify. Every step must exit 0 without an error line; a
 * failing verify shows its differences.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Plan } from '../../src/plan/plan-model.js';
import { runMigrate } from './cli.js';

export interface MigrateOptions {
  /** Extra flags for migrate copy. */
  readonly copy?: readonly string[];
  /** Verify levels to run, each with its own diff file (default: checksum). */
  readonly verify?: readonly ('count' | 'checksum' | 'rows')[];
}

export async function migrate(sourceUrl: string, targetUrl: string, dir: string, options: MigrateOptions = {}): Promise<Plan> {
  const plan = join(dir, 'plan');
  const steps = [
    ['introspect', '--source', sourceUrl, '--out', join(dir, 'catalog.json')],
    ['plan', '--catalog', join(dir, 'catalog.json'), '--target', targetUrl, '--out', plan],
    ['apply', '--target', targetUrl, '--plan', plan, '--phase', 'pre-data'],
    ['copy', '--source', sourceUrl, '--target', targetUrl, '--plan', plan, '--jobs', '2', '--rejects', join(dir, 'rejects.jsonl'), ...(options.copy ?? [])],
    ['apply', '--target', targetUrl, '--plan', plan, '--phase', 'post-data'],
    ...(options.verify ?? ['checksum']).map((level) => ['verify', '--source', sourceUrl, '--target', targetUrl, '--plan', plan, '--level', level, '--junit', join(dir, `verify-${level}.xml`), '--diff', join(dir, `diff-${level}.jsonl`)]),
  ];
  for (const step of steps) {
    const run = await runMigrate(step);
    const name = `migrate ${step[0] ?? ''}${step[0] === 'verify' ? ` --level ${step[step.indexOf('--level') + 1] ?? ''}` : ''}`;
    const diff = step[0] === 'verify' && existsSync(step[step.length - 1] ?? '') ? readFileSync(step[step.length - 1] ?? '', 'utf8') : '';
    expect(run.stderr.split('\n').filter((l) => l.startsWith('error')), name).toEqual([]);
    expect(run.code, `${name}: ${run.stdout}\n${diff}`).toBe(0);
  }
  return JSON.parse(readFileSync(join(plan, 'plan.json'), 'utf8')) as Plan;
}
