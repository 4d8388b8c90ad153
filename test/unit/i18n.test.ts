import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { formatMessage, placeholders } from '../../src/i18n/format.js';
import { languageFromEnv, messageIn, messageParams } from '../../src/i18n/index.js';
import { ru } from '../../src/i18n/ru.js';
import { textInLanguage } from '../../src/mapping/rule-schema.js';
import { withLanguage } from '../support/language.js';

const SRC = new URL('../../src/', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? (name === 'i18n' ? [] : sources(path)) : name.endsWith('.ts') ? [path] : [];
  });
}

describe('message catalogs', () => {
  it('have the same keys in every language, and the same parameters in each message', () => {
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(placeholders(ru[key]), key).toEqual(placeholders(en[key]));
  });

  it('give each key in one area file only (a key in two would be overwritten without a word)', async () => {
    const areas = readdirSync(join(SRC, 'i18n', 'en')).filter((file) => file.endsWith('.ts'));
    const owners = new Map<string, string[]>();
    for (const file of areas) {
      const module = (await import(`../../src/i18n/en/${file.replace(/\.ts$/, '.js')}`)) as Record<string, Record<string, string>>;
      for (const key of Object.keys(Object.values(module)[0] ?? {})) owners.set(key, [...(owners.get(key) ?? []), file]);
    }
    expect([...owners].filter(([, files]) => files.length > 1)).toEqual([]);
    expect(owners.size).toBe(Object.keys(en).length);
  });

  it('hold no message that the code does not use', () => {
    const code = sources(SRC).map((file) => readFileSync(file, 'utf8')).join('\n');
    const unused = Object.keys(en).filter((key) => !code.includes(`'${key}'`));
    expect(unused).toEqual([]);
  });

  it('format parameters and Russian plural forms', () => {
    const tables = '{count, plural, one {# таблица} few {# таблицы} many {# таблиц} other {# таблицы}} в {schema}';
    expect([1, 2, 5, 11, 21, 1.5].map((count) => formatMessage(tables, { count, schema: 'dbo' }, 'ru'))).toEqual([
      '1 таблица в dbo',
      '2 таблицы в dbo',
      '5 таблиц в dbo',
      '11 таблиц в dbo',
      '21 таблица в dbo',
      '1.5 таблицы в dbo',
    ]);
    expect(formatMessage('{n, plural, one {# row} other {# rows}}', { n: 1 }, 'en')).toBe('1 row');
    expect(() => formatMessage('{missing}', {}, 'en')).toThrow(/missing/);
  });

  it("read a message's parameters back from its text in either language, and nothing from other text", () => {
    for (const language of ['en', 'ru'] as const) {
      const text = messageIn(language, 'issue.NAME_ADJUSTED.table', { preferred: 'pk_a', table: 'dbo.t', name: 'dbo_t_pk_a' });
      expect(messageParams('issue.NAME_ADJUSTED.table', text)).toEqual({ preferred: 'pk_a', table: 'dbo.t', name: 'dbo_t_pk_a' });
    }
    expect(messageParams('issue.NAME_CHANGED', 'named "x" in SQL Server')).toBeUndefined();
  });

  it("give a mapping rule's text in the plan's language, English when it has none in it", () => {
    withLanguage('ru', () => {
      expect(textInLanguage({ en: 'rounded', ru: 'округлено' })).toBe('округлено');
      expect(textInLanguage({ en: 'rounded' })).toBe('rounded');
      expect(textInLanguage('as written')).toBe('as written');
    });
    expect(textInLanguage({ en: 'rounded', ru: 'округлено' })).toBe('rounded');
  });

  it('take the language from MS2PG_LANG, else from the locale', () => {
    expect(languageFromEnv({ LANG: 'ru_RU.UTF-8' })).toBe('ru');
    expect(languageFromEnv({ LC_ALL: 'en_US.UTF-8', LANG: 'ru_RU.UTF-8' })).toBe('en');
    expect(languageFromEnv({ LANG: 'ru_RU.UTF-8', MS2PG_LANG: 'en' })).toBe('en');
    expect(languageFromEnv({ LANG: 'C.UTF-8' })).toBe('en');
  });
});
