/**
 * Runs the catalog queries against a live server. Queries every supported server answers are
 * required; the few that some servers lack (sys.sequences and sys.sql_expression_dependencies on
 * Babelfish, sizes without permission) degrade to null with a note, never to a silent gap.
 */
import type mssql from 'mssql';
import pLimit from 'p-limit';
import { MigrateError, errorMessage } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { isTransient } from '../../retry.js';
import type { CatalogNote } from '../../model/catalog.js';
import * as Q from './catalog-queries.js';
import type { CatalogRows, CheckRow, ColumnExpressionRow, ExactCountRow } from './catalog-rows.js';
import { queryRows } from './query.js';

/** Told what is being read, in words for people. */
export type ReadProgress = (step: string) => void;

/**
 * A catalog query, read again (up to three times) when it failed because something vanished under
 * it: Babelfish's catalog views fail with `schema "x_dbo" does not exist` while another database
 * on the server is being dropped, and SQL Server can pick a catalog read as a deadlock victim.
 */
async function catalogRows<Row>(pool: mssql.ConnectionPool, sql: string): Promise<Row[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await queryRows<Row>(pool, sql);
    } catch (error) {
      const vanished = /^(schema|relation) ".*" does not exist$/.test(errorMessage(error)) || isTransient(error);
      if (!vanished || attempt === 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

export async function readCatalogRows(pool: mssql.ConnectionPool, progress: ReadProgress): Promise<{ rows: CatalogRows; notes: CatalogNote[] }> {
  const notes: CatalogNote[] = [];
  const required = async <Row>(what: string, sql: string): Promise<Row[]> => {
    progress(what);
    try {
      return await catalogRows<Row>(pool, sql);
    } catch (error) {
      throw new MigrateError('INTROSPECT_QUERY_FAILED', 'runtime', t('error.INTROSPECT_QUERY_FAILED', { what, reason: errorMessage(error) }), {
        cause: error,
        hint: t('hint.INTROSPECT_QUERY_FAILED'),
      });
    }
  };
  // `what` names the part in the catalog's notes, which stay English (catalog.json reads the same wherever it is planned).
  const optional = async <Row>(label: string, what: string, sqls: readonly string[], consequence: string): Promise<Row[] | null> => {
    progress(label);
    let lastError: unknown;
    for (const sql of sqls) {
      try {
        return await catalogRows<Row>(pool, sql);
      } catch (error) {
        lastError = error;
      }
    }
    notes.push({ severity: 'warning', code: 'CATALOG_VIEW_UNAVAILABLE', object: '(database)', message: `${what} could not be read (${errorMessage(lastError)}): ${consequence}` });
    return null;
  };

  const [capabilities] = await required<Q.CatalogCapabilities>(t('introspect.part.capabilities'), Q.CAPABILITIES_SQL);
  const rows: CatalogRows = {
    schemas: await required(t('introspect.part.schemas'), Q.SCHEMAS_SQL),
    objects: await required(t('introspect.part.objects'), Q.OBJECTS_SQL),
    tables: await required(t('introspect.part.tables'), Q.TABLES_SQL),
    columns: await required(t('introspect.part.columns'), Q.columnsSql(capabilities ?? { masked_columns: true })),
    computed: await readWithFallback<ColumnExpressionRow>(pool, t('introspect.part.computed'), 'computed column definitions', Q.COMPUTED_QUERIES, progress, notes),
    defaults: await readWithFallback<ColumnExpressionRow>(pool, t('introspect.part.defaults'), 'default constraints', Q.DEFAULT_QUERIES, progress, notes),
    keyConstraints: await required(t('introspect.part.keys'), Q.KEY_CONSTRAINTS_SQL),
    indexes: await required(t('introspect.part.indexes'), Q.INDEXES_SQL),
    indexColumns: await required(t('introspect.part.indexColumns'), Q.INDEX_COLUMNS_SQL),
    foreignKeys: await required(t('introspect.part.foreignKeys'), Q.FOREIGN_KEYS_SQL),
    foreignKeyColumns: await required(t('introspect.part.foreignKeyColumns'), Q.FOREIGN_KEY_COLUMNS_SQL),
    checks: await readWithFallback<CheckRow>(pool, t('introspect.part.checks'), 'check constraints', Q.CHECK_QUERIES, progress, notes),
    triggers: await required(t('introspect.part.triggers'), Q.TRIGGERS_SQL),
    triggerEvents: await required(t('introspect.part.triggerEvents'), Q.TRIGGER_EVENTS_SQL),
    views: await required(t('introspect.part.views'), Q.VIEWS_SQL),
    fullTextIndexes: await required(t('introspect.part.fullTextIndexes'), Q.FULLTEXT_INDEXES_SQL),
    fullTextColumns: await required(t('introspect.part.fullTextColumns'), Q.FULLTEXT_COLUMNS_SQL),
    synonyms: await required(t('introspect.part.synonyms'), Q.SYNONYMS_SQL),
    userTypes: await required(t('introspect.part.userTypes'), Q.USER_TYPES_SQL),
    comments: await required(t('introspect.part.comments'), Q.COMMENTS_SQL),
    dependencies: await optional(t('introspect.part.dependencies'), 'view dependencies (sys.sql_expression_dependencies)', [Q.DEPENDENCIES_SQL], 'views carry no reference list; plan orders them by name'),
    sequences: await optional(t('introspect.part.sequences'), 'sequences (sys.sequences)', [Q.sequencesSql(true), Q.sequencesSql(false)], 'sequences are missing from the catalog'),
    sizes: await optional(t('introspect.part.sizes'), 'table sizes (sys.partitions, sys.allocation_units)', [Q.SIZES_SQL], 'row counts are exact counts instead of estimates; sizes are unknown'),
    exactCounts: null,
  };
  return { rows, notes };
}

/**
 * Rows with definitions in one query; if the server fails on it (Babelfish does on some
 * expressions), one by one, so a single bad definition costs only itself (recorded as unreadable).
 */
async function readWithFallback<Row extends { definition: string | null }>(
  pool: mssql.ConnectionPool,
  label: string,
  what: string,
  queries: Q.FallbackQueries<Row>,
  progress: ReadProgress,
  notes: CatalogNote[],
): Promise<Row[]> {
  progress(label);
  try {
    return await catalogRows<Row>(pool, queries.all);
  } catch (setError) {
    notes.push({ severity: 'warning', code: 'CATALOG_VIEW_UNAVAILABLE', object: '(database)', message: `${what} could not be read together (${errorMessage(setError)}); read one by one` });
    const rows: Row[] = [];
    for (const row of await catalogRows<Row>(pool, queries.ids)) {
      try {
        rows.push(...(await catalogRows<Row>(pool, queries.one(row))));
      } catch {
        rows.push({ ...row, definition: null });
      }
    }
    return rows;
  }
}

/** Tables counted by one query. */
const EXACT_COUNTS_PER_QUERY = 50;

/** COUNT_BIG(*) for each table, EXACT_COUNTS_PER_QUERY tables a query, a few queries at a time. */
export async function countRowsExactly(
  pool: mssql.ConnectionPool,
  tables: readonly { objectId: number; schema: string; name: string }[],
  concurrency: number,
  progress: ReadProgress,
): Promise<ExactCountRow[]> {
  const limit = pLimit(concurrency);
  const groups = Array.from({ length: Math.ceil(tables.length / EXACT_COUNTS_PER_QUERY) }, (_, i) => tables.slice(i * EXACT_COUNTS_PER_QUERY, (i + 1) * EXACT_COUNTS_PER_QUERY));
  let done = 0;
  const counted = await Promise.all(
    groups.map((group) =>
      limit(async () => {
        const rows = await catalogRows<ExactCountRow>(pool, Q.exactCountsSql(group));
        done += group.length;
        progress(t('introspect.part.exactCounts', { done, total: tables.length }));
        return rows;
      }),
    ),
  );
  const byObject = new Map(counted.flat().map((row) => [row.object_id, row]));
  return tables.map((table) => byObject.get(table.objectId) ?? { object_id: table.objectId, rows: '0' });
}
