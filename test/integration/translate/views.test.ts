/**
 * Realistic views (joins, NOLOCK, APPLY, TOP, CTE, window functions, UNION, GROUP BY, subqueries)
 * translated, created on a real PostgreSQL over small tables, and read back: the rows must be the
 * ones SQL Server returns for the same data (recorded here).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { translateView, type ColumnInfo, type RelationInfo, type ViewContext } from '../../../src/translate/translator.js';
import { useTestDatabase, withClient } from '../../support/pg.js';

const TABLES: Readonly<Record<string, { schema: string; name: string; columns: readonly ColumnInfo[] }>> = {
  'dbo.customers': {
    schema: 'dbo',
    name: 'customers',
    columns: [
      { name: 'customerid', sourceType: 'int', targetType: 'integer' },
      { name: 'name', sourceType: 'nvarchar(50)', targetType: 'varchar(50)' },
      { name: 'active', sourceType: 'bit', targetType: 'boolean' },
    ],
  },
  'sales.orders': {
    schema: 'sales',
    name: 'orders',
    columns: [
      { name: 'orderid', sourceType: 'int', targetType: 'integer' },
      { name: 'customerid', sourceType: 'int', targetType: 'integer' },
      { name: 'orderdate', sourceType: 'datetime', targetType: 'timestamp(3)' },
      { name: 'amount', sourceType: 'decimal(10,2)', targetType: 'numeric(10,2)' },
      { name: 'status', sourceType: 'nvarchar(20)', targetType: 'varchar(20)' },
    ],
  },
};

function context(defaultSchema: string): ViewContext {
  return {
    defaultSchema,
    relation: (schema, name): RelationInfo | undefined => {
      const table = TABLES[`${(schema ?? defaultSchema).toLowerCase()}.${name.toLowerCase()}`];
      if (table === undefined) return undefined;
      return { schema: table.schema, name: table.name, column: (source) => table.columns.find((c) => c.name === source.toLowerCase()) };
    },
  };
}

const SETUP = `
CREATE SCHEMA sales; CREATE SCHEMA dbo;
CREATE TABLE dbo.customers (customerid integer PRIMARY KEY, name varchar(50), active boolean);
CREATE TABLE sales.orders (orderid integer PRIMARY KEY, customerid integer, orderdate timestamp(3), amount numeric(10,2), status varchar(20));
INSERT INTO dbo.customers VALUES (1, 'Ann', true), (2, 'Bob', false), (3, 'Cid', true), (4, 'Dee', true);
INSERT INTO sales.orders VALUES
  (10, 1, '2024-01-05', 100.00, 'open'), (11, 1, '2024-02-01', 50.50, 'closed'), (12, 2, '2024-01-20', 70.00, 'open'),
  (13, 3, '2024-03-01', 20.00, 'open'), (14, 3, '2024-03-02', 30.00, 'closed');`;

interface ViewCase {
  readonly name: string;
  readonly schema: string;
  readonly definition: string;
  /** Read back with this ORDER BY (views are unordered). */
  readonly orderBy: string;
  /** SQL Server's rows for the same data, as text. */
  readonly rows: readonly (readonly (string | null)[])[];
  readonly notes?: RegExp;
}

