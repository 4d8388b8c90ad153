/** View translation: the printed SELECT for typical view bodies, and refusals naming the construct. */
import { describe, expect, it } from 'vitest';
import { translateView, viewReferences, type RelationInfo, type ViewContext } from '../../../src/translate/translator.js';
import { column } from './columns.js';

const TABLES = ['orders', 'customers', 'lines'];

const context: ViewContext = {
  defaultSchema: 'dbo',
  relation: (schema, name): RelationInfo | undefined =>
    TABLES.includes(name.toLowerCase()) ? { schema: (schema ?? 'dbo').toLowerCase() === 'sales' ? 'sales' : 'dbo', name: name.toLowerCase(), column } : undefined,
};

const TRANSLATED: readonly (readonly [string, string, 'exact' | 'review'])[] = [
  [
    '-- orders\nCREATE VIEW [dbo].[vOrders] WITH SCHEMABINDING AS\nSELECT o.[Qty], o.Name AS [Customer Name], Total = o.Qty * o.Price\nFROM dbo.Orders o WITH (NOLOCK)\nJOIN dbo.Customers AS c ON c.Id = o.Id\nWHERE o.Active = 1',
    'SELECT o.qty, o.name AS "Customer Name", o.qty * o.price AS "Total" FROM dbo.orders AS o JOIN dbo.customers AS c ON c.id = o.id WHERE o.active = true',
    'review',
  ],
  ['CREATE VIEW v AS SELECT TOP 10 Name, Qty FROM Orders ORDER BY Qty DESC', 'SELECT orders.name, orders.qty FROM dbo.orders ORDER BY qty DESC NULLS LAST LIMIT 10', 'review'],
  ['CREATE VIEW v AS SELECT TOP 3 WITH TIES Name FROM Orders ORDER BY Qty', 'SELECT orders.name FROM dbo.orders ORDER BY orders.qty ASC NULLS FIRST FETCH FIRST 3 ROWS WITH TIES', 'review'],
  ['CREATE VIEW v AS SELECT TOP 100 PERCENT Name FROM Orders ORDER BY Name', 'SELECT orders.name FROM dbo.orders', 'review'],
  ['CREATE VIEW v AS SELECT Name FROM Orders ORDER BY Name OFFSET 5 ROWS FETCH NEXT 10 ROWS ONLY', 'SELECT orders.name FROM dbo.orders ORDER BY name ASC NULLS FIRST OFFSET 5 ROWS FETCH NEXT 10 ROWS ONLY', 'exact'],
  ['CREATE VIEW v (a, b) AS SELECT Name, Qty FROM Orders UNION ALL SELECT Code, Tiny FROM sales.Lines', 'SELECT orders.name AS a, orders.qty AS b FROM dbo.orders UNION ALL SELECT lines.code, lines.tiny FROM sales.lines', 'exact'],
  ['CREATE VIEW v AS SELECT Qty FROM Orders UNION SELECT Qty FROM Lines EXCEPT SELECT Qty FROM Customers', 'SELECT orders.qty FROM dbo.orders UNION SELECT lines.qty FROM dbo.lines EXCEPT SELECT customers.qty FROM dbo.customers', 'exact'],
  ['CREATE VIEW v AS SELECT Qty FROM Orders INTERSECT (SELECT Qty FROM Lines UNION SELECT Qty FROM Customers)', 'SELECT orders.qty FROM dbo.orders INTERSECT (SELECT lines.qty FROM dbo.lines UNION SELECT customers.qty FROM dbo.customers)', 'exact'],
  [
    'CREATE VIEW v AS WITH recent AS (SELECT Name, Qty, rn = ROW_NUMBER() OVER (PARTITION BY Name ORDER BY Created DESC) FROM Orders) SELECT r.Name, r.QTY FROM recent r WHERE r.rn = 1',
    'WITH recent AS (SELECT orders.name, orders.qty, row_number() OVER (PARTITION BY orders.name ORDER BY orders.created DESC NULLS LAST) AS rn FROM dbo.orders) SELECT r.name, r.qty FROM recent AS r WHERE r.rn = 1',
    'exact',
  ],
  [
    'CREATE VIEW v AS WITH a (x) AS (SELECT Qty FROM Orders), b AS (SELECT x FROM A) SELECT B.X FROM b',
    'WITH a(x) AS (SELECT orders.qty AS x FROM dbo.orders), b AS (SELECT a.x FROM a) SELECT b.x FROM b',
    'exact',
  ],
  [
    'CREATE VIEW v AS SELECT c.Name, x.Qty FROM Customers c CROSS APPLY (SELECT TOP 1 o.Qty FROM Orders o WHERE o.Id = c.Id ORDER BY o.Created DESC) x',
    'SELECT c.name, x.qty FROM dbo.customers AS c CROSS JOIN LATERAL (SELECT o.qty FROM dbo.orders AS o WHERE o.id = c.id ORDER BY o.created DESC NULLS LAST LIMIT 1) AS x',
    'exact',
  ],
  [
    'CREATE VIEW v AS SELECT c.Name, x.Qty FROM Customers c OUTER APPLY (SELECT TOP 1 o.Qty FROM Orders o WHERE o.Id = c.Id ORDER BY o.Created DESC) AS x',
    'SELECT c.name, x.qty FROM dbo.customers AS c LEFT JOIN LATERAL (SELECT o.qty FROM dbo.orders AS o WHERE o.id = c.id ORDER BY o.created DESC NULLS LAST LIMIT 1) AS x ON true',
    'exact',
  ],
  [
    'CREATE VIEW v AS SELECT Name, COUNT(*) AS n, COUNT(DISTINCT Code) AS codes, SUM(Price) AS total, AVG(Qty) avgQty FROM Orders GROUP BY Name HAVING COUNT(*) > 1',
    'SELECT orders.name, count(*) AS n, count(DISTINCT orders.code) AS codes, sum(orders.price) AS total, CAST(trunc(avg(orders.qty)) AS integer) AS "avgQty" FROM dbo.orders GROUP BY orders.name HAVING count(*) > 1',
    'exact',
  ],
  [
    "CREATE VIEW v AS SELECT STRING_AGG(Name, ', ') WITHIN GROUP (ORDER BY Name) AS names, SUM(Qty) OVER (ORDER BY Created ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running FROM Orders",
    "SELECT string_agg(orders.name, ', ' ORDER BY orders.name ASC NULLS FIRST) AS names, sum(orders.qty) OVER (ORDER BY orders.created ASC NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running FROM dbo.orders",
    'exact',
  ],
  [
    'CREATE VIEW v AS SELECT * FROM Orders WHERE Qty IN (SELECT Qty FROM Lines) AND EXISTS (SELECT 1 FROM Customers c WHERE c.Id = Orders.Id)',
    'SELECT * FROM dbo.orders WHERE orders.qty IN (SELECT lines.qty FROM dbo.lines) AND EXISTS (SELECT 1 FROM dbo.customers AS c WHERE c.id = orders.id)',
    'exact',
  ],
  ['CREATE VIEW v AS SELECT d.Name FROM (SELECT Name FROM MyDb.dbo.Orders) d', 'SELECT d.name FROM (SELECT orders.name FROM dbo.orders) AS d', 'review'],
  ['CREATE VIEW v AS SELECT d.Qty FROM (SELECT * FROM Orders) AS d', 'SELECT d.qty FROM (SELECT * FROM dbo.orders) AS d', 'exact'],
  ['CREATE VIEW v AS SELECT o.* FROM Orders o (NOLOCK)', 'SELECT o.* FROM dbo.orders AS o', 'review'],
  [
    'CREATE VIEW v AS SELECT o.Name FROM Orders o LEFT OUTER JOIN Lines l ON l.Id = o.Id AND l.Qty > 0 FULL JOIN Customers c ON c.Id = o.Id CROSS JOIN sales.Lines s WHERE l.Id IS NULL',
    'SELECT o.name FROM dbo.orders AS o LEFT JOIN dbo.lines AS l ON l.id = o.id AND l.qty > 0 FULL JOIN dbo.customers AS c ON c.id = o.id CROSS JOIN sales.lines AS s WHERE l.id IS NULL',
    'exact',
  ],
  ['CREATE VIEW [Отчёт] AS SELECT [Сумма] AS [Итого], [Order Date] FROM Orders', 'SELECT orders."сумма" AS "Итого", orders."Order Date" FROM dbo.orders', 'exact'],
  ["CREATE VIEW v AS SELECT 'x' AS [say \"hi\"]]], DISTINCTNAME = 1", 'SELECT \'x\' AS "say ""hi""]", 1 AS "DISTINCTNAME"', 'exact'],
  ['CREATE VIEW v AS SELECT DISTINCT Orders.Name FROM dbo.Orders WHERE dbo.Orders.Qty > 0 WITH CHECK OPTION', 'SELECT DISTINCT orders.name FROM dbo.orders WHERE orders.qty > 0', 'review'],
];

