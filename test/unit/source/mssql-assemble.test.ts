import { describe, expect, it } from 'vitest';
import { serializeCatalog, parseCatalog } from '../../../src/model/catalog-io.js';
import type { Catalog, Table } from '../../../src/model/catalog.js';
import { assembleCatalog, keptTables, lostText, typeRef } from '../../../src/source/mssql/assemble.js';
import { FACTS, LONG_NAME, recordedRows } from '../../fixtures/mssql/recorded-rows.js';

const NO_FILTER = { include: [], exclude: [] };

function table(catalog: Catalog, schema: string, name: string): Table {
  const found = catalog.schemas.find((s) => s.name === schema)?.tables.find((t) => t.name === name);
  if (found === undefined) throw new Error(`no table ${schema}.${name}`);
  return found;
}

describe('assembleCatalog (recorded sys.* rows)', () => {
  const catalog = assembleCatalog(recordedRows(), FACTS, NO_FILTER, []);

  it("warns when a definition holds a run of '?' where non-ASCII text probably was", () => {
    expect(catalog.notes).toContainEqual({
      severity: 'warning',
      code: 'DEFINITION_QUESTION_MARKS',
      object: 'sales.usp_Close',
      message: "the procedure definition holds N'????????? ??????': non-ASCII text probably became '?' on its way from the server (sent as varchar); compare it with the source before using it",
    });
    expect(catalog.notes.filter((n) => n.code === 'DEFINITION_QUESTION_MARKS')).toHaveLength(1);
  });

  it.each([
    ["SELECT N'аноним' AS a -- who?? not this", undefined],
    ["SELECT 'it''s ok?' AS a, [col??] FROM t", '[col??]'],
    ["/* ?? */ SELECT N'??????' + 'x'", "N'??????'"],
    ["SELECT '" + '?'.repeat(60) + "'", `'${'?'.repeat(36)}...`],
  ] as const)('lostText(%s) = %s', (text, expected) => {
    expect(lostText(text)).toBe(expected);
  });

  it('lists user schemas only, sorted, keeping empty user schemas and dropping built-in empty ones', () => {
    expect(catalog.schemas.map((s) => s.name)).toEqual(['audit', 'dbo', 'docs', 'empty schema', 'sales']);
  });

  it('keeps awkward names exactly, including case twins and 128-character names', () => {
    expect(catalog.schemas.find((s) => s.name === 'sales')?.tables.map((t) => t.name)).toEqual(['Client', 'client']);
    expect(table(catalog, 'dbo', LONG_NAME).columns[0]?.name).toBe(LONG_NAME);
    expect(table(catalog, 'dbo', 'Order Lines]"x').columns.map((c) => c.name)).toEqual(['Id', 'Сумма', 'select', 'a.b', 'Total', "Row'Guid", 'Code', 'Stamp', 'At', 'Shape', 'Who']);
  });

  it('resolves types: lengths in characters, max, alias and sysname to base, timestamp to rowversion, CLR types', () => {
    const types = table(catalog, 'dbo', 'Order Lines]"x').columns.map((c) => c.type);
    expect(types).toEqual([
      { name: 'bigint' },
      { name: 'decimal', precision: 38, scale: 10 },
      { name: 'nvarchar', length: 'max' },
      { name: 'varchar', length: 100, alias: { schema: 'dbo', name: 'Phone' } },
      { name: 'money' },
      { name: 'uniqueidentifier' },
      { name: 'nchar', length: 10 },
      { name: 'rowversion' },
      { name: 'datetime2', scale: 7 },
      { name: 'geography' },
      { name: 'nvarchar', length: 128, alias: { schema: 'sys', name: 'sysname' } },
    ]);
  });

  it('records identity exactly (beyond 2^53), computed columns, defaults with names, collations and comments', () => {
    const [id, sum, , ab, total, guid] = table(catalog, 'dbo', 'Order Lines]"x').columns;
    expect(id?.identity).toEqual({ seed: '1000', increment: '5', lastValue: '9007199254740993' });
    expect(sum?.comment).toBe('Сумма заказа');
    expect(ab?.default).toEqual({ expression: "('')", name: 'DF_a_b' });
    expect(ab?.collation).toBe('SQL_Latin1_General_CP1_CI_AS');
    expect(total?.computed).toEqual({ expression: '([Сумма]*(2))', persisted: true });
    expect(guid?.attrs).toEqual({ rowGuid: true });
  });

  it('reads the full-text index: catalog, key index, each column\'s language and a document type column; and the FILESTREAM file group', () => {
    const document = table(catalog, 'docs', 'Document');
    expect(document.fullTextIndex).toEqual({
      catalog: 'DocsCatalog',
      accentSensitive: false,
      keyIndex: 'PK_Document',
      columns: [
        { name: 'Title', language: 1049 },
        { name: 'Body', language: 1033 },
        { name: 'Content', language: 0, typeColumn: 'Ext' },
      ],
      enabled: true,
      changeTracking: 'auto',
      stoplist: 'system',
    });
    expect(document.attrs).toEqual({ fileStreamGroup: 'DocumentsFS' });
    expect(document.columns.find((c) => c.name === 'Content')?.attrs).toEqual({ fileStream: true });
    expect(table(catalog, 'sales', 'Client').fullTextIndex).toBeUndefined();
  });

  it('leaves out a full-text index whose columns cannot be read, with a note', () => {
    const rows = recordedRows();
    rows.fullTextColumns = [];
    const partial = assembleCatalog(rows, FACTS, NO_FILTER, []);
    expect(table(partial, 'docs', 'Document').fullTextIndex).toBeUndefined();
    expect(partial.notes).toContainEqual(expect.objectContaining({ code: 'FULLTEXT_UNREADABLE', object: 'docs.Document' }));
  });

  it('flags temporal, hidden, sparse columns and table attributes', () => {
    const client = table(catalog, 'sales', 'Client');
    expect(client.columns[2]?.attrs).toEqual({ hidden: true, generatedAlways: 'row_start' });
    expect(client.columns[3]?.attrs).toEqual({ hidden: true, generatedAlways: 'row_end' });
    expect(client.columns[5]?.attrs).toEqual({ sparse: true });
    expect(client.attrs).toEqual({ temporalHistory: { schema: 'audit', name: 'Log' }, partitioned: true });
    expect(table(catalog, 'audit', 'Log').attrs).toEqual({ isTemporalHistory: true, heap: true });
  });

  it('keeps key columns, included columns, filters, direction and disabled state apart; marks backing indexes', () => {
    const lines = table(catalog, 'dbo', 'Order Lines]"x');
    expect(lines.primaryKey).toEqual({ name: 'PK_Order Lines', columns: [{ name: 'Id', descending: false }], clustered: true });
    expect(lines.uniqueConstraints).toEqual([{ name: 'UQ_guid', columns: [{ name: "Row'Guid", descending: false }], clustered: false }]);
    expect(lines.indexes.map((i) => i.name)).toEqual(['IX_disabled', 'IX_sum_desc', 'PK_Order Lines', 'UQ_guid']);
    expect(lines.indexes.find((i) => i.name === 'IX_sum_desc')).toEqual({
      name: 'IX_sum_desc',
      kind: 'rowstore',
      unique: false,
      clustered: false,
      columns: [
        { name: 'Сумма', descending: true },
        { name: 'Code', descending: false },
      ],
      include: ['select', 'a.b'],
      filter: '([Сумма] IS NOT NULL)',
      enabled: true,
    });
    expect(lines.indexes.find((i) => i.name === 'IX_disabled')?.enabled).toBe(false);
    expect(lines.indexes.find((i) => i.name === 'PK_Order Lines')?.backs).toBe('primary_key');
    expect(lines.indexes.find((i) => i.name === 'UQ_guid')?.backs).toBe('unique_constraint');
  });

  it('reads foreign keys across schemas with actions, disabled and not trusted', () => {
    expect(table(catalog, 'sales', 'Client').foreignKeys).toEqual([
      { name: 'FK_Client_Lines', columns: ['Line'], references: { schema: 'dbo', table: 'Order Lines]"x', columns: ['Id'] }, onDelete: 'cascade', onUpdate: 'set_null', enabled: true, trusted: false },
    ]);
    expect(table(catalog, 'sales', 'client').foreignKeys[0]).toMatchObject({ onDelete: 'no_action', onUpdate: 'set_default', enabled: false, trusted: false });
  });

  it('reads column and table checks; an unreadable one becomes a note, never a silent gap', () => {
    expect(table(catalog, 'dbo', 'Order Lines]"x').checks).toEqual([
      { name: 'CK_sum', expression: '([Сумма]>=(0))', column: 'Сумма', enabled: true, trusted: true },
      { name: 'CK_table', expression: '([Id]<>(0) OR [Code] IS NULL)', enabled: false, trusted: false },
    ]);
    expect(catalog.notes).toContainEqual({ severity: 'warning', code: 'DEFINITION_UNREADABLE', object: 'dbo.Order Lines]"x', message: 'check constraint CK_hidden could not be read and is not in the catalog' });
  });

  it('reads triggers with their events, views with references and comments, routines, sequences, synonyms, user types', () => {
    expect(table(catalog, 'dbo', 'Order Lines]"x').triggers).toEqual([
      { name: 'TR_lines', timing: 'after', events: ['insert', 'delete'], enabled: true, definition: 'CREATE TRIGGER TR_lines ON dbo.x AFTER INSERT, DELETE AS SET NOCOUNT ON' },
    ]);
    const dbo = catalog.schemas.find((s) => s.name === 'dbo')!;
    const sales = catalog.schemas.find((s) => s.name === 'sales')!;
    expect(dbo.views[0]).toEqual({
      name: 'v_secret',
      definition: null,
      columns: [{ name: 'y', type: { name: 'int' }, nullable: false }],
      schemaBound: false,
      references: [],
    });
    expect(dbo.views[1]?.references).toEqual([
      { schema: 'audit', name: 'Log' },
      { schema: 'dbo', name: 'Order Lines]"x' },
    ]);
    expect(dbo.views[1]?.columns[0]?.comment).toBe('Итог');
    expect(dbo.views[1]?.schemaBound).toBe(true);
    expect(catalog.notes).toContainEqual(expect.objectContaining({ code: 'DEFINITION_UNREADABLE', object: 'dbo.v_secret' }));
    expect(sales.comment).toBe('Продажи');
    expect(sales.routines.map((r) => [r.name, r.kind])).toEqual([
      ['fn_Total', 'inline_table_function'],
      ['usp_Close', 'procedure'],
    ]);
    expect(sales.sequences).toEqual([
      { name: 'InvoiceNo', type: { name: 'bigint' }, start: '1000', increment: '1', minValue: '1', maxValue: '9223372036854775807', cycle: false, cache: 50, current: '1041' },
    ]);
    expect(dbo.synonyms).toEqual([{ name: 'Lines', target: '[dbo].[Order Lines]]"x]' }]);
    expect(dbo.userTypes).toEqual([{ name: 'Phone', kind: 'alias', base: { name: 'varchar', length: 100 }, nullable: false }]);
    expect(sales.userTypes[0]).toMatchObject({ name: 'LineList', kind: 'table', columns: [{ name: 'LineId', type: { name: 'bigint' }, nullable: false }] });
  });

  it('records sizes as estimates in bytes', () => {
    expect(table(catalog, 'dbo', 'Order Lines]"x').stats).toEqual({ rows: 1200000, rowsExact: false, dataBytes: 11776 * 8192, lobBytes: 3 * 8192 });
    expect(table(catalog, 'sales', 'client').stats).toBeUndefined();
  });

  it('prefers exact counts when given', () => {
    const rows = recordedRows();
    rows.exactCounts = [{ object_id: 100, rows: '1200007' }];
    const exact = assembleCatalog(rows, FACTS, NO_FILTER, []);
    expect(table(exact, 'dbo', 'Order Lines]"x').stats).toMatchObject({ rows: 1200007, rowsExact: true });
  });

  it('produces a valid, deterministic catalog (same rows in any order, same bytes)', () => {
    const text = serializeCatalog(catalog);
    expect(serializeCatalog(parseCatalog(text, 'assembled'))).toBe(text);
    const shuffled = recordedRows();
    for (const list of Object.values(shuffled)) if (Array.isArray(list)) list.reverse();
    expect(serializeCatalog(assembleCatalog(shuffled, FACTS, NO_FILTER, []))).toBe(text);
  });
});

