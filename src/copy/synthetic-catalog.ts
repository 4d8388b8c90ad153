/**
 * The catalog the synthetic source serves (tests and `npm run bench`): dbo.narrow with `rows` rows
 * and a bigint key (the benchmark dataset's narrow table), dbo.small (100 rows), dbo.heap (500
 * rows, no key) and dbo.typed (2,000 rows: float, 1 MB blobs, a case-insensitive column).
 */
import type { Catalog, Column, Table } from '../model/catalog.js';

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

export function syntheticCatalog(rows: number): Catalog {
  return {
    formatVersion: 1,
    source: {
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
    },
    filter: { include: [], exclude: [] },
    schemas: [
      {
        name: 'dbo',
        tables: [
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
        ],
        views: [],
        sequences: [],
        routines: [],
        synonyms: [],
        userTypes: [],
      },
    ],
    notes: [],
  };
}
