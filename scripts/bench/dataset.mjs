// The benchmark dataset: its table sets, row counts at a scale factor, and (live mode) the T-SQL
// that loads it into SQL Server. The same tables and row counts as src/copy/synthetic-catalog.ts
// (benchCatalog); columns and values follow the reference shared/bench/dataset.sql closely, except
// that the small tables keep 100 rows at every scale, as benchCatalog's do. Every value is a
// function of the row number (no NEWID, RAND or GETDATE), so every load gives the same data, and
// the T-SQL runs on SQL Server 2019+ and on Babelfish. Rows are made by INSERT ... SELECT, never by
// TDS bulk load (Babelfish corrupts decimals loaded that way).
import { connectMssql, parseMssqlConnectionString } from '../../dist/source/mssql/connection.js';

export const DATABASE = 'ms2pg_bench';
/** Bump when the generated data changes, so an old load is not mistaken for the current one. */
const VERSION = 1;
const SMALL_TABLES = 200;
const SMALL_ROWS = 100;

const smallName = (i) => `small_${String(i).padStart(3, '0')}`;

/**
 * The table sets figures are reported for: `globs` are our --tables arguments, `like` pgloader's
 * T-SQL LIKE patterns (schema dbo), `tables` the source table names.
 */
export const SETS = [
  { name: 'narrow', globs: ['dbo.narrow'], like: ['narrow'], tables: ['narrow'] },
  { name: 'wide', globs: ['dbo.wide'], like: ['wide'], tables: ['wide'] },
  { name: 'typed', globs: ['dbo.typed'], like: ['typed'], tables: ['typed'] },
  { name: 'small', globs: ['dbo.small_*'], like: ['small_%'], tables: Array.from({ length: SMALL_TABLES }, (_, i) => smallName(i + 1)) },
];

/** Several sets as one: what "total" copies in a single run. */
export function unionOf(name, sets) {
  return { name, globs: sets.flatMap((s) => s.globs), like: sets.flatMap((s) => s.like), tables: sets.flatMap((s) => s.tables) };
}

/** Rows per table at `scale`, rounded as benchCatalog rounds them; small tables keep 100 rows at any scale. */
export function rowsAt(scale) {
  const rows = (n) => Math.max(1, Math.round(n * scale));
  return { narrow: rows(1_000_000), wide: rows(100_000), typed: rows(300_000), small: SMALL_ROWS };
}

export function expectedRows(set, scale) {
  const counts = rowsAt(scale);
  return set.tables.reduce((n, table) => n + (counts[table] ?? counts.small), 0);
}

/** The first `rows` integers as `nums(n)`: cross joins of ten digits, cut by TOP (up to 10^digitTables rows). */
function numbers(rows, type = 'bigint', digitTables = 8) {
  const joins = Array.from({ length: digitTables }, (_, i) => `d AS d${i + 1}`).join(' CROSS JOIN ');
  return `WITH d AS (SELECT v FROM (VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)) AS t(v)),
     nums AS (SELECT TOP (${rows}) CAST(ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) AS ${type}) AS n FROM ${joins})`;
}

const narrow = (rows) => [
  `CREATE TABLE dbo.narrow (
  id      bigint        NOT NULL PRIMARY KEY,
  code    int           NOT NULL,
  name    nvarchar(50)  NOT NULL,
  amount  decimal(18,4) NULL,
  created datetime2(3)  NOT NULL,
  flag    bit           NOT NULL
)`,
  `${numbers(rows)}
INSERT INTO dbo.narrow (id, code, name, amount, created, flag)
SELECT n,
       CAST(n * 7919 % 1000000 AS int),
       CONCAT(N'name ', n, N' ', CASE n % 4 WHEN 0 THEN N'alpha' WHEN 1 THEN N'бета' WHEN 2 THEN N'gamma' ELSE N'δέλτα' END),
       CASE WHEN n % 10 = 0 THEN NULL
            ELSE CAST(CASE WHEN n % 7 = 0 THEN -1 ELSE 1 END * CAST(n * 104729 AS decimal(18,0)) * 0.0001 AS decimal(18,4)) END,
       DATEADD(millisecond, CAST(n % 1000 AS int),
               DATEADD(second, CAST(n * 37 % 315360000 AS int), CAST('2015-01-01T00:00:00' AS datetime2(3)))),
       CAST(CASE WHEN n % 3 = 0 THEN 0 ELSE 1 END AS bit)
FROM nums`,
];

/** One of 48 hash-derived bigints of row n (binary(8) first: Babelfish casts longer varbinary from the left). */
const hashInt = (k) => `CAST(CAST(HASHBYTES('SHA2_256', CONCAT('b', n, '-${String(k).padStart(2, '0')}')) AS binary(8)) AS bigint)`;

