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
import type { Language } from '../../src/i18n/index.js';
import type { Plan } from '../../src/plan/plan-model.js';
import { renderHtmlReport } from '../../src/report/html.js';
import type { VerifyReport } from '../../src/verify/report.js';
import { goldenCases } from '../support/golden.js';
import { withLanguage } from '../support/language.js';

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

/** A copy and a verification of every table of the plan, as `migrate run` would pass them. */
function runOf(plan: Plan): { copy: CopySummary; verify: VerifyReport } {
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
  return { copy, verify };
}

/** The all-objects plan made, and its report.html rendered, in `lang`. */
function htmlIn(lang: Language): string {
  return withLanguage(lang, () => {
    const plan = goldenCases().find((c) => c.name === 'all-objects')?.plan;
    if (plan === undefined) throw new Error('all-objects golden case missing');
    const { copy, verify } = runOf(plan);
    return renderHtmlReport(plan, copy, verify);
  });
}

/** The page as Chromium builds it, and the size of a screenshot of it. */
function rendered(html: string): { dom: string; screenshot: number } {
  expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  const dir = mkdtempSync(join(tmpdir(), 'ms2pg-report-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, html);
  const dom = chromium(['--dump-dom', `file://${file}`], dir);
  const png = join(dir, 'report.png');
  chromium([`--screenshot=${png}`, '--window-size=1200,1800', `file://${file}`], dir);
  return { dom, screenshot: statSync(png).size };
}

describe.runIf(renderable)('report.html', () => {
  it('renders the assessment, the per-table chart, the verification table and the manual items in Chromium', () => {
    const { dom, screenshot } = rendered(htmlIn('en'));
    expect(dom).toContain('<html lang="en">');
    expect(dom).toContain('Migration report: all_objects');
    expect(dom).toContain('Rows per table');
    expect(dom).toContain('<td>sales.usp_close_order</td><td>procedure</td><td>sales.usp_close_order</td><td>exact</td>');
    expect(dom).toContain('What applications will see in their queries (PostgreSQL 18)');
    expect(dom).toMatch(/<td>dbo\.all_types\.c_varchar<\/td><td>citext COLLATE ms2pg\.ru<\/td><td>citext ordered by ms2pg\.ru: =, unique keys, LIKE, ILIKE/);
    expect(dom).toMatch(/<td>sales\.Orders<\/td><td>\d+<\/td><td>\d+<\/td><td>rows<\/td><td>equal<\/td>/);
    expect(screenshot).toBeGreaterThan(20_000);
  });

  it('renders in Russian when the language is Russian: headings, cards, words and the plan messages', () => {
    const { dom, screenshot } = rendered(htmlIn('ru'));
    expect(dom).toContain('<html lang="ru">');
    expect(dom).toContain('<title>Отчёт о миграции: all_objects</title>');
    expect(dom).toContain('<h1>Отчёт о миграции: all_objects</h1>');
    for (const heading of ['Строки и скорость', 'Проверка', 'Блокирующие проблемы', 'Объявленные потери при преобразовании', 'Что увидят приложения в своих запросах (PostgreSQL 18)', 'Процедуры, функции и триггеры', 'Ручная работа', 'Проверить']) {
      expect(dom).toContain(`<h2>${heading}</h2>`);
    }
    // Russian groups digits with a no-break space (the DOM dump writes it as &nbsp;).
    expect(dom).toContain('<span>скопировано строк</span><b class="">45&nbsp;000</b>');
    expect(dom).toContain('<figcaption>Строк в таблице</figcaption>');
    expect(dom).toContain('<td>sales.usp_close_order</td><td>процедура</td><td>sales.usp_close_order</td><td>точно</td><td>0,25</td>');
    expect(dom).toMatch(/<td>sales\.Orders<\/td><td>\d+<\/td><td>\d+<\/td><td>построчно<\/td><td>совпадает<\/td>/);
    expect(dom).toContain('<td>dbo.untrusted_child.FK_disabled</td><td>внешний ключ</td><td>отключён в SQL Server; в PostgreSQL отключённого внешнего ключа не бывает</td>');
    expect(dom).toContain('<td>dbo.heap_log</td><td>нет первичного ключа: копирование читает таблицу одной порцией, а проверка сравнивает её построчно</td>');
    expect(dom).not.toMatch(/>(None|not run|to review|Rows per table)</);
    expect(screenshot).toBeGreaterThan(20_000);
  });
});
