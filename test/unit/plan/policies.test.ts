import { describe, expect, it } from 'vitest';
import { chooseCollation, queryDifferences } from '../../../src/plan/collations.js';
import { NamePolicy, fitIdentifier, foldName } from '../../../src/plan/names.js';
import { translateExpression } from '../../../src/translate/translator.js';

describe('identifier policy', () => {
  it.each([
    ['OrderLines', 'snake', 'order_lines'],
    ['HTTPServerLog', 'snake', 'http_server_log'],
    ['Order Lines (old)', 'snake', 'order_lines_old'],
    ['ЗаявкиГраждан', 'snake', 'заявки_граждан'],
    ['Customer2Address', 'snake', 'customer2_address'],
    ['OrderLines', 'lower', 'orderlines'],
    ['Order Lines', 'lower', 'order lines'],
    ['OrderLines', 'preserve', 'OrderLines'],
  ] as const)('%s (%s) -> %s', (name, policy, expected) => {
    expect(foldName(name, policy)).toBe(expected);
  });

  it('cuts names over 63 bytes at a character boundary with a stable hash suffix', () => {
    const long = 'Очень_длинное_имя_таблицы_которое_не_помещается';
    const cut = fitIdentifier(long);
    expect(Buffer.byteLength(cut, 'utf8')).toBeLessThanOrEqual(63);
    expect(cut).toBe(`Очень_длинное_имя_таблицы_кот_${cut.slice(-8)}`);
    expect(cut.slice(-8)).toMatch(/^[0-9a-f]{8}$/);
    expect(fitIdentifier(long)).toBe(cut);
    expect(fitIdentifier(`${long}2`)).not.toBe(cut);
    expect(fitIdentifier('short')).toBe('short');
  });

  it('applies schema, object and column renames before folding', () => {
    const names = new NamePolicy({ policy: 'snake', schemas: { dbo: 'public' }, objects: { 'dbo.tblOrders': 'orders' }, columns: { 'dbo.tblOrders.Amt': 'amount' } });
    expect(names.schema('dbo')).toBe('public');
    expect(names.schema('Sales')).toBe('sales');
    expect(names.relation('dbo', 'tblOrders')).toBe('orders');
    expect(names.relation('dbo', 'OrderLines')).toBe('order_lines');
    expect(names.column('dbo', 'tblOrders', 'Amt')).toBe('amount');
  });
});