const REFUSED: readonly (readonly [string, string])[] = [
  ["CREATE VIEW v AS SELECT Name FROM Orders\nFOR XML PATH('')", 'FOR XML PATH at line 2 col 1'],
  ['CREATE VIEW v AS SELECT Name FROM Orders FOR JSON AUTO', 'FOR JSON AUTO at line 1 col 42'],
  ["CREATE VIEW v AS SELECT Name FROM OPENQUERY(srv, 'select 1')", 'OPENQUERY at line 1 col 35'],
  ["CREATE VIEW v AS SELECT * FROM OPENROWSET('x', 'y', 'z')", 'OPENROWSET at line 1 col 32'],
  ['CREATE VIEW v AS SELECT Name FROM Missing', 'table or view Missing is not migrated at line 1 col 35'],
  ['CREATE VIEW v AS SELECT Name, Nope FROM Orders', 'unknown column [Nope] at line 1 col 31'],
  ['CREATE VIEW v AS SELECT x.Name FROM Orders o', 'unknown table or alias x at line 1 col 25'],
  ['CREATE VIEW v AS SELECT Name FROM srv.db.dbo.Orders', 'four-part name srv.db.dbo.Orders (linked server) at line 1 col 35'],
  ['CREATE VIEW v AS SELECT Name FROM Orders o PIVOT (SUM(Qty) FOR Name IN ([a])) p', 'PIVOT at line 1 col 44'],
  ['CREATE VIEW v AS SELECT Name FROM dbo.fnOrders(1)', 'table-valued function dbo.fnOrders at line 1 col 35'],
  ['CREATE VIEW v AS SELECT dbo.fnName(Name) FROM Orders', 'user function dbo.fnName at line 1 col 25'],
  ['CREATE VIEW v AS SELECT Name FROM Orders WITH (NOLOCK, INDEX(ix))', 'table hint INDEX(...) at line 1 col 56'],
  ['CREATE VIEW v AS SELECT Name, Name FROM Orders o, Lines l', 'ambiguous column Name at line 1 col 25'],
  ['CREATE VIEW v AS SELECT TOP 10 PERCENT Name FROM Orders ORDER BY Name', 'TOP ... PERCENT at line 1 col 25'],
  ['CREATE VIEW v AS SELECT Name FROM Orders OPTION (MAXDOP 1)', 'query hint OPTION (...) at line 1 col 42'],
  ['CREATE VIEW v AS WITH r AS (SELECT Qty FROM Orders UNION ALL SELECT Qty FROM r) SELECT Qty FROM r', 'recursive CTE r at line 1 col 78'],
  ['CREATE VIEW v AS SELECT Name INTO #t FROM Orders', 'SELECT INTO at line 1 col 30'],
  ['CREATE VIEW v AS SELECT Name FROM Orders GROUP BY ROLLUP (Name)', 'GROUP BY ROLLUP at line 1 col 51'],
  ['CREATE VIEW v AS SELECT Name FROM Orders FOR SYSTEM_TIME AS OF \'2024-01-01\'', 'FOR SYSTEM_TIME at line 1 col 42'],
  ['CREATE VIEW v AS SELECT Name FROM Orders WHERE Name = @name', 'variable @name at line 1 col 55'],
  ['CREATE VIEW v AS SELECT Name FROM Orders INNER HASH JOIN Lines ON 1 = 1', 'join hint HASH at line 1 col 48'],
  ['CREATE VIEW v AS SELECT TOP 1 Name FROM Orders UNION SELECT Code FROM Lines', 'TOP inside UNION/EXCEPT/INTERSECT at line 1 col 25'],
  ['SELECT 1', "unexpected 'SELECT' (expected CREATE) at line 1 col 1"],
];

