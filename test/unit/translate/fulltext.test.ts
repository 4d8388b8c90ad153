/** Full-text search: CONTAINS search conditions as tsquery text, and CONTAINS, FREETEXT, CONTAINSTABLE in views. */
import { describe, expect, it } from 'vitest';
import { containsQuery, freetextQuery, fullTextVector, textSearchConfig } from '../../../src/translate/fulltext.js';
import { translateView, type RelationInfo, type ViewContext } from '../../../src/translate/translator.js';
import { column } from './columns.js';

const at = { line: 1, col: 1 };

describe('CONTAINS search conditions -> tsquery text', () => {
  it.each([
    ['бюджет', "'бюджет'"],
    ['"проект бюджета"', "'проект бюджета'"],
    ['"бюдж*"', "'бюдж':*"],
    ['бюджет AND город', "'бюджет' & 'город'"],
    ['бюджет & город | area', "'бюджет' & 'город' | 'area'"],
    ['"budget" AND NOT "draft"', "'budget' & !'draft'"],
    ['budget &! draft', "'budget' & !'draft'"],
    ['(budget OR plan) AND "city hall"', "('budget' | 'plan') & 'city hall'"],
    ['FORMSOF(INFLECTIONAL, бюджет, план)', "('бюджет' | 'план')"],
    ['budget NEAR plan', "('budget' & 'plan')"],
    ['NEAR((budget, plan), 5, TRUE)', "('budget' & 'plan')"],
    ["O'Brien", "'O''Brien'"],
  ])('%s', (condition, tsquery) => {
    expect(containsQuery(condition, at).tsquery).toBe(tsquery);
  });

  it('notes what PostgreSQL does differently', () => {
    expect(containsQuery('budget NEAR plan', at).notes.join(' ')).toMatch(/proximity is not required/);
    expect(containsQuery('FORMSOF(THESAURUS, car)', at).notes.join(' ')).toMatch(/thesaurus is not carried over/);
    expect(containsQuery('a', at).notes.join(' ')).toMatch(/stemming and stop words/);
  });

  it.each([
    ['ISABOUT(budget WEIGHT(0.5))', /ISABOUT/],
    ['"unclosed', /unclosed/],
    ['budget OR NOT plan', /OR NOT/],
    ['AND budget', /AND where a term is expected/],
    ['budget plan', /unexpected plan/],
  ])('refuses %s', (condition, reason) => {
    expect(() => containsQuery(condition, at)).toThrow(reason);
  });

  it('FREETEXT matches any of its words', () => {
    expect(freetextQuery('проект "бюджета" города, проект', at).tsquery).toBe("'проект' | 'бюджета' | 'города'");
  });

  it('chooses the configuration by LCID: Russian, English (any variant), neutral; simple where PostgreSQL has none', () => {
    expect(textSearchConfig(1049)).toEqual({ config: 'russian', exact: true });
    expect(textSearchConfig(2057)).toEqual({ config: 'english', exact: true });
    expect(textSearchConfig(0)).toEqual({ config: 'simple', exact: true });
    expect(textSearchConfig(1058)).toEqual({ config: 'simple', exact: false });
    expect(fullTextVector('russian', 't.body')).toBe("to_tsvector('russian'::regconfig, COALESCE(t.body::text, ''))");
  });
});

