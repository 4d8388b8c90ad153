/** Facts about the target PostgreSQL server and what this login may do there. */
import type pg from 'pg';

export interface PgServerFacts {
  readonly version: string;
  readonly versionNum: number;
  readonly database: string;
  readonly user: string;
  readonly encoding: string;
  readonly collate: string;
  readonly ctype: string;
  /** ICU collations are needed for case-insensitive (nondeterministic) collations. */
  readonly icuAvailable: boolean;
  readonly canCreateSchemas: boolean;
  readonly superuser: boolean;
}

interface FactsRow {
  version: string;
  version_num: string;
  database: string;
  user: string;
  encoding: string;
  collate: string;
  ctype: string;
  icu_collations: string;
  can_create: boolean;
  superuser: boolean;
}

export async function readPgFacts(client: pg.Client): Promise<PgServerFacts> {
  const { rows } = await client.query<FactsRow>(`
    SELECT current_setting('server_version') AS version,
           current_setting('server_version_num') AS version_num,
           current_database() AS database,
           current_user AS "user",
           pg_encoding_to_char(d.encoding) AS encoding,
           d.datcollate AS collate,
           d.datctype AS ctype,
           (SELECT count(*) FROM pg_collation WHERE collprovider = 'i')::text AS icu_collations,
           has_database_privilege(current_database(), 'CREATE') AS can_create,
           (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser
    FROM pg_database d WHERE d.datname = current_database()`);
  const row = rows[0];
  if (row === undefined) throw new Error('pg_database has no row for the current database');
  return {
    version: row.version,
    versionNum: Number(row.version_num),
    database: row.database,
    user: row.user,
    encoding: row.encoding,
    collate: row.collate,
    ctype: row.ctype,
    icuAvailable: Number(row.icu_collations) > 0,
    canCreateSchemas: row.can_create,
    superuser: row.superuser,
  };
}

/** The server's major version (15 for 15.4): what a plan is made for. */
export async function readServerMajor(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ version_num: string }>("SELECT current_setting('server_version_num') AS version_num");
  return Math.floor(Number(rows[0]?.version_num ?? 0) / 10000);
}

/** Which of `names` the server can CREATE EXTENSION (its contrib packages are installed). */
export async function readAvailableExtensions(client: pg.Client, names: readonly string[]): Promise<Set<string>> {
  const { rows } = await client.query<{ name: string }>('SELECT name FROM pg_available_extensions WHERE name = ANY($1)', [names]);
  return new Set(rows.map((r) => r.name));
}