describe('translateView', () => {
  it.each(TRANSLATED)('%s', (definition, sql, confidence) => {
    expect(translateView(definition, context)).toMatchObject({ ok: true, sql, confidence });
  });

  it.each(REFUSED)('refuses %s', (definition, reason) => {
    expect(translateView(definition, context)).toEqual({ ok: false, reason });
  });

  it('drops table hints with a note and keeps WITH CHECK OPTION as a note', () => {
    const hinted = translateView('CREATE VIEW v AS SELECT Name FROM Orders WITH (NOLOCK)', context);
    expect(hinted.ok && hinted.notes).toEqual(['table hint WITH (NOLOCK) dropped: PostgreSQL readers neither block nor read uncommitted rows']);
    const checked = translateView('CREATE VIEW v AS SELECT Name FROM Orders WHERE Qty > 0 WITH CHECK OPTION', context);
    expect(checked.ok && checked.notes).toEqual(['the view had WITH CHECK OPTION: create it WITH CHECK OPTION']);
  });

  it('names output columns through the planner when it gives a columnName resolver', () => {
    const result = translateView('CREATE VIEW v AS SELECT Qty, Total = Qty * 2 FROM Orders', { ...context, columnName: (source) => `c_${source.toLowerCase()}` });
    expect(result).toMatchObject({ ok: true, sql: 'SELECT orders.qty AS c_qty, orders.qty * 2 AS c_total FROM dbo.orders' });
  });
});