describe('include / exclude', () => {
  it('excludes by schema name and notes references from kept objects into excluded ones', () => {
    const catalog = assembleCatalog(recordedRows(), FACTS, { include: [], exclude: ['audit'] }, []);
    expect(catalog.schemas.map((s) => s.name)).toEqual(['dbo', 'docs', 'empty schema', 'sales']);
    expect(catalog.notes.filter((n) => n.code === 'EXCLUDED_REFERENCE')).toEqual([
      { severity: 'warning', code: 'EXCLUDED_REFERENCE', object: 'dbo.v_Итоги', message: 'references audit.Log, which is excluded from the catalog' },
      { severity: 'warning', code: 'EXCLUDED_REFERENCE', object: 'sales.client', message: 'foreign key FK_client_log references audit.Log, which is excluded from the catalog' },
    ]);
    expect(catalog.filter).toEqual({ include: [], exclude: ['audit'] });
  });

  it('includes by schema.table glob, case-insensitively, and keeps only schemas with kept objects', () => {
    const catalog = assembleCatalog(recordedRows(), FACTS, { include: ['SALES.c*'], exclude: [] }, []);
    expect(catalog.schemas.map((s) => [s.name, s.tables.map((t) => t.name)])).toEqual([['sales', ['Client', 'client']]]);
    expect(catalog.schemas[0]?.routines).toEqual([]);
  });

  it('matches a dotless pattern against schema or object name, and [set] globs', () => {
    expect(keptTables(recordedRows(), { include: ['[Cc]lient'], exclude: [] }).map((t) => t.name)).toEqual(['Client', 'client']);
    expect(keptTables(recordedRows(), { include: [], exclude: ['dbo', 'Log'] }).map((t) => t.name)).toEqual(['Client', 'client', 'Document']);
  });
});

describe('typeRef', () => {
  it.each([
    ['nvarchar', 100, 0, 0, { name: 'nvarchar', length: 50 }],
    ['varchar', -1, 0, 0, { name: 'varchar', length: 'max' }],
    ['varbinary', 16, 0, 0, { name: 'varbinary', length: 16 }],
    ['numeric', 9, 18, 4, { name: 'numeric', precision: 18, scale: 4 }],
    ['time', 5, 16, 7, { name: 'time', scale: 7 }],
    ['datetimeoffset', 10, 34, 7, { name: 'datetimeoffset', scale: 7 }],
    ['INT', 4, 10, 0, { name: 'int' }],
  ] as const)('%s(%i,%i,%i)', (name, maxLength, precision, scale, expected) => {
    expect(typeRef(name, maxLength, precision, scale)).toEqual(expected);
  });
});
