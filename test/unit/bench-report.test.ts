// The benchmark's judgement of issue #8's targets (scripts/bench/report.mjs), from made-up samples.
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ESM script of the benchmark, without type declarations
import * as reportScript from '../../scripts/bench/report.mjs';

interface Sample {
  part: string;
  set: string;
  jobs: number;
  run: number;
  seconds: number;
  rows: number;
  coresBusy?: number;
}

interface Judged {
  target: string;
  value: string;
  status: string;
}

interface Figures {
  sets: Record<string, { copy: Record<number, { vsTargetBound: number | null }> }>;
}

const { figures, targets } = reportScript as unknown as {
  figures: (result: object, options: object) => Figures;
  targets: (fig: Figures, result: object, options: object) => Judged[];
};

const ROWS = 1_000_000;
const sample = (part: string, jobs: number, seconds: number, extra: Partial<Sample> = {}): Sample => ({ part, set: 'narrow', jobs, run: 1, seconds, rows: ROWS, ...extra });

function judge(samples: readonly Sample[], mode: 'live' | 'synthetic'): Judged[] {
  const options = { mode, jobs: [1, 2], runs: 1, scale: 1, parts: new Set(['copy', 'bounds']) };
  const result = { sets: ['narrow'], samples, bytes: { narrow: 75 * 2 ** 20 }, problems: [], notes: [], pgloader: { status: 'not run', error: null } };
  return targets(figures(result, options), result, options);
}

const scaling = (list: readonly Judged[]): Judged | undefined => list.find((t) => t.target.startsWith('--jobs 2'));

describe('benchmark targets', () => {
  it('judges --jobs scaling where the bounds leave room', () => {
    const roomy = [sample('copy', 1, 10), sample('copy', 2, 8), sample('sourceBound', 1, 5), sample('sourceBound', 2, 2.5), sample('targetBound', 1, 4), sample('targetBound', 2, 2)];
    expect(scaling(judge(roomy, 'live'))).toMatchObject({ status: 'MISS' });
    const scaled = roomy.map((s) => (s.part === 'copy' && s.jobs === 2 ? { ...s, seconds: 6 } : s));
    expect(scaling(judge(scaled, 'live'))).toMatchObject({ status: 'PASS' });
  });

  it('does not judge --jobs scaling when the slower bound itself gains less than 1.6x', () => {
    // The source bound gains 1.1x: the copy cannot gain more, whatever the target bound does.
    const list = judge([sample('copy', 1, 10), sample('copy', 2, 9), sample('sourceBound', 1, 7), sample('sourceBound', 2, 6.4), sample('targetBound', 1, 4), sample('targetBound', 2, 2)], 'live');
    expect(scaling(list)?.status).toBe('n/a');
    expect(scaling(list)?.value).toContain('the bounds allow 1.09x');
  });

  it('does not judge --jobs scaling when the copy at --jobs 1 already keeps the cores busy', () => {
    const busy = availableParallelism();
    const list = judge([sample('copy', 1, 10, { coresBusy: busy }), sample('copy', 2, 9, { coresBusy: busy }), sample('targetBound', 1, 4), sample('targetBound', 2, 2)], 'synthetic');
    expect(scaling(list)?.status).toBe('n/a');
    expect(scaling(list)?.value).toContain(`cores busy at --jobs 1`);
  });

  it('compares the synthetic copy with one psql stream, and each copy with the bound at its own --jobs', () => {
    const samples = [sample('copy', 1, 10), sample('copy', 2, 5), sample('targetBound', 1, 4), sample('targetBound', 2, 2)];
    const synthetic = judge(samples, 'synthetic').find((t) => t.target.startsWith('synthetic'));
    expect(synthetic).toMatchObject({ status: 'PASS' });
    expect(synthetic?.value).toMatch(/^0\.80x .*0\.40x against 2 at once/);
    const options = { mode: 'synthetic', jobs: [1, 2] };
    const copies = figures({ sets: ['narrow'], samples, bytes: {} }, options).sets.narrow?.copy;
    expect(copies?.[1]?.vsTargetBound).toBeCloseTo(0.4);
    expect(copies?.[2]?.vsTargetBound).toBeCloseTo(0.4);
  });
});

describe('pgloader settings grid', () => {
  // @ts-expect-error -- a plain ESM script of the benchmark, without type declarations
  const load = (): Promise<Record<string, unknown>> => import('../../scripts/bench/pgloader.mjs');
  interface Settings { workers: number; concurrency: number; batch: { rows: number } | null }

  it('tries workers 4/8 x concurrency 1/2 with default batches, plus big batches', async () => {
    const { settingsGrid } = (await load()) as { settingsGrid: (jobs: number) => Settings[] };
    const grid = settingsGrid(2);
    expect(grid.filter((s) => s.batch === null).map((s) => `${s.workers}/${s.concurrency}`)).toEqual(['4/1', '4/2', '8/1', '8/2']);
    expect(grid.filter((s) => s.batch !== null)).toHaveLength(1);
  });

  it('leaves batch options out of the load command for default batches, and writes them otherwise', async () => {
    const { settingsGrid, loadCommand } = (await load()) as { settingsGrid: (jobs: number) => Settings[]; loadCommand: (s: string, t: string, settings: Settings, like: string[]) => string };
    const [defaults, , , , big] = settingsGrid(2);
    const source = 'mssql://u:p@127.0.0.1:1433/bench';
    const target = 'postgres://u:p@127.0.0.1:5432/bench';
    if (defaults === undefined || big === undefined) throw new Error('grid too short');
    expect(loadCommand(source, target, defaults, ['narrow'])).not.toMatch(/batch rows/);
    expect(loadCommand(source, target, defaults, ['narrow'])).toMatch(/workers = 4, concurrency = 1\n/);
    expect(loadCommand(source, target, big, ['narrow'])).toMatch(/batch rows = 50000, batch size = 64 MB, prefetch rows = 100000/);
  });
});
