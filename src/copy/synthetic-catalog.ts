/**
 * Catalogs the synthetic source serves. `syntheticCatalog` (tests): dbo.narrow with `rows` rows and
 * a bigint key, dbo.small (100 rows), dbo.heap (500 rows, no key) and dbo.typed (2,000 rows: float,
 * 1 MB blobs, a case-insensitive column). `benchCatalog` (`npm run bench`): the benchmark dataset's
 * shape (docs/benchmark.md) at a scale factor. `documentsCatalog` (tests and the benchmark's large
 * values): dbo.documents, whose large values the synthetic source sizes (SyntheticOptions).
 */
import type { Catalog, Column, Schema, Table } from '../model/catalog.js';

const column = (name: string, type: Column['type'], nullable = true): Column => ({ name, type, nullable });

function table(name: string, columns: Column[], rows: number, rowBytes: number, keyed = true): Table {
  return {
    name,
    columns,
    ...(keyed ? { primaryKey: { name: `PK_${name}`, columns: [{ name: columns[0]?.name ?? 'id', descending: false }], clustered: true } } : {}),
    uniqueConstraints: [],
    foreignKeys: [],
    checks: [],
    indexes: [],
    triggers: [],
    stats: { rows, rowsExact: true, dataBytes: rows * rowBytes, lobBytes: 0 },
  };
}

const SOURCE: Catalog['source'] = {
  dialect: 'mssql',
  productVersion: 'synthetic',
  edition: null,
  engineEdition: null,
  isAzure: false,
  isBabelfish: false,
  versionText: 'synthetic',
  database: 'synthetic',
  collation: null,
  compatibilityLevel: null,
  snapshotIsolation: null,
  readCommittedSnapshot: null,
};

function catalogOf(tables: Table[]): Catalog {
  const schema: Schema = { name: 'dbo', tables, views: [], sequences: [], routines: [], synonyms: [], userTypes: [] };
  return { formatVersion: 1, source: SOURCE, filter: { include: [], exclude: [] }, schemas: [schema], notes: [] };
}

/**
 * The benchmark dataset at `scale` (1: 1,000,000 + 100,000 + 300,000 rows and 200 tables of 100).
 * wide.blob is declared varbinary(1024) here so the generator makes 1 KB values (bytea either way).
 */
export function benchCatalog(scale: number): Catalog {
  const rows = (n: number): number => Math.max(1, Math.round(n * scale));
  const small = Array.from({ length: 200 }, (_, i) =>
    table(`small_${String(i + 1).padStart(3, '0')}`, [column('id', { name: 'int' }, false), column('note', { name: 'nvarchar', length: 100 })], 100, 40),
  );
  return catalogOf([
    table(
      'narrow',
      [
        column('id', { name: 'bigint' }, false),
        column('code', { name: 'int' }, false),
        column('name', { name: 'nvarchar', length: 50 }, false),
        column('amount', { name: 'decimal', precision: 18, scale: 4 }),
        column('created', { name: 'datetime2', scale: 3 }, false),
        column('flag', { name: 'bit' }, false),
      ],
      rows(1_000_000),
      80,
    ),
    table(
      'wide',
      [
        column('id', { name: 'int' }, false),
        column('title', { name: 'nvarchar', length: 200 }),
        column('body', { name: 'nvarchar', length: 'max' }),
        column('blob', { name: 'varbinary', length: 1024 }),
        column('created', { name: 'datetimeoffset', scale: 3 }),
        column('guid', { name: 'uniqueidentifier' }),
      ],
      rows(100_000),
      5_200,
    ),
    table(
      'typed',
      [
        column('id', { name: 'int' }, false),
        column('dec', { name: 'decimal', precision: 38, scale: 10 }),
        column('cash', { name: 'money' }),
        column('ratio', { name: 'float' }),
        column('ratio4', { name: 'real' }),
        column('legacy', { name: 'datetime' }),
        column('precise', { name: 'datetime2', scale: 7 }),
        column('moment', { name: 'time', scale: 7 }),
        column('guid', { name: 'uniqueidentifier' }),
        column('fixed', { name: 'nchar', length: 10 }),
        { ...column('label', { name: 'varchar', length: 100 }), collation: 'Cyrillic_General_CI_AS' },
      ],
      rows(300_000),
      150,
    ),
    ...small,
  ]);
}

export function syntheticCatalog(rows: number): Catalog {
  return catalogOf([
    table(
      'narrow',
      [
        column('id', { name: 'bigint' }, false),
        column('code', { name: 'int' }),
        column('name', { name: 'nvarchar', length: 50 }),
        column('amount', { name: 'decimal', precision: 18, scale: 4 }),
        column('created', { name: 'datetime2', scale: 3 }),
        column('flag', { name: 'bit' }),
      ],
      rows,
      80,
    ),
    table('small', [column('id', { name: 'int' }, false), column('note', { name: 'nvarchar', length: 100 })], 100, 40),
    table('heap', [column('id', { name: 'int' }, false), column('note', { name: 'nvarchar', length: 100 })], 500, 40, false),
    table(
      'typed',
      [
        column('id', { name: 'int' }, false),
        column('ratio', { name: 'float' }),
        column('blob', { name: 'varbinary', length: 'max' }),
        { ...column('label', { name: 'nvarchar', length: 60 }), collation: 'SQL_Latin1_General_CP1_CI_AS' },
      ],
      2000,
      1100,
    ),
  ]);
}

/**
 * dbo.documents: one row per entry of the synthetic source's largeValueBytes, a binary and (unless
 * `text: false`) a text large column; `rowBytes`, the catalog's size of a row, sizes the chunks.
 */
export function documentsCatalog(rows: number, { text = true, rowBytes = 8_000 }: { readonly text?: boolean; readonly rowBytes?: number } = {}): Catalog {
  return catalogOf([
    table(
      'documents',
      [
        column('id', { name: 'int' }, false),
        column('title', { name: 'nvarchar', length: 200 }),
        column('content', { name: 'varbinary', length: 'max' }),
        ...(text ? [column('body', { name: 'nvarchar', length: 'max' })] : []),
      ],
      rows,
      rowBytes,
    ),
  ]);
}
