/**
 * report.html renders in a real headless Chromium (Debian's chromium; .ci/run installs it). Without
 * one the test skips and says why, except under CI=true, where a missing Chromium fails it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CopySummary } from '../../src/copy/run-copy.js';
import { renderHtmlReport } from '../../src/report/html.js';
import type { VerifyReport } from '../../src/verify/report.js';
import { goldenCases } from '../support/golden.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const renderable = existsSync(CHROMIUM) || process.env.CI === 'true';
if (!renderable) console.log(`report.html rendering test skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);

function chromium(args: string[], dir: string): string {
  return execFileSync(
    CHROMIUM,
    ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${join(dir, 'profile')}`, ...args],
    { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] },
  );
}

describe.runIf(renderable)('report.html', () => {
  it('renders the assessment, the per-table chart, the verification table and the manual items in Chromium', () => {
    const plan = goldenCases().find((c) => c.name === 'all-objects')?.plan;
    if (plan === undefined) throw new Error('all-objects golden case missing');
    const copy: CopySummary = {
      tables: plan.tables.map((t, i) => ({ tableKey: `${t.target.schema}.${t.target.name}`, chunks: 1, done: 1, failed: 0, pending: 0, rows: (i + 1) * 1000, bytes: (i + 1) * 80_000, rejected: 0, seconds: 1, attempts: 0, lastError: null, wallSeconds: 0.5 + i / 10 })),
      truncated: [],
      retries: 0,
      rejected: 0,
      nulChanged: 0,
      seconds: 4.2,
      complete: true,
      sourceRead: 'each chunk under SNAPSHOT isolation',
    };
    const verify: VerifyReport = {
      formatVersion: 1,
      level: 'rows',
      status: 'equal',
      tables: plan.tables.map((t, i) => ({ table: `${t.source.schema}.${t.source.name}`, target: `${t.target.schema}.${t.target.name}`, status: 'equal' as const, level: 'rows' as const, sourceRows: (i + 1) * 1000, targetRows: (i + 1) * 1000, chunks: 1, mismatchedChunks: 0, differences: 0, examples: [], problems: [], seconds: 0.1, checksummed: 0, sourceChanged: 0 })),
      declaredLosses: [],
      seconds: 1,
    };
    const html = renderHtmlReport(plan, copy, verify);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    const dir = mkdtempSync(join(tmpdir(), 'ms2pg-report-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, html);
    const dom = chromium(['--dump-dom', `file://${file}`], dir);
    expect(dom).toContain('Migration report: all_objects');
    expect(dom).toContain('Rows per table');
    expect(dom).toContain('sales.usp_close_order');
    expect(dom).toMatch(/<td>sales\.Orders<\/td><td>\d+<\/td><td>\d+<\/td><td>rows<\/td><td>equal<\/td>/);
    const png = join(dir, 'report.png');
    chromium([`--screenshot=${png}`, '--window-size=1200,1800', `file://${file}`], dir);
    expect(statSync(png).size).toBeGreaterThan(20_000);
  });
});