/** ~1,000 pseudo-random digits, so body and blob do not compress trivially; CONCATs of 8 stay under PostgreSQL's 100-argument limit. */
const DIGITS = `CONCAT(${Array.from({ length: 12 }, (_, g) => `CONCAT(${[1, 2, 3, 4].map((i) => `${hashInt(4 * g + i)}, ' '`).join(', ')})`).join(',\n  ')})`;

const wide = (rows) => [
  `CREATE TABLE dbo.wide (
  id      int              NOT NULL PRIMARY KEY,
  title   nvarchar(200)    NULL,
  body    nvarchar(max)    NULL,
  blob    varbinary(max)   NULL,
  created datetimeoffset(3) NULL,
  guid    uniqueidentifier NULL
)`,
  `${numbers(rows)}
INSERT INTO dbo.wide (id, title, body, blob, created, guid)
SELECT CAST(n AS int),
       CONCAT(N'Заголовок ', n, N' - title ', n * 31 % 1000),
       CONCAT(N'Запись ', n, N'. ', REPLICATE(CAST(N'Съешь же ещё этих мягких французских булок, да выпей же чаю. ' AS nvarchar(max)), 16), r.digits),
       CAST(LEFT(CONCAT(r.digits, REVERSE(r.digits)), 1024) AS varbinary(max)),
       TODATETIMEOFFSET(DATEADD(millisecond, CAST(n % 1000 AS int),
                                DATEADD(second, CAST(n * 97 AS int), CAST('2021-01-01T00:00:00' AS datetime2(3)))),
                        CAST((n % 29 - 14) * 30 AS int)),
       CAST(HASHBYTES('MD5', CONCAT('g', n)) AS uniqueidentifier)
FROM nums CROSS APPLY (SELECT ${DIGITS} AS digits) AS r`,
];

const typed = (rows) => [
  `CREATE TABLE dbo.typed (
  id  int IDENTITY(1,1) NOT NULL PRIMARY KEY,
  d38 decimal(38,10)    NULL,
  m   money             NULL,
  f   float             NULL,
  r   real              NULL,
  dt  datetime          NULL,
  dt2 datetime2(7)      NULL,
  t   time(7)           NULL,
  u   uniqueidentifier  NULL,
  c   nchar(10)         NULL,
  v   varchar(100) COLLATE Cyrillic_General_CI_AS NULL
)`,
  `${numbers(rows)}
INSERT INTO dbo.typed (d38, m, f, r, dt, dt2, t, u, c, v)
SELECT CASE WHEN n % 50 = 0 THEN NULL
            ELSE CAST(CONCAT(CASE WHEN n % 3 = 0 THEN '-' ELSE '' END, n, '12345678901234567890', '.',
                             RIGHT(CONCAT('000000000', n * 7919 % 10000000000), 10)) AS decimal(38,10)) END,
       CAST(CONCAT(CASE WHEN n % 4 = 0 THEN '-' ELSE '' END, n * 7919 % 100000000000, '.', RIGHT(CONCAT('000', n % 10000), 4)) AS money),
       CASE WHEN n % 1000 = 0 THEN CAST(1.7976931348623157E+308 AS float)
            WHEN n % 1000 = 1 THEN CAST(-2.2250738585072014E-308 AS float)
            ELSE CAST(n AS float) / 7.0 * CASE WHEN n % 2 = 0 THEN 1e10 ELSE 1e-5 END END,
       CAST(CAST(n AS float) / 3.0 AS real),
       DATEADD(millisecond, CAST(n % 1000 AS int), DATEADD(minute, CAST(n % 5000000 AS int), CAST('1990-01-01T00:00:00' AS datetime))),
       DATEADD(nanosecond, CAST(n % 10000000 AS int) * 100, DATEADD(second, CAST(n * 13 AS int), CAST('2010-01-01T00:00:00' AS datetime2(7)))),
       CAST(DATEADD(nanosecond, CAST(n * 7919 % 10000000 AS int) * 100,
                    DATEADD(second, CAST(n % 86400 AS int), CAST('2000-01-01T00:00:00' AS datetime2(7)))) AS time(7)),
       CAST(HASHBYTES('MD5', CONCAT('u', n)) AS uniqueidentifier),
       CONCAT(N'Ж', n % 1000000),
       CONCAT(N'Строка № ', n, N' - ', CASE n % 3 WHEN 0 THEN N'Москва' WHEN 1 THEN N'Санкт-Петербург' ELSE N'Новосибирск' END)
FROM nums
ORDER BY n`,
];

