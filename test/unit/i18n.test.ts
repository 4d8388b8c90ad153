import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { formatMessage, placeholders } from '../../src/i18n/format.js';
import { languageFromEnv } from '../../src/i18n/index.js';
import { ru } from '../../src/i18n/ru.js';

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

  it('take the language from MS2PG_LANG, else from the locale', () => {
    expect(languageFromEnv({ LANG: 'ru_RU.UTF-8' })).toBe('ru');
    expect(languageFromEnv({ LC_ALL: 'en_US.UTF-8', LANG: 'ru_RU.UTF-8' })).toBe('en');
    expect(languageFromEnv({ LANG: 'ru_RU.UTF-8', MS2PG_LANG: 'en' })).toBe('en');
    expect(languageFromEnv({ LANG: 'C.UTF-8' })).toBe('en');
  });
});
