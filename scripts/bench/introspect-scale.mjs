// Introspection scale (live mode): a source database of 5,000 tables, each with a primary key, a
// default, a check and an index (database ms2pg_bench_schema, made once and reused, like the
// dataset), read by `migrate introspect` and timed as a whole command.
import { join } from 'node:path';
import { markerRow, recreateMssqlDatabase, withPool } from './dataset.mjs';
import { MIGRATE, StepError, lastJson, runNode } from './measure.mjs';
import { withDatabase } from './postgres.mjs';

export const INTROSPECT_TABLES = 5_000;
const DATABASE = 'ms2pg_bench_schema';
/** Bump when the generated tables change. */
const VERSION = 1;
const TABLES_PER_BATCH = 100;

const tableName = (i) => `t_${String(i).padStart(5, '0')}`;

function createTable(i) {
  const name = tableName(i);
  return `CREATE TABLE dbo.${name} (
  id      bigint        NOT NULL CONSTRAINT PK_${name} PRIMARY KEY,
  code    int           NOT NULL CONSTRAINT DF_${name}_code DEFAULT 0 CONSTRAINT CK_${name}_code CHECK (code >= 0),
  name    nvarchar(50)  NULL,
  created datetime2(3)  NOT NULL
);
CREATE INDEX IX_${name}_code ON dbo.${name} (code);`;
}

/** Makes ms2pg_bench_schema hold the tables (skipped when its marker says so, unless `reload`); the marker is written last. */
export async function ensureSchemaScale(url, reload, log) {
  const marker = reload ? undefined : await markerRow(url, DATABASE, 'SELECT tables, version FROM bench_meta.schema_scale');
  if (marker?.version === VERSION && marker.tables === INTROSPECT_TABLES) {
    log(`introspect scale: ${DATABASE} already holds ${INTROSPECT_TABLES} tables`);
    return;
  }
  const started = performance.now();
  await recreateMssqlDatabase(url, DATABASE);
  await withPool(url, DATABASE, async (pool) => {
    for (let first = 1; first <= INTROSPECT_TABLES; first += TABLES_PER_BATCH) {
      const last = Math.min(INTROSPECT_TABLES, first + TABLES_PER_BATCH - 1);
      await pool.request().batch(Array.from({ length: last - first + 1 }, (_, k) => createTable(first + k)).join('\n'));
    }
    await pool.request().batch('CREATE SCHEMA bench_meta');
    await pool.request().batch('CREATE TABLE bench_meta.schema_scale (tables int NOT NULL, version int NOT NULL)');
    await pool.request().batch(`INSERT INTO bench_meta.schema_scale (tables, version) VALUES (${INTROSPECT_TABLES}, ${VERSION})`);
  });
  log(`introspect scale: created ${INTROSPECT_TABLES} tables in ${DATABASE} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** One `migrate introspect --include dbo` of the database: wall seconds of the command, its peak RSS and CPU, cores busy, tables read. */
export async function measureIntrospect(url, dir) {
  const env = { MS2PG_SOURCE: withDatabase(url, DATABASE) };
  const result = await runNode(MIGRATE, ['introspect', '--include', 'dbo', '--out', join(dir, 'catalog-5k.json'), '--json', '--quiet'], { cwd: dir, env });
  if (result.code !== 0) throw new StepError(`migrate introspect of ${INTROSPECT_TABLES} tables`, result);
  return { seconds: result.seconds, peakRssMiB: result.peakRssMiB, cpuSeconds: result.cpuSeconds, coresBusy: result.coresBusy, tables: lastJson(result.stdout)?.counts?.tables ?? null };
}