/** 200 tables of 100 rows: one batch of CREATEs, one of INSERTs (no dynamic SQL needed, the names are known here). */
const small = () => {
  const names = SETS.find((s) => s.name === 'small').tables;
  return [
    names.map((t) => `CREATE TABLE dbo.${t} (id int NOT NULL PRIMARY KEY, v nvarchar(40) NULL);`).join('\n'),
    names.map((t) => `${numbers(SMALL_ROWS, 'int', 2)}\nINSERT INTO dbo.${t} (id, v) SELECT n, CONCAT(N'${t} row ', n, N' значение') FROM nums;`).join('\n'),
  ];
};

/** The T-SQL batches that create and fill the dataset at `scale` in the current database, with labels for progress. */
export function datasetBatches(scale) {
  const rows = rowsAt(scale);
  return [
    ...narrow(rows.narrow).map((sql) => ({ label: 'dbo.narrow', sql })),
    ...wide(rows.wide).map((sql) => ({ label: 'dbo.wide', sql })),
    ...typed(rows.typed).map((sql) => ({ label: 'dbo.typed', sql })),
    ...small().map((sql) => ({ label: `dbo.small_001..${SMALL_TABLES}`, sql })),
  ];
}

/** Connection settings for the project's pool (32 KB packets, no request timeout) from an mssql:// URL. */
export function mssqlSettings(url, database) {
  const s = parseMssqlConnectionString(url); // also registers the password as a secret
  return {
    host: s.host ?? 'localhost',
    port: s.port,
    instance: s.instance,
    database,
    user: s.user,
    password: s.password,
    encrypt: s.encrypt ?? true,
    trustServerCertificate: s.trustServerCertificate ?? false,
    connectTimeoutSeconds: s.connectTimeoutSeconds ?? 15,
    requestTimeoutSeconds: 0,
  };
}

export async function withPool(url, database, work) {
  const pool = await connectMssql(mssqlSettings(url, database), 1);
  try {
    return await work(pool);
  } finally {
    await pool.close();
  }
}

/**
 * The first row of a marker query in `database`, or undefined when the database, the marker table
 * or the row is missing (an interrupted or foreign load): what a load writes last to say it is complete.
 */
export async function markerRow(url, database, sql) {
  const exists = await withPool(url, 'master', async (pool) => (await pool.request().query(`SELECT DB_ID(N'${database}') AS id`)).recordset[0]?.id != null);
  if (!exists) return undefined;
  return withPool(url, database, async (pool) => {
    try {
      return (await pool.request().query(sql)).recordset[0];
    } catch {
      return undefined;
    }
  });
}

/** The scale recorded by the last complete load, or undefined (no database, no marker, older generator). */
async function loadedScale(url) {
  const marker = await markerRow(url, DATABASE, 'SELECT CAST(scale AS float) AS scale, version FROM bench_meta.dataset');
  return marker?.version === VERSION ? marker.scale : undefined;
}

/** Drops and creates `database` on the server. */
export async function recreateMssqlDatabase(url, database) {
  await withPool(url, 'master', async (pool) => {
    await pool.request().batch(`IF DB_ID(N'${database}') IS NOT NULL DROP DATABASE ${database}`);
    await pool.request().batch(`CREATE DATABASE ${database}`);
  });
}

/**
 * Makes database ms2pg_bench hold the dataset at `scale`: skipped when the marker says it already
 * does (unless `reload`), otherwise the database is dropped, recreated and loaded, and the marker
 * is written last, so an interrupted load is never taken for a complete one.
 */
export async function ensureDataset(url, scale, reload, log) {
  if (!reload && (await loadedScale(url)) === Number(scale.toFixed(4))) {
    log(`dataset: ${DATABASE} already holds scale ${scale} (--reload to load it again)`);
    return { loaded: false, seconds: 0 };
  }
  const started = performance.now();
  await recreateMssqlDatabase(url, DATABASE);
  await withPool(url, DATABASE, async (pool) => {
    for (const { label, sql } of datasetBatches(scale)) {
      log(`dataset: loading ${label}`);
      await pool.request().batch(sql);
    }
    await pool.request().batch('CREATE SCHEMA bench_meta');
    await pool.request().batch('CREATE TABLE bench_meta.dataset (scale decimal(9,4) NOT NULL, version int NOT NULL, loaded_at datetime2(0) NOT NULL)');
    await pool.request().batch(`INSERT INTO bench_meta.dataset (scale, version, loaded_at) VALUES (${scale}, ${VERSION}, SYSUTCDATETIME())`);
  });
  const seconds = (performance.now() - started) / 1000;
  log(`dataset: loaded scale ${scale} into ${DATABASE} in ${seconds.toFixed(1)} s`);
  return { loaded: true, seconds };
}
