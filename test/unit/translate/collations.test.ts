/**
 * Pattern operators on columns under a nondeterministic collation: PostgreSQL refuses regular
 * expressions on them in every version (and LIKE and substring searches before 18), so the
 * translation gives the operands the deterministic collation of the same language, folding case
 * where the source collation ignored it. test/integration/translate/pattern-collations.test.ts
 * runs the same translations on PostgreSQL 15 and 18 with rows that must pass and fail.
 */
import { describe, expect, it } from 'vitest';
import { translateExpression, translateView, type ColumnInfo, type ExpressionKind } from '../../../src/translate/translator.js';

const ci = { pattern: 'ms2pg.ru', caseInsensitive: true, accentInsensitive: false };
const COLUMNS: readonly ColumnInfo[] = [
  { name: 'surname', sourceType: 'nvarchar(50)', targetType: 'varchar(50)', nondeterministic: ci },
  { name: 'region', sourceType: 'char(2)', targetType: 'char(2)', nondeterministic: { ...ci, pattern: 'ms2pg.und' } },
  { name: 'title', sourceType: 'nvarchar(50)', targetType: 'varchar(50)', nondeterministic: { pattern: 'ms2pg.und', caseInsensitive: false, accentInsensitive: true } },
  { name: 'email', sourceType: 'nvarchar(50)', targetType: 'citext' },
  { name: 'code', sourceType: 'varchar(10)', targetType: 'varchar(10)' },
  { name: 'qty', sourceType: 'int', targetType: 'integer' },
];
const column = (name: string): ColumnInfo | undefined => COLUMNS.find((c) => c.name === name.toLowerCase());

const CASES: readonly (readonly [ExpressionKind, string, string])[] = [
  ['check', "([Surname] LIKE N'Ив%')", "lower(surname COLLATE ms2pg.ru) LIKE lower('Ив%' COLLATE ms2pg.ru)"],
  ['check', "([Surname] NOT LIKE '%[^0-9]%')", "surname COLLATE ms2pg.ru NOT SIMILAR TO '%[^0-9]%'"],
  ['check', "([Region] LIKE '[A-Z][A-Z]')", "lower(region COLLATE ms2pg.und) SIMILAR TO lower('[A-Z][A-Z]' COLLATE ms2pg.und)"],
  ['check', "(upper([Surname]) LIKE 'A%')", "lower(upper(surname) COLLATE ms2pg.ru) LIKE lower('A%' COLLATE ms2pg.ru)"],
  ['check', "(([Surname]+[Code]) LIKE '%1')", "(surname || code) COLLATE ms2pg.ru LIKE '%1'"],
  ['check', "([Code] LIKE [Surname])", "lower(code COLLATE ms2pg.ru) LIKE lower(surname COLLATE ms2pg.ru) ESCAPE ''"],
  ['check', "(CHARINDEX('x', [Surname]) > 0)", "strpos(lower(surname COLLATE ms2pg.ru), lower('x' COLLATE ms2pg.ru)) > 0"],
  ['check', "(PATINDEX('%[0-9]%', [Surname]) = 0)", "regexp_instr(surname COLLATE ms2pg.ru, '[0-9]') = 0"],
  ['computed', "(REPLACE([Surname], 'a', 'b'))", "replace(surname COLLATE ms2pg.ru, 'a', 'b')"],
  ['filter', "([Region] LIKE 'N%')", "lower(region COLLATE ms2pg.und) LIKE lower('N%' COLLATE ms2pg.und)"],
  // Case-sensitive and accent-insensitive: the deterministic collation, no folding.
  ['check', "([Title] LIKE 'A%')", "title COLLATE ms2pg.und LIKE 'A%'"],
  // citext and deterministic columns are left alone: citext's LIKE and regular expressions ignore case themselves.
  ['check', "([Email] LIKE '%[^a-z0-9@.]%')", "email SIMILAR TO '%[^a-z0-9@.]%'"],
  ['check', "([Code] LIKE 'A%')", "code LIKE 'A%'"],
];

describe('pattern operators on nondeterministic collations', () => {
  it.each(CASES)('%s %s -> %s', (kind, tsql, expected) => {
    const result = translateExpression(kind, tsql, { column });
    expect(result.ok ? result.sql : result.reason).toBe(expected);
  });

  it('notes what still differs: accents, and REPLACE matching case exactly', () => {
    const accent = translateExpression('check', "([Title] LIKE 'A%')", { column });
    expect(accent.ok && accent.notes.join('\n')).toMatch(/accent-insensitive column: PostgreSQL matches accents exactly/);
    const replaced = translateExpression('computed', "(REPLACE([Surname], 'a', 'b'))", { column });
    expect(replaced.ok && replaced.notes.join('\n')).toMatch(/REPLACE on a case-insensitive column matches case exactly/);
  });

  it('reaches views, through subqueries and the columns of other views', () => {
    const relation = (_schema: string | undefined, name: string) =>
      name.toLowerCase() === 'people' ? { schema: 'dbo', name: 'people', column } : undefined;
    const view = translateView("CREATE VIEW dbo.v AS SELECT p.Surname FROM dbo.People p WHERE p.Surname LIKE N'Ив%' AND (SELECT TOP 1 Region FROM dbo.People) LIKE 'N_'", {
      defaultSchema: 'dbo',
      relation,
    });
    expect(view.ok && view.sql).toBe(
      "SELECT p.surname FROM dbo.people AS p WHERE lower(p.surname COLLATE ms2pg.ru) LIKE lower('Ив%' COLLATE ms2pg.ru) AND lower((SELECT people.region FROM dbo.people LIMIT 1) COLLATE ms2pg.und) LIKE lower('N_' COLLATE ms2pg.und)",
    );
  });
});
