/**
 * Gated on MSSQL_URL: runs the all-objects T-SQL fixture on a live TDS server, introspects it with
 * the CLI, and checks the catalog. Where Babelfish for PostgreSQL differs from SQL Server, the
 * expectation says so (`known` below) rather than being skipped.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Catalog, Schema, Table } from '../../../src/model/catalog.js';
import { parseCatalog } from '../../../src/model/catalog-io.js';
import { runMigrate } from '../../support/cli.js';
import { hasMssql, useFixtureDatabase } from '../../support/mssql.js';

describe.runIf(hasMssql)('migrate introspect against a live server (MSSQL_URL)', () => {
  const db = useFixtureDatabase(new URL('../../fixtures/mssql/all-objects.sql', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'ms2pg-introspect-'));
  let catalog: Catalog;

  /** A value that differs on Babelfish in a known, documented way. */
  const known = <T>(sqlServer: T, babelfish: T): T => (db.isBabelfish ? babelfish : sqlServer);
  /** Babelfish returns object names (not schema names) with ASCII letters lower-cased. */
  const named = (name: string): string => known(name, name.replace(/[A-Z]/g, (c) => c.toLowerCase()));
  const schema = (name: string): Schema => {
    const found = catalog.schemas.find((s) => s.name === name);
    if (found === undefined) throw new Error(`schema ${name} missing; have ${catalog.schemas.map((s) => s.name).join(', ')}`);
    return found;
  };
  const table = (schemaName: string, name: string): Table => {
    const found = schema(schemaName).tables.find((t) => t.name === named(name));
    if (found === undefined) throw new Error(`table ${schemaName}.${name} missing`);
    return found;
  };

  it('writes the same catalog bytes twice', async () => {
    const first = await runMigrate(['introspect', '--source', db.url, '--out', join(dir, 'a.json'), '--json']);
    expect(first.stderr.split('\n').filter((l) => l.startsWith('error'))).toEqual([]);
    expect(first.code).toBe(0);
    const second = await runMigrate(['introspect', '--source', db.url, '--out', join(dir, 'b.json')]);
    expect(second.code).toBe(0);
    const a = readFileSync(join(dir, 'a.json'), 'utf8');
    expect(readFileSync(join(dir, 'b.json'), 'utf8')).toBe(a);
    catalog = parseCatalog(a, 'a.json');
    expect(catalog.source.database).toBe(db.name);
    expect(catalog.source.isBabelfish).toBe(db.isBabelfish);
  });

  it('reads every schema, with non-ASCII names intact', () => {
    expect(catalog.schemas.map((s) => s.name)).toEqual(expect.arrayContaining(['dbo', 'sales', 'Учёт']));
    expect(schema('sales').comment).toBe('Продажи и клиенты');
  });

  it('resolves every column type, alias types to their base, lengths in characters', () => {
    const types = Object.fromEntries(table('dbo', 'all_types').columns.map((c) => [c.name, c.type]));
    expect(types).toMatchObject({
      c_bit: { name: 'bit' },
      c_tinyint: { name: 'tinyint' },
      c_decimal: { name: 'decimal', precision: 38, scale: 10 },
      c_numeric: { name: 'numeric', precision: 9, scale: 2 },
      c_money: { name: 'money' },
      c_smallmoney: { name: 'smallmoney' },
      c_float: { name: 'float' },
      c_real: { name: 'real' },
      c_datetime: { name: 'datetime' },
      c_smalldatetime: { name: 'smalldatetime' },
      c_datetime2: { name: 'datetime2', scale: known(7, 6) },
      c_datetime2_3: { name: 'datetime2', scale: 3 },
      c_time: { name: 'time', scale: known(7, 6) },
      c_dto: { name: 'datetimeoffset', scale: known(7, 6) },
      c_char: { name: 'char', length: 10 },
      c_varchar: { name: 'varchar', length: 100 },
      c_varchar_max: { name: 'varchar', length: 'max' },
      c_text: { name: 'text' },
      c_nchar: { name: 'nchar', length: 10 },
      c_nvarchar: { name: 'nvarchar', length: 200 },
      c_nvarchar_max: { name: 'nvarchar', length: 'max' },
      c_ntext: { name: 'ntext' },
      c_binary: { name: 'binary', length: 16 },
      c_varbinary: { name: 'varbinary', length: 50 },
      c_varbinary_max: { name: 'varbinary', length: 'max' },
      c_image: { name: 'image' },
      c_guid: { name: 'uniqueidentifier' },
      c_xml: { name: 'xml' },
      c_sql_variant: { name: 'sql_variant' },
      c_phone: { name: 'varchar', length: 20, alias: { schema: 'dbo', name: named('Phone') } },
      c_sysname: { name: 'nvarchar', length: 128 },
    });
    if (!db.isBabelfish) {
      expect(types).toMatchObject({ c_hierarchyid: { name: 'hierarchyid' }, c_geography: { name: 'geography' }, c_geometry: { name: 'geometry' }, c_rowversion: { name: 'rowversion' } });
    }
    const varchar = table('dbo', 'all_types').columns.find((c) => c.name === 'c_varchar');
    expect(varchar?.collation).toBe(known('Cyrillic_General_CI_AS', varchar?.collation));
  });

  it('reads identity outside dbo, defaults, computed columns and column flags', () => {
    const customers = table('sales', 'Customers');
    const id = customers.columns.find((c) => c.name === named('CustomerId'));
    expect(id?.identity?.seed).toBe(known('1000', '1'));
    expect(table('dbo', 'all_types').columns[0]?.identity).toMatchObject({ seed: '10', increment: '5' });
    const created = customers.columns.find((c) => c.name === named('Created'));
    // Babelfish names default constraints itself (DF_<table>_<oid>): known difference.
    expect(created?.default?.name).toBe(known('DF_Customers_Created', created?.default?.name));
    expect(created?.default?.expression).toBe(known('(sysdatetime())', created?.default?.expression));
    const orders = table('sales', 'Orders');
    const vat = orders.columns.find((c) => c.name === named('Vat'));
    expect(vat?.computed?.persisted).toBe(true);
    // Babelfish reports every computed column as persisted (known difference).
    expect(orders.columns.find((c) => c.name === named('Gross'))?.computed?.persisted).toBe(known(false, true));
    const guid = customers.columns.find((c) => c.name === named("Row'Guid"));
    expect(guid?.attrs?.rowGuid).toBe(known(true, guid?.attrs?.rowGuid));
    expect(customers.columns.find((c) => c.name === named('Full Name'))?.comment).toBe('Полное имя клиента');
    expect(customers.comment).toBe('Клиенты');
  });

  it('reads keys, multi-column foreign keys with actions, untrusted and disabled constraints', () => {
    const customers = table('sales', 'Customers');
    expect(customers.primaryKey).toMatchObject({ name: named('PK_Customers'), clustered: false, columns: [{ name: named('CustomerId'), descending: false }] });
    expect(customers.uniqueConstraints.map((u) => u.columns.map((c) => c.name))).toEqual([['Region', 'Code'].map(named)]);
    const fk = table('sales', 'Orders').foreignKeys[0];
    expect(fk).toMatchObject({
      name: named('FK_Orders_Customers'),
      columns: ['Region', 'CustomerCode'].map(named),
      references: { schema: 'sales', table: named('Customers'), columns: ['Region', 'Code'].map(named) },
      onDelete: 'cascade',
      onUpdate: 'cascade',
    });
    const untrusted = table('dbo', 'untrusted_child');
    expect(untrusted.foreignKeys[0]?.trusted).toBe(known(false, untrusted.foreignKeys[0]?.trusted));
    expect(untrusted.checks[0]?.enabled).toBe(known(false, untrusted.checks[0]?.enabled));
    expect(table('Учёт', 'Платежи').foreignKeys[0]).toMatchObject({ onDelete: 'set_null', references: { table: named('Orders') } });
  });

  it('keeps index key columns, included columns, direction and filters apart', () => {
    const index = table('sales', 'Orders').indexes.find((i) => i.name === named('IX_Orders_Status'));
    expect(index).toMatchObject({ unique: false, columns: [{ name: named('Status'), descending: false }, { name: named('OrderedAt'), descending: true }] });
    expect(index?.include).toEqual(['Net', 'CustomerCode'].map(named));
    // Babelfish does not report filter predicates (known difference).
    expect(index?.filter).toBe(known("([Status]=N'open')", undefined));
    const clustered = table('sales', 'Customers').indexes.find((i) => i.name === named('CX_Customers_Created'));
    expect(clustered?.columns).toEqual([{ name: named('Created'), descending: true }]);
    expect(table('sales', 'Orders').indexes.find((i) => i.backs === 'primary_key')?.name).toBe(named('PK_Orders'));
  });

  it('inventories views, routines, triggers, synonyms and user types', () => {
    const sales = schema('sales');
    expect(sales.views.map((v) => v.name)).toEqual(['v_open_orders', 'v_open_totals']);
    const openOrders = sales.views.find((v) => v.name === 'v_open_orders');
    expect(openOrders?.definition).toContain('JOIN');
    expect(openOrders?.comment).toBe('Открытые заказы');
    expect(sales.routines.map((r) => [r.name, r.kind])).toEqual([
      // Babelfish reports every function as a scalar function (known difference).
      ['fn_big_orders', known('table_function', 'scalar_function')],
      ['fn_gross', 'scalar_function'],
      ['fn_orders_of', known('inline_table_function', 'scalar_function')],
      ['usp_close_order', 'procedure'],
    ]);
    expect(table('sales', 'Orders').triggers).toMatchObject([{ name: named('TR_Orders_audit'), timing: 'after', events: ['insert', 'update'] }]);
    // Babelfish cannot create synonyms: the fixture skips them there.
    expect(schema('dbo').synonyms.map((s) => s.name)).toEqual(known(['Customers'], []));
    expect(schema('dbo').userTypes).toContainEqual({ name: named('Phone'), kind: 'alias', base: { name: 'varchar', length: 20 }, nullable: false });
    expect(sales.userTypes.find((t) => t.name === named('LineList'))?.kind).toBe('table');
    // Babelfish has no sys.sequences: the catalog says so in a note instead of listing the sequence.
    if (db.isBabelfish) expect(catalog.notes.map((n) => n.code)).toContain('CATALOG_VIEW_UNAVAILABLE');
    else expect(sales.sequences).toMatchObject([{ name: 'InvoiceNo', start: '1000', increment: '1', cache: 50 }]);
    if (!db.isBabelfish) {
      expect(table('sales', 'Prices').attrs?.temporalHistory).toEqual({ schema: 'sales', name: 'PricesHistory' });
      expect(table('sales', 'Prices').columns.find((c) => c.name === 'ValidFrom')?.attrs).toEqual({ hidden: true, generatedAlways: 'row_start' });
    }
  });

  it('records row counts', () => {
    expect(table('sales', 'Orders').stats?.rows).toBe(3);
    expect(table('sales', 'Customers').stats?.rows).toBe(2);
  });

  it('applies include/exclude and notes references into excluded tables', async () => {
    const out = join(dir, 'filtered.json');
    const run = await runMigrate(['introspect', '--source', db.url, '--out', out, '--exclude', 'sales.Customers', '--exact-counts']);
    expect(run.code).toBe(0);
    const filtered = parseCatalog(readFileSync(out, 'utf8'), out);
    const sales = filtered.schemas.find((s) => s.name === 'sales');
    expect(sales?.tables.map((t) => t.name)).not.toContain(named('Customers'));
    expect(filtered.notes).toContainEqual(expect.objectContaining({ code: 'EXCLUDED_REFERENCE', object: `sales.${named('Orders')}` }));
    expect(sales?.tables.find((t) => t.name === named('Orders'))?.stats).toMatchObject({ rows: 3, rowsExact: true });
  });
});
