/**
 * `migrate plan --lang ru` (the built CLI, as a user runs it) writes the plan's human-readable
 * files in Russian, and so does a Russian locale in LANG; without either they are English. The
 * machine parts of plan.json (codes, types, SQL) are the same in every language.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/plan-model.js';
import { runMigrate } from '../support/cli.js';

const CATALOG = fileURLToPath(new URL('../fixtures/catalogs/all-objects.catalog.json', import.meta.url));
const GOLDEN = fileURLToPath(new URL('../fixtures/plans/all-objects/', import.meta.url));

async function plan(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ dir: string; file: (name: string) => string }> {
  const dir = mkdtempSync(join(tmpdir(), 'ms2pg-lang-'));
  const run = await runMigrate(['plan', '--catalog', CATALOG, '--out', dir, ...args], { env });
  expect(run.code, run.stderr).toBe(0);
  return { dir, file: (name) => readFileSync(join(dir, name), 'utf8') };
}

/** plan.json without the words for people: what apply, copy and verify read. */
function machineParts(text: string): unknown {
  const { issues, manual, translations, routines, tables, ...rest } = JSON.parse(text) as Plan;
  return {
    ...rest,
    tables: tables.map(({ columns, ...table }) => ({ ...table, columns: columns.map(({ losses, queryDifferences, ...column }) => ({ ...column, losses: losses.length, differences: queryDifferences?.length })) })),
    issues: issues.map((i) => [i.severity, i.code, i.object]),
    manual: manual.map((m) => [m.object, m.kind, m.original]),
    translations: translations.map((t) => [t.object, t.kind, t.confidence, t.notes.length]),
    routines: routines.map((r) => ({ ...r, constructs: r.constructs.map((c) => [c.construct, c.confidence, c.line, c.col]) })),
  };
}

describe('the plan in Russian', () => {
  it('migrate plan --lang ru writes report.md, manual.sql and the plan messages in Russian, with the same machine fields', async () => {
    const { file } = await plan(['--lang', 'ru']);
    const report = file('report.md');
    expect(report.startsWith('# Оценка миграции: all_objects\n')).toBe(true);
    for (const heading of ['## Перечень объектов', '## Объявленные потери при преобразовании', '## Что увидят приложения в своих запросах', '## Большие значения', '## Изменённые имена', '## Проверить', '## Процедуры, функции и триггеры', '### Трудозатраты по схемам', '## Копирование']) {
      expect(report).toContain(`\n${heading}\n`);
    }
    expect(report).toContain('Блокирующих проблем нет. Проверить: 17 предупреждений.');
    expect(report).toContain('| объект | преобразовано | требует проверки | не преобразовано |');
    // An issue, a declared loss of the shipped mapping rules, a query difference and a construct's reason, each in Russian.
    expect(report).toContain('| предупреждение | dbo.heap_log | нет первичного ключа: копирование читает таблицу одной порцией, а проверка сравнивает её построчно |  |');
    expect(report).toContain('| dbo.all_types.c_datetime2 | datetime2(7) | timestamp(6) | точность 100 нс: седьмой знак дробной части секунды округляется до ближайшей микросекунды |');
    expect(report).toContain('citext с порядком ms2pg.ru: =, уникальные ключи, LIKE, ILIKE, регулярные выражения и ORDER BY не учитывают регистр');
    expect(report).toContain('| sales.Orders.TR_Orders_audit | триггер after insert/update | триггерная функция sales.tr_orders_audit | проверить | 1 | 4:3 локальное время сервера, как в SQL Server');
    expect(report).toContain('| dbo.all_types | dbo.all_types | 1000 | 816,0 КБ | id |');
    // The name-changes table reads the new name out of the Russian message.
    expect(report).toContain('| dbo.Tabelle_mit_einem_sehr_langen_Namen_der_die_Grenze_von_dreiundsechzig_Bytes_klar_ueberschreitet_und_weiter_geht | dbo.tabelle_mit_einem_sehr_langen_namen_der_die_grenze_von_0c38cefa |');
    expect(report).not.toMatch(/\b(warning|to review|not converted|no primary key)\b/);
    expect(file('manual.sql')).toContain('-- Источник: SQL Server 16.0.4135.4, база данных all_objects. 1 объект.\n\n-- внешний ключ: dbo.untrusted_child.FK_disabled\n-- причина: отключён в SQL Server; в PostgreSQL отключённого внешнего ключа не бывает\n');
    const planJson = file('plan.json');
    expect(planJson).toContain('"message": "нет первичного ключа: копирование читает таблицу одной порцией, а проверка сравнивает её построчно"');
    expect(machineParts(planJson)).toEqual(machineParts(readFileSync(join(GOLDEN, 'plan.json'), 'utf8')));
    // The SQL is the same whatever the language; only the comments of its header are Russian.
    const statements = (sql: string): string => sql.slice(sql.indexOf('-- ms2pg:statement'));
    expect(statements(file('post-data.sql'))).toBe(statements(readFileSync(join(GOLDEN, 'post-data.sql'), 'utf8')));
    expect(file('pre-data.sql')).toMatch(/^-- Pre-data: схемы, сопоставления, расширения, последовательности, таблицы \(до копирования\)\.\n-- Сформировано ms2pg/);
  });

  it('takes Russian from LANG, and stays English without --lang or a Russian locale', async () => {
    const flag = await plan(['--lang', 'ru']);
    const locale = await plan([], { LANG: 'ru_RU.UTF-8' });
    expect(locale.file('report.md')).toBe(flag.file('report.md'));
    expect(locale.file('plan.json')).toBe(flag.file('plan.json'));
    const english = await plan([], { LANG: 'C.UTF-8' });
    for (const name of ['report.md', 'plan.json', 'manual.sql', 'pre-data.sql']) expect(english.file(name), name).toBe(readFileSync(join(GOLDEN, name), 'utf8'));
    // --lang wins over the locale.
    expect((await plan(['--lang', 'en'], { LANG: 'ru_RU.UTF-8' })).file('report.md')).toBe(english.file('report.md'));
  });
});
