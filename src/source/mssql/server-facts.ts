/**
 * Facts about the source server and database: what `migrate check` reports and what introspect
 * records in the catalog. Babelfish (a TDS server over PostgreSQL) answers most of these; where it
 * does not, the fact is null rather than a guess.
 */
import type mssql from 'mssql';
import { queryRows } from './query.js';
import { t, type MessageKey } from '../../i18n/index.js';

export interface MssqlServerFacts {
  readonly productVersion: string;
  readonly productLevel: string | null;
  readonly edition: string | null;
  /** SERVERPROPERTY('EngineEdition'): 5 = Azure SQL Database, 8 = Azure SQL Managed Instance. */
  readonly engineEdition: number | null;
  readonly isAzure: boolean;
  /** True when the server is Babelfish for PostgreSQL rather than SQL Server. */
  readonly isBabelfish: boolean;
  readonly versionText: string;
  readonly database: string;
  readonly collation: string | null;
  readonly compatibilityLevel: number | null;
  readonly snapshotIsolation: string | null;
  readonly readCommittedSnapshot: boolean | null;
}

interface FactsRow {
  productVersion: string | null;
  productLevel: string | null;
  edition: string | null;
  engineEdition: number | null;
  versionText: string;
  databaseName: string;
  collation: string | null;
  compatibilityLevel: number | null;
  snapshotIsolation: string | null;
  readCommittedSnapshot: boolean | null;
}

// Casts to nvarchar: SERVERPROPERTY returns sql_variant, and sysname may travel as varchar (Babelfish).
const FACTS_SQL = `
SELECT
  CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)) AS productVersion,
  CAST(SERVERPROPERTY('ProductLevel') AS nvarchar(128)) AS productLevel,
  CAST(SERVERPROPERTY('Edition') AS nvarchar(128)) AS edition,
  CAST(SERVERPROPERTY('EngineEdition') AS int) AS engineEdition,
  CAST(@@VERSION AS nvarchar(4000)) AS versionText,
  CAST(DB_NAME() AS nvarchar(128)) AS databaseName,
  CAST(DATABASEPROPERTYEX(DB_NAME(), 'Collation') AS nvarchar(128)) AS collation,
  CAST(d.compatibility_level AS int) AS compatibilityLevel,
  CAST(d.snapshot_isolation_state_desc AS nvarchar(60)) AS snapshotIsolation,
  d.is_read_committed_snapshot_on AS readCommittedSnapshot
FROM sys.databases AS d
WHERE d.database_id = DB_ID()`;

export async function readServerFacts(pool: mssql.ConnectionPool): Promise<MssqlServerFacts> {
  const [row] = await queryRows<FactsRow>(pool, FACTS_SQL);
  if (row === undefined) throw new Error('sys.databases has no row for the current database');
  const engineEdition = row.engineEdition;
  return {
    productVersion: row.productVersion ?? 'unknown',
    productLevel: row.productLevel,
    edition: row.edition,
    engineEdition,
    isAzure: engineEdition === 5 || engineEdition === 8,
    isBabelfish: /babelfish/i.test(row.versionText),
    versionText: row.versionText.replace(/\s+/g, ' ').trim(),
    database: row.databaseName,
    collation: row.collation,
    compatibilityLevel: row.compatibilityLevel,
    snapshotIsolation: row.snapshotIsolation,
    readCommittedSnapshot: row.readCommittedSnapshot,
  };
}

export interface PermissionCheck {
  readonly permission: string;
  readonly neededFor: string;
  /** null: the server could not say (e.g. HAS_PERMS_BY_NAME unsupported). */
  readonly granted: boolean | null;
}

const PERMISSIONS: readonly { permission: string; neededFor: MessageKey }[] = [
  { permission: 'VIEW DEFINITION', neededFor: 'check.neededFor.viewDefinition' },
  { permission: 'SELECT', neededFor: 'check.neededFor.select' },
  { permission: 'VIEW DATABASE STATE', neededFor: 'check.neededFor.viewDatabaseState' },
];

/** On Babelfish HAS_PERMS_BY_NAME does not reflect PostgreSQL privileges: every answer is "unknown". */
export async function checkSourcePermissions(pool: mssql.ConnectionPool, isBabelfish: boolean): Promise<PermissionCheck[]> {
  const checks: PermissionCheck[] = [];
  for (const { permission, neededFor: purpose } of PERMISSIONS) {
    const neededFor = t(purpose);
    if (isBabelfish) {
      checks.push({ permission, neededFor, granted: null });
      continue;
    }
    let granted: boolean | null;
    try {
      const [row] = await queryRows<{ granted: number | null }>(
        pool,
        `SELECT HAS_PERMS_BY_NAME(DB_NAME(), 'DATABASE', '${permission}') AS granted`,
      );
      granted = row?.granted === null || row?.granted === undefined ? null : row.granted === 1;
    } catch {
      granted = null;
    }
    checks.push({ permission, neededFor, granted });
  }
  return checks;
}
