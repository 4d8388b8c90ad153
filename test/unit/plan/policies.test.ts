import { describe, expect, it } from 'vitest';
import { chooseCollation } from '../../../src/plan/collations.js';
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
  it('maps case- and accent-insensitive collations to nondeterministic ICU collations per language', () => {
    expect(chooseCollation('Cyrillic_General_CI_AS', icu)).toEqual({ kind: 'icu', collation: { name: 'ru_ci_as', locale: 'ru-u-ks-level2' }, accentInsensitive: false });
    expect(chooseCollation('SQL_Latin1_General_CP1_CI_AI', icu)).toEqual({ kind: 'icu', collation: { name: 'und_ci_ai', locale: 'und-u-ks-level1' }, accentInsensitive: true });
    expect(chooseCollation('Latin1_General_100_CS_AI_SC_UTF8', icu)).toMatchObject({ kind: 'icu', collation: { name: 'und_cs_ai', locale: 'und-u-ks-level1-kc-true' } });
    expect(chooseCollation('German_PhoneBook_CI_AS', icu)).toMatchObject({ collation: { name: 'de_phonebk_ci_as', locale: 'de-u-co-phonebk-ks-level2' } });
  });

  it('gives collations with different ICU locales different names (Modern and Traditional Spanish)', () => {
    expect(chooseCollation('Modern_Spanish_CI_AS', icu)).toMatchObject({ collation: { name: 'es_ci_as', locale: 'es-u-ks-level2' } });
    expect(chooseCollation('Traditional_Spanish_CI_AS', icu)).toMatchObject({ collation: { name: 'es_trad_ci_as', locale: 'es-u-co-trad-ks-level2' } });
    const byName = new Map<string, string>();
    for (const language of ['Modern_Spanish', 'Traditional_Spanish', 'German_PhoneBook', 'Cyrillic_General', 'Latin1_General', 'Finnish_Swedish']) {
      for (const sensitivity of ['CI_AS', 'CI_AI', 'CS_AI']) {
        const choice = chooseCollation(`${language}_${sensitivity}`, icu);
        if (choice.kind !== 'icu') throw new Error(`${language}_${sensitivity} is not an ICU collation`);
        expect(byName.get(choice.collation.name) ?? choice.collation.locale, choice.collation.name).toBe(choice.collation.locale);
        byName.set(choice.collation.name, choice.collation.locale);
      }
    }
  });

  it('keeps case-sensitive collations deterministic and binary ones in code-point order', () => {
    expect(chooseCollation('Latin1_General_CS_AS', icu)).toEqual({ kind: 'default' });
    expect(chooseCollation('Latin1_General_BIN2', icu)).toEqual({ kind: 'binary' });
    expect(chooseCollation(undefined, icu)).toEqual({ kind: 'default' });
  });

  it('follows the citext and ignore policies', () => {
    expect(chooseCollation('Cyrillic_General_CI_AI', { caseInsensitive: 'citext' })).toEqual({ kind: 'citext', accentInsensitive: true });
    expect(chooseCollation('Cyrillic_General_CI_AS', { caseInsensitive: 'ignore' })).toEqual({ kind: 'ignored', accentInsensitive: false });
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