const VIEWS: readonly ViewCase[] = [
  {
    name: 'active_orders',
    schema: 'sales',
    definition: `-- orders of active customers
CREATE VIEW [sales].[vActiveOrders] WITH SCHEMABINDING AS
SELECT o.OrderID, CustomerName = c.[Name], o.Amount * 2 AS Doubled
FROM sales.Orders o WITH (NOLOCK)
INNER JOIN dbo.Customers c WITH (NOLOCK) ON c.CustomerID = o.CustomerID
WHERE c.Active = 1`,
    orderBy: '1',
    rows: [
      ['10', 'Ann', '200.00'],
      ['11', 'Ann', '101.00'],
      ['13', 'Cid', '40.00'],
      ['14', 'Cid', '60.00'],
    ],
    notes: /NOLOCK/,
  },
  {
    name: 'latest_order',
    schema: 'dbo',
    definition: `CREATE VIEW dbo.vLatestOrder AS
SELECT c.Name, x.OrderID, x.Amount
FROM Customers AS c
OUTER APPLY (SELECT TOP 1 o.OrderID, o.Amount FROM sales.Orders o WHERE o.CustomerID = c.CustomerID ORDER BY o.OrderDate DESC) AS x`,
    orderBy: '1',
    rows: [
      ['Ann', '11', '50.50'],
      ['Bob', '12', '70.00'],
      ['Cid', '14', '30.00'],
      ['Dee', null, null],
    ],
  },
  {
    name: 'first_orders',
    schema: 'dbo',
    definition: `CREATE VIEW [dbo].[vFirstOrders] AS
WITH ranked AS (
  SELECT CustomerID, OrderID, rn = ROW_NUMBER() OVER (PARTITION BY CustomerID ORDER BY OrderDate, OrderID)
  FROM sales.Orders
)
SELECT r.CustomerID, r.OrderID FROM Ranked r CROSS APPLY (SELECT c.Name FROM dbo.Customers c WHERE c.CustomerID = r.CustomerID) n WHERE r.RN = 1`,
    orderBy: '1',
    rows: [
      ['1', '10'],
      ['2', '12'],
      ['3', '13'],
    ],
  },
  {
    name: 'names_and_statuses',
    schema: 'dbo',
    definition: `CREATE VIEW v (Label, Kind) AS
SELECT Name, 'customer' FROM Customers WHERE Active = 0
UNION ALL
SELECT Status, N'order' FROM sales.Orders WHERE OrderID = 10`,
    orderBy: '1',
    rows: [
      ['Bob', 'customer'],
      ['open', 'order'],
    ],
  },
  {
    name: 'order_stats',
    schema: 'sales',
    definition: `CREATE VIEW sales.vStats AS
SELECT CustomerID, COUNT(*) AS Orders, AVG(OrderID) AS AvgId, SUM(Amount) AS Total, MAX(OrderDate) AS LastDate
FROM Orders GROUP BY CustomerID HAVING COUNT(*) > 1`,
    orderBy: '1',
    rows: [
      ['1', '2', '10', '150.50', '2024-02-01 00:00:00'],
      ['3', '2', '13', '50.00', '2024-03-02 00:00:00'],
    ],
  },
  {
    name: 'top_orders',
    schema: 'sales',
    definition: 'CREATE VIEW sales.vTop AS SELECT TOP (2) OrderID, Amount FROM sales.Orders ORDER BY Amount DESC',
    orderBy: '1',
    rows: [
      ['10', '100.00'],
      ['12', '70.00'],
    ],
    notes: /ORDER BY/,
  },
  {
    name: 'customers_with_open_orders',
    schema: 'dbo',
    definition: `CREATE VIEW v AS
SELECT c.Name, (SELECT COUNT(*) FROM sales.Orders o2 WHERE o2.CustomerID = c.CustomerID) AS OrderCount
FROM MyDb.dbo.Customers c
WHERE EXISTS (SELECT 1 FROM sales.Orders o WHERE o.CustomerID = c.CustomerID AND o.Status = N'open')
  AND c.CustomerID IN (SELECT CustomerID FROM sales.Orders)`,
    orderBy: '1',
    rows: [
      ['Ann', '2'],
      ['Bob', '1'],
      ['Cid', '2'],
    ],
  },
];

/** node-postgres reads a timestamp without time zone as local time; print it back the same way. */
function localTimestamp(date: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

describe('translated views on PostgreSQL return SQL Server rows', () => {
  const db = useTestDatabase();

  beforeAll(async () => {
    await withClient(db.url, (client) => client.query(SETUP));
  });

  it.each(VIEWS)('$name', async ({ name, schema, definition, orderBy, rows, notes }) => {
    const translated = translateView(definition, context(schema));
    if (!translated.ok) throw new Error(`refused: ${translated.reason}`);
    if (notes !== undefined) expect(translated.notes.join('\n')).toMatch(notes);
    await withClient(db.url, async (client) => {
      await client.query(`CREATE VIEW ${name} AS ${translated.sql}`);
      const result = await client.query<(string | number | boolean | Date | null)[]>({ text: `SELECT * FROM ${name} ORDER BY ${orderBy}`, rowMode: 'array' });
      const actual = result.rows.map((row) => row.map((v) => (v === null ? null : v instanceof Date ? localTimestamp(v) : String(v))));
      expect(actual).toEqual(rows);
    });
  });

  it('names view columns from the column list and the SELECT aliases', async () => {
    await withClient(db.url, async (client) => {
      const { rows } = await client.query<{ table_name: string; column_name: string }>(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_name IN ('names_and_statuses', 'active_orders') ORDER BY table_name, ordinal_position",
      );
      expect(rows.map((r) => `${r.table_name}.${r.column_name}`)).toEqual(['active_orders.orderid', 'active_orders.CustomerName', 'active_orders.Doubled', 'names_and_statuses.Label', 'names_and_statuses.Kind']);
    });
  });
});