describe('collations', () => {
  const icu = { caseInsensitive: 'icu' } as const;
  const auto = { caseInsensitive: 'auto' } as const;
  const ru = { name: 'ru', locale: 'ru', deterministic: true };
  it('maps case- and accent-insensitive collations to nondeterministic ICU collations per language under icu', () => {
    expect(chooseCollation('Cyrillic_General_CI_AS', icu, 18)).toEqual({
      kind: 'icu',
      collation: { name: 'ru_ci_as', locale: 'ru-u-ks-level2', deterministic: false },
      pattern: ru,
      caseInsensitive: true,
      accentInsensitive: false,
    });
    expect(chooseCollation('SQL_Latin1_General_CP1_CI_AI', icu, 15)).toMatchObject({ kind: 'icu', collation: { name: 'und_ci_ai', locale: 'und-u-ks-level1' }, accentInsensitive: true });
    expect(chooseCollation('Latin1_General_100_CS_AI_SC_UTF8', icu, 18)).toMatchObject({ kind: 'icu', collation: { name: 'und_cs_ai', locale: 'und-u-ks-level1-kc-true' }, caseInsensitive: false });
    expect(chooseCollation('German_PhoneBook_CI_AS', icu, 18)).toMatchObject({ collation: { name: 'de_phonebk_ci_as', locale: 'de-u-co-phonebk-ks-level2' }, pattern: { name: 'de_phonebk', locale: 'de-u-co-phonebk' } });
    // Two collations of one language stay apart.
    expect(chooseCollation('Traditional_Spanish_CI_AS', icu, 18)).toMatchObject({ collation: { name: 'es_trad_ci_as' } });
    expect(chooseCollation('Modern_Spanish_CI_AS', icu, 18)).toMatchObject({ collation: { name: 'es_ci_as' } });
  });

  it('auto: citext for case-insensitive text on every version, so LIKE, ILIKE and regular expressions work', () => {
    for (const version of [15, 16, 17, 18]) {
      expect(chooseCollation('Cyrillic_General_CI_AS', auto, version, 'varchar(50)')).toEqual({ kind: 'citext', collation: ru, accentInsensitive: false });
    }
  });

  it('auto: accent-insensitive keeps a nondeterministic collation where LIKE works on it (18), else becomes accent-sensitive', () => {
    expect(chooseCollation('Cyrillic_General_CI_AI', auto, 18, 'text')).toMatchObject({ kind: 'icu', collation: { name: 'ru_ci_ai' } });
    expect(chooseCollation('Cyrillic_General_CI_AI', auto, 17, 'text')).toEqual({ kind: 'citext', collation: ru, accentInsensitive: true });
    expect(chooseCollation('Cyrillic_General_CS_AI', auto, 18, 'text')).toMatchObject({ kind: 'icu', collation: { name: 'ru_cs_ai' } });
    expect(chooseCollation('Cyrillic_General_CS_AI', auto, 15, 'text')).toEqual({ kind: 'accent-sensitive', collation: ru });
  });

  it('auto: char(n) keeps its padding rules under a nondeterministic collation (citext would compare trailing blanks)', () => {
    expect(chooseCollation('Cyrillic_General_CI_AS', auto, 15, 'char(5)')).toMatchObject({ kind: 'icu', collation: { name: 'ru_ci_as' } });
  });

  it('gives collations with different ICU locales different names (Modern and Traditional Spanish), deterministic twins too', () => {
    expect(chooseCollation('Modern_Spanish_CI_AS', icu, 18)).toMatchObject({ collation: { name: 'es_ci_as', locale: 'es-u-ks-level2' } });
    expect(chooseCollation('Traditional_Spanish_CI_AS', icu, 18)).toMatchObject({ collation: { name: 'es_trad_ci_as', locale: 'es-u-co-trad-ks-level2' } });
    const byName = new Map<string, string>();
    for (const language of ['Modern_Spanish', 'Traditional_Spanish', 'German_PhoneBook', 'Cyrillic_General', 'Latin1_General', 'Finnish_Swedish']) {
      for (const sensitivity of ['CI_AS', 'CI_AI', 'CS_AI']) {
        const choice = chooseCollation(`${language}_${sensitivity}`, icu, 18);
        if (choice.kind !== 'icu') throw new Error(`${language}_${sensitivity} is not an ICU collation`);
        for (const collation of [choice.collation, choice.pattern]) {
          expect(byName.get(collation.name) ?? collation.locale, collation.name).toBe(collation.locale);
          byName.set(collation.name, collation.locale);
        }
      }
    }
  });

  it('keeps case-sensitive collations deterministic and binary ones in code-point order', () => {
    expect(chooseCollation('Latin1_General_CS_AS', auto, 18)).toEqual({ kind: 'default' });
    expect(chooseCollation('Latin1_General_BIN2', auto, 18)).toEqual({ kind: 'binary' });
    expect(chooseCollation(undefined, auto, 18)).toEqual({ kind: 'default' });
  });

  it('follows the citext and ignore policies', () => {
    expect(chooseCollation('Cyrillic_General_CI_AI', { caseInsensitive: 'citext' }, 18)).toEqual({ kind: 'citext', collation: ru, accentInsensitive: true });
    expect(chooseCollation('Cyrillic_General_CI_AS', { caseInsensitive: 'ignore' }, 18)).toEqual({ kind: 'ignored', accentInsensitive: false });
    // char(n) keeps its padding rules only under a collation, whatever the policy.
    expect(chooseCollation('Cyrillic_General_CI_AS', { caseInsensitive: 'citext' }, 18, 'char(10)').kind).toBe('icu');
  });

  it('says what queries see differently, by version', () => {
    const icuChoice = chooseCollation('Cyrillic_General_CI_AS', icu, 15);
    expect(queryDifferences(icuChoice, 15, 'varchar(50)').join('\n')).toMatch(/LIKE, ILIKE, regular expressions .* fail .* on PostgreSQL 15/);
    expect(queryDifferences(icuChoice, 18, 'varchar(50)').join('\n')).toMatch(/LIKE ignores case; ILIKE, regular expressions .* fail/);
    expect(queryDifferences(chooseCollation('Cyrillic_General_CI_AS', auto, 15, 'varchar(50)'), 15, 'citext').join('\n')).toMatch(/=, unique keys, LIKE, ILIKE, regular expressions and ORDER BY ignore case/);
    expect(queryDifferences({ kind: 'default' }, 18, 'text')).toEqual([]);
  });
});

describe('literal defaults', () => {
  it.each([
    ['((0))', 'integer', '0'],
    ['((-1.5))', 'numeric(9,2)', '-1.5'],
    ['((1))', 'boolean', 'true'],
    ["('0')", 'boolean', 'false'],
    ["(N'Иван''s')", 'varchar(20)', "'Иван''s'"],
    ["('2024-01-01')", 'date', "'2024-01-01'"],
    ['(NULL)', 'integer', 'NULL'],
    ['(getdate())', 'timestamp(3)', 'LOCALTIMESTAMP'],
    ['(sysdatetimeoffset())', 'timestamptz(6)', 'now()'],
    ['(getutcdate())', 'timestamp(3)', "(now() AT TIME ZONE 'UTC')"],
    ['(newid())', 'uuid', 'gen_random_uuid()'],
    ['(CURRENT_TIMESTAMP)', 'timestamptz(3)', 'now()'],
  ])('%s on %s -> %s', (tsql, type, expected) => {
    const result = translateExpression('default', tsql, { targetType: type });
    expect(result.ok && result.sql).toBe(expected);
  });

  it.each(["(([a]+'x'))", "('unterminated)", '(dbo.fn_next_number())'])('refuses %s', (tsql) => {
    expect(translateExpression('default', tsql, { targetType: 'text' }).ok).toBe(false);
  });
});