describe('viewReferences: what a view reads, from its parsed body', () => {
  it('finds tables and views in FROM, JOIN, APPLY, derived tables and subqueries, with spaces and schemas, leaving CTEs out', () => {
    const definition = `CREATE VIEW [dbo].[Category Sales for 1997] AS
      WITH recent AS (SELECT * FROM [Sales].[Orders Archive] WHERE x = 1)
      SELECT [Product Sales for 1997].CategoryName, (SELECT MAX(q) FROM reports.[Quarterly Totals]) AS m
      FROM [Product Sales for 1997]
      JOIN recent r ON r.id = [Product Sales for 1997].id
      CROSS APPLY (SELECT TOP 1 * FROM Northwind..Shippers s WHERE s.id = r.id) AS sh
      WHERE EXISTS (SELECT 1 FROM dbo.[Order Details] od WHERE od.OrderID IN (SELECT OrderID FROM [Orders Qry]))`;
    expect(viewReferences(definition)).toEqual([
      { schema: 'Sales', name: 'Orders Archive' },
      { schema: 'reports', name: 'Quarterly Totals' },
      { schema: undefined, name: 'Product Sales for 1997' },
      { schema: undefined, name: 'Shippers' },
      { schema: 'dbo', name: 'Order Details' },
      { schema: undefined, name: 'Orders Qry' },
    ]);
  });

  it('is undefined for a body that does not parse', () => {
    expect(viewReferences('CREATE VIEW v AS SELECT * FROM t FOR XML PATH')).toBeUndefined();
  });
});