describe('full-text search in views', () => {
  const fullText: RelationInfo['fullText'] = {
    key: { source: 'Id', target: 'id' },
    columns: [
      { source: 'Name', target: 'name', config: 'russian' },
      { source: 'Notes', target: 'notes', config: 'english' },
    ],
  };
  const context: ViewContext = {
    defaultSchema: 'dbo',
    relation: (_schema, name): RelationInfo | undefined =>
      name.toLowerCase() === 'orders' ? { schema: 'dbo', name: 'orders', column, fullText } : name.toLowerCase() === 'lines' ? { schema: 'dbo', name: 'lines', column } : undefined,
  };
  const view = (sql: string) => translateView(sql, context);

  it('CONTAINS on a column searches its vector with its configuration', () => {
    const translated = view("CREATE VIEW v AS SELECT o.Id FROM dbo.Orders o WHERE CONTAINS(o.Name, N'\"бюдж*\" AND город')");
    expect(translated).toMatchObject({
      ok: true,
      confidence: 'review',
      sql: `SELECT o.id FROM dbo.orders AS o WHERE to_tsvector('russian'::regconfig, COALESCE(o.name::text, '')) @@ to_tsquery('russian'::regconfig, '''бюдж'':* & ''город''')`,
    });
  });

  it('CONTAINS(*) and a column list search every column (any may match, as in SQL Server); LANGUAGE sets the query\'s configuration', () => {
    const all = view("CREATE VIEW v AS SELECT Id FROM Orders WHERE CONTAINS(*, 'budget', LANGUAGE 1049) AND Qty > 1");
    expect(all.ok && all.sql).toBe(
      `SELECT orders.id FROM dbo.orders WHERE (to_tsvector('russian'::regconfig, COALESCE(orders.name::text, '')) @@ to_tsquery('russian'::regconfig, '''budget''') OR to_tsvector('english'::regconfig, COALESCE(orders.notes::text, '')) @@ to_tsquery('russian'::regconfig, '''budget''')) AND orders.qty > 1`,
    );
    const list = view("CREATE VIEW v AS SELECT Id FROM Orders WHERE FREETEXT((Name, Notes), 'city budget')");
    expect(list.ok && list.sql).toContain(`to_tsquery('english'::regconfig, '''city'' | ''budget''')`);
  });

  it('CONTAINSTABLE is a derived table of KEY and RANK, best first with top_n', () => {
    const translated = view("CREATE VIEW v AS SELECT o.Name, ft.[RANK] FROM Orders o JOIN CONTAINSTABLE(dbo.Orders, Name, N'бюджет', 10) AS ft ON o.Id = ft.[KEY]");
    expect(translated.ok && translated.sql).toBe(
      `SELECT o.name, ft."rank" FROM dbo.orders AS o JOIN (SELECT ft_table.id AS "key", CAST(round(ts_rank(to_tsvector('russian'::regconfig, COALESCE(ft_table.name::text, '')), to_tsquery('russian'::regconfig, '''бюджет''')) * 1000) AS integer) AS "rank" FROM dbo.orders AS ft_table WHERE to_tsvector('russian'::regconfig, COALESCE(ft_table.name::text, '')) @@ to_tsquery('russian'::regconfig, '''бюджет''') ORDER BY 2 DESC LIMIT 10) AS ft ON o.id = ft."key"`,
    );
    expect(translated.ok && translated.notes.join(' ')).toMatch(/RANK is PostgreSQL's ts_rank/);
  });

  it.each([
    ["CREATE VIEW v AS SELECT Id FROM Lines WHERE CONTAINS(Name, 'x')", /without a full-text index/],
    ["CREATE VIEW v AS SELECT Id FROM Orders WHERE CONTAINS(Code, 'x')", /column Code, which has no full-text index/],
    ["CREATE VIEW v AS SELECT Id FROM Orders WHERE CONTAINS(Name, Code)", /not a string literal/],
    ["CREATE VIEW v AS SELECT k.[KEY] FROM CONTAINSTABLE(Lines, *, 'x') k", /has no full-text index/],
    ["CREATE VIEW v AS SELECT Id FROM Orders WHERE CONTAINS(PROPERTY(Notes, 'Title'), 'x')", /PROPERTY/],
  ])('refuses %s', (sql, reason) => {
    const translated = view(sql);
    expect(translated.ok).toBe(false);
    if (!translated.ok) expect(translated.reason).toMatch(reason);
  });

  it('CONTAINS(*) searches the one full-text indexed table in FROM', () => {
    const translated = view("CREATE VIEW v AS SELECT Orders.Id FROM Orders, Lines WHERE CONTAINS(*, 'x') AND Orders.Id = Lines.Id");
    expect(translated.ok && translated.sql).toContain('COALESCE(orders.notes::text');
  });
});
