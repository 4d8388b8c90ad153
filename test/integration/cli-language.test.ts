/**
 * The CLI in Russian (`--lang ru`, or a Russian locale in LANG), real runs of the built CLI: the
 * summaries of plan, apply, copy and verify, a usage error, a runtime error, a refused copy, and a
 * refusal formed in a copy worker thread. With no setting it stays English, and --json keeps its
 * keys and machine values whatever the language.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resultJson, runMigrate } from '../support/cli.js';
import { useTestDatabase, withClient } from '../support/pg.js';

const EXAMPLE = new URL('../../examples/municipal/', import.meta.url).pathname;
const DATA = join(EXAMPLE, 'data');
const RU = { LANG: 'ru_RU.UTF-8' };

function planArgs(out: string): string[] {
  return ['plan', '--catalog', join(EXAMPLE, 'catalog.json'), '--mappings', join(EXAMPLE, 'mappings.yaml'), '--out', out];
}

/** The lines of stderr that report errors, in either language. */
const errorLines = (stderr: string): string[] => stderr.split('\n').filter((line) => /^(error|ошибка):/.test(line));

describe('the CLI in Russian', () => {
  const db = useTestDatabase();
  const plan = join(mkdtempSync(join(tmpdir(), 'ms2pg-lang-')), 'plan');

  it('plans with --lang ru or LANG=ru_RU.UTF-8 in Russian, and in English with no setting; --json keeps its keys', async () => {
    const flag = await runMigrate([...planArgs(plan), '--lang', 'ru']);
    expect(flag.code).toBe(0);
    expect(flag.stdout).toMatch(/^план составлен для PostgreSQL \d+$/m);
    expect(flag.stdout).toMatch(/^\d+ таблиц[аы]?, \d+ столб(ец|ца|цов); операторов pre-data: \d+, post-data: \d+$/m);
    expect(flag.stdout).toContain(`— см. ${plan}/report.md`);
    const locale = await runMigrate(planArgs(plan), { env: RU });
    expect(locale.stdout).toBe(flag.stdout);
    const english = await runMigrate(planArgs(plan), { env: { LANG: 'C.UTF-8' } });
    expect(english.stdout).toMatch(/^planned for PostgreSQL \d+$/m);
    expect(english.stdout).toMatch(/^\d+ tables, \d+ columns; \d+ pre-data and \d+ post-data statements$/m);
    const json = await runMigrate([...planArgs(plan), '--json'], { env: RU });
    expect(resultJson(json)).toMatchObject({ formatVersion: 1, out: plan, issues: { error: 0 } });
  });

  it('reports a usage error in the chosen language, with the same code and exit code', async () => {
    const russian = await runMigrate(['apply', '--plan', plan, '--lang', 'ru']);
    expect(russian.code).toBe(3);
    expect(russian.stderr).toContain('ошибка: укажите --phase pre-data или --phase post-data');
    expect((await runMigrate(['apply', '--plan', plan], { env: RU })).stderr).toBe(russian.stderr);
    const english = await runMigrate(['apply', '--plan', plan]);
    expect(english.code).toBe(3);
    expect(english.stderr).toContain('error: give --phase pre-data or --phase post-data');
    const json = await runMigrate(['apply', '--plan', plan, '--json'], { env: RU });
    expect(resultJson(json)).toEqual({ formatVersion: 1, ok: false, error: { code: 'APPLY_PHASE_MISSING', message: 'укажите --phase pre-data или --phase post-data' } });
  });

  it('reports a setting it cannot use in Russian before any command runs', async () => {
    const run = await runMigrate(['copy', '--plan', plan, '--jobs', 'many', '--lang', 'ru']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('ошибка: copy.jobs: ожидается целое число >= 1, получено "many" (из --jobs)');
  });

  it('applies, loads and verifies with Russian summaries (the threads too), and the same --json as in English', async () => {
    const pre = await runMigrate(['apply', '--plan', plan, '--target', db.url, '--phase', 'pre-data', '--lang', 'ru']);
    expect(errorLines(pre.stderr)).toEqual([]);
    expect(pre.code).toBe(0);
    expect(pre.stderr).toContain(`применяю pre-data из ${plan} к PostgreSQL`);
    expect(pre.stdout).toMatch(/^шаг\s+операторов\s+секунд$/m);
    expect(pre.stdout).toMatch(/^применено \d+, применено ранее 0, пропущено 0, с ошибкой 0 за [\d.]+ с$/m);

    const load = await runMigrate(['copy', '--plan', plan, '--target', db.url, '--from-files', DATA, '--jobs', '2'], { env: RU });
    expect(errorLines(load.stderr)).toEqual([]);
    expect(load.code).toBe(0);
    expect(load.stderr).toMatch(/^загружаю \d+ таблиц[уы]? из файлов порций в .*, обработчиков: 2$/m);
    expect(load.stderr).toContain('чтение источника: файлы порций из');
    expect(load.stdout).toMatch(/^таблица\s+строк\s+МБ\s+секунд\s+строк\/с\s+повторов\s+отклонено\s+состояние$/m);
    expect(load.stdout).toMatch(/^\d+ строк[аи]? за [\d.]+ с \(\d+ строк\/с\), повторов: 0, отклонено: 0, изменено NUL: 0$/m);

    const post = await runMigrate(['apply', '--plan', plan, '--target', db.url, '--phase', 'post-data', '--lang', 'ru']);
    expect(errorLines(post.stderr)).toEqual([]);
    expect(post.code).toBe(0);

    const verify = await runMigrate(['verify', '--plan', plan, '--target', db.url, '--from-files', DATA, '--lang', 'ru']);
    expect(verify.code).toBe(0);
    const [, equal, total] = /^всё совпадает: равны (\d+) из (\d+) таблиц[ы]?, уровень checksum, сверка с /m.exec(verify.stdout) ?? [];
    expect(Number(total)).toBeGreaterThan(20);
    expect(equal).toBe(total);
    expect(verify.stderr).toMatch(/ равна /);

    const json = await runMigrate(['verify', '--plan', plan, '--target', db.url, '--from-files', DATA, '--json', '--lang', 'ru']);
    expect(resultJson(json)).toMatchObject({ formatVersion: 1, level: 'checksum', status: 'equal' });
  });

  it('reports a runtime error (a refused connection) in Russian, and in English with no setting', async () => {
    const target = 'postgres://nobody@127.0.0.1:1/nothing';
    const russian = await runMigrate(['apply', '--plan', plan, '--target', target, '--phase', 'pre-data'], { env: RU });
    expect(russian.code).toBe(4);
    expect(russian.stderr).toContain('ошибка: PostgreSQL nobody@127.0.0.1:1/nothing: в подключении отказано (на этом порту никто не слушает)');
    const english = await runMigrate(['apply', '--plan', plan, '--target', target, '--phase', 'pre-data']);
    expect(english.stderr).toContain('error: PostgreSQL nobody@127.0.0.1:1/nothing: connection refused (nothing listens on that port)');
  });
});

describe('refusals in Russian', () => {
  const db = useTestDatabase();
  const plan = join(mkdtempSync(join(tmpdir(), 'ms2pg-lang-')), 'plan');

  it('refuses to copy into a table that holds rows, saying so and what to do in Russian', async () => {
    expect((await runMigrate(planArgs(plan))).code).toBe(0);
    expect((await runMigrate(['apply', '--plan', plan, '--target', db.url, '--phase', 'pre-data'])).code).toBe(0);
    await withClient(db.url, (c) => c.query("INSERT INTO docs.document_kind VALUES (99, 'X', 'чужая строка')"));
    const copy = await runMigrate(['copy', '--plan', plan, '--target', db.url, '--from-files', DATA, '--tables', 'docs.*'], { env: RU });
    expect(copy.code).toBe(3);
    expect(copy.stderr).toContain('ошибка: в целевых таблицах есть строки, записанные не этим копированием: docs.document_kind (1 строка)');
    expect(copy.stderr).toContain('подсказка: очистите их с --truncate (или начните заново с --restart) либо копируйте в новую базу; ничего не скопировано и не очищено');
  });

  it('names a chunk file that is not the exported one in Russian, as the copy worker thread that loaded it found', async () => {
    const data = mkdtempSync(join(tmpdir(), 'ms2pg-lang-data-'));
    cpSync(DATA, data, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(data, 'manifest.json'), 'utf8')) as { tables: { table: string; chunks: { file: string }[] }[] };
    const file = manifest.tables.find((t) => t.table === 'appeals.channel')?.chunks[0]?.file ?? '';
    const bytes = readFileSync(join(data, file));
    const at = Math.floor(bytes.length / 2);
    bytes[at] = (bytes[at] ?? 0) ^ 0x01;
    writeFileSync(join(data, file), bytes);
    const copy = await runMigrate(['copy', '--plan', plan, '--target', db.url, '--from-files', data, '--tables', 'appeals.channel', '--lang', 'ru']);
    expect(copy.code).toBe(4);
    expect(copy.stderr).toMatch(/^ошибка: appeals\.channel: 1 порция завершилась ошибкой: .*000000\.copy\.gz: SHA-256 [0-9a-f]{64} \(\d+ байт\) не совпадает с записанным в манифесте [0-9a-f]{64} \(\d+ байт\) \(HINT: перенесите файл из выгрузки заново/m);
    expect(copy.stdout).toMatch(/^appeals\.channel .* ОШИБКА$/m);
  });
});
