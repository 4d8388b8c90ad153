/** Plans over a synthetic catalog, for copy pipeline tests and the synthetic benchmark. */
import { loadMappings } from '../../src/mapping/load.js';
import type { Catalog, Column, Table } from '../../src/model/catalog.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import type { Plan } from '../../src/plan/plan-model.js';

const col = (name: string, type: Column['type'], nullable = true): Column => ({ name, type, nullable });

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

/** dbo.narrow (`rows` rows, keyed), dbo.small (100 rows), dbo.heap (500 rows, no key). */
export function syntheticCatalog(rows: number): Catalog {
  return {
    formatVersion: 1,
    source: {
      dialect: 'mssql', productVersion: 'synthetic', edition: null, engineEdition: null, isAzure: false, isBabelfish: false,
      versionText: 'synthetic', database: 'synthetic', collation: null, compatibilityLevel: null, snapshotIsolation: null, readCommittedSnapshot: null,
    },
    filter: { include: [], exclude: [] },
    schemas: [
      {
        name: 'dbo',
        tables: [
          table('narrow', [col('id', { name: 'bigint' }, false), col('code', { name: 'int' }), col('name', { name: 'nvarchar', length: 50 }), col('amount', { name: 'decimal', precision: 18, scale: 4 }), col('created', { name: 'datetime2', scale: 3 }), col('flag', { name: 'bit' })], rows, 80),
          table('small', [col('id', { name: 'int' }, false), col('note', { name: 'nvarchar', length: 100 })], 100, 40),
          table('heap', [col('id', { name: 'int' }, false), col('note', { name: 'nvarchar', length: 100 })], 500, 40, false),
        ],
        views: [], sequences: [], routines: [], synonyms: [], userTypes: [],
      },
    ],
    notes: [],
  };
}

export function syntheticPlan(rows: number): Plan {
  return buildPlan(syntheticCatalog(rows), loadMappings([], process.cwd()), { targetVersion: 16 });
}
