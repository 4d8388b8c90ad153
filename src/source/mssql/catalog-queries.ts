/**
 * Set-based sys.* catalog queries: each view is read once per database, never per table, so a
 * database with thousands of tables introspects in seconds. Every query has an ORDER BY on ids, and
 * assembly sorts by name again, so output does not depend on the server's plan choices.
 *
 * Names and definitions are cast to nvarchar: Babelfish sends sysname as varchar (non-ASCII names
 * become '?'), and sql_variant values (identity seeds, extended properties) need an exact text form.
 * The cast goes around a CASE, not inside it: Babelfish types CASE ... THEN CAST(x AS nvarchar(max))
 * END as varchar, and a module definition's non-ASCII text came back as '?'.
 */
import { quoteMssqlName } from './quote.js';

const N = (expr: string): string => `CAST(${expr} AS nvarchar(128))`;
const MAX = (expr: string): string => `CAST(${expr} AS nvarchar(max))`;

/** Object kinds we read: tables, views, modules, sequences, synonyms, triggers and table-type tables. */
const OBJECT_TYPES = `'U','V','P','FN','IF','TF','PC','FS','FT','AF','SO','SN','TR','TT'`;

export const SCHEMAS_SQL = `
SELECT s.schema_id, ${N('s.name')} AS name,
       CAST(CASE WHEN EXISTS (SELECT 1 FROM sys.objects o WHERE o.schema_id = s.schema_id AND o.is_ms_shipped = 0)
                   OR EXISTS (SELECT 1 FROM sys.types t WHERE t.schema_id = s.schema_id AND t.is_user_defined = 1)
            THEN 1 ELSE 0 END AS bit) AS has_objects
FROM sys.schemas s
ORDER BY s.schema_id`;

export const OBJECTS_SQL = `
SELECT o.object_id, o.schema_id, ${N('o.name')} AS name, RTRIM(o.type) AS type,
       ${MAX("CASE WHEN o.type IN ('V','P','FN','IF','TF','TR') THEN OBJECT_DEFINITION(o.object_id) END")} AS definition
FROM sys.objects o
WHERE o.is_ms_shipped = 0 AND o.type IN (${OBJECT_TYPES})
ORDER BY o.object_id`;

export const TABLES_SQL = `
SELECT t.object_id, t.temporal_type, t.history_table_id, t.is_memory_optimized, t.is_filetable,
       (SELECT ${N('ds.name')} FROM sys.data_spaces ds WHERE ds.data_space_id = t.filestream_data_space_id) AS filestream_group,
       CAST(CASE WHEN EXISTS (SELECT 1 FROM sys.indexes i JOIN sys.partition_schemes ps ON ps.data_space_id = i.data_space_id
                              WHERE i.object_id = t.object_id) THEN 1 ELSE 0 END AS bit) AS partitioned,
       CAST(CASE WHEN EXISTS (SELECT 1 FROM sys.indexes i WHERE i.object_id = t.object_id AND i.type = 0) THEN 1 ELSE 0 END AS bit) AS is_heap
FROM sys.tables t
WHERE t.is_ms_shipped = 0
ORDER BY t.object_id`;

/** Optional catalog views: present in SQL Server 2016+, missing in some TDS servers (Babelfish). */
export const CAPABILITIES_SQL = `SELECT CAST(CASE WHEN OBJECT_ID('sys.masked_columns') IS NULL THEN 0 ELSE 1 END AS bit) AS masked_columns`;

export interface CatalogCapabilities {
  masked_columns: boolean;
}

// Base type: CLR types are their own base; everything else (sysname, alias types) resolves by system_type_id.
export function columnsSql(capabilities: CatalogCapabilities): string {
  const masking = capabilities.masked_columns
    ? { select: MAX('mc.masking_function'), join: 'LEFT JOIN sys.masked_columns mc ON mc.object_id = c.object_id AND mc.column_id = c.column_id' }
    : { select: 'CAST(NULL AS nvarchar(max))', join: '' };
  return `
SELECT c.object_id, c.column_id, ${N('c.name')} AS name,
       ${N('ty.name')} AS type_name, ${N('SCHEMA_NAME(ty.schema_id)')} AS type_schema,
       ${N("CASE WHEN ty.is_assembly_type = 1 THEN ty.name ELSE TYPE_NAME(ty.system_type_id) END")} AS base_type_name,
       c.max_length, c.precision, c.scale, c.is_nullable, ${N('c.collation_name')} AS collation_name,
       c.is_identity, c.is_computed, c.is_sparse, c.is_column_set, c.is_rowguidcol, c.is_filestream,
       c.is_hidden, c.generated_always_type, c.is_masked, ${masking.select} AS masking_function, c.encryption_type,
       ${N('SCHEMA_NAME(xc.schema_id)')} AS xml_collection_schema, ${N('xc.name')} AS xml_collection_name,
       CONVERT(varchar(64), ic.seed_value) AS identity_seed,
       CONVERT(varchar(64), ic.increment_value) AS identity_increment,
       CONVERT(varchar(64), ic.last_value) AS identity_last,
       cc.is_persisted AS computed_persisted
FROM sys.columns c
JOIN sys.objects o ON o.object_id = c.object_id AND o.type IN ('U','V','TT') AND o.is_ms_shipped = 0
JOIN sys.types ty ON ty.user_type_id = c.user_type_id
LEFT JOIN sys.identity_columns ic ON ic.object_id = c.object_id AND ic.column_id = c.column_id
LEFT JOIN sys.computed_columns cc ON cc.object_id = c.object_id AND cc.column_id = c.column_id
${masking.join}
LEFT JOIN sys.xml_schema_collections xc ON xc.xml_collection_id = c.xml_collection_id AND c.xml_collection_id <> 0
ORDER BY c.object_id, c.column_id`;
}

/**
 * Column expressions (computed columns, defaults) are read apart from the columns: Babelfish fails
 * on some definitions, and then they are read one by one (see read-catalog.ts).
 */
export interface FallbackQueries<Row> {
  readonly all: string;
  /** The same rows without the definitions, to read them one by one. */
  readonly ids: string;
  readonly one: (row: Row) => string;
}

function columnExpressionQueries(view: string, objectColumn: string, columnColumn: string, name: string): FallbackQueries<{ object_id: number; column_id: number }> {
  const select = (definition: boolean): string =>
    `SELECT x.${objectColumn} AS object_id, x.${columnColumn} AS column_id, ${name === '' ? 'CAST(NULL AS nvarchar(128))' : N(`x.${name}`)} AS name${definition ? `, ${MAX('x.definition')} AS definition` : ''} FROM ${view} x`;
  return {
    all: `${select(true)} ORDER BY x.${objectColumn}, x.${columnColumn}`,
    ids: `${select(false)} ORDER BY x.${objectColumn}, x.${columnColumn}`,
    one: (row) => `${select(true)} WHERE x.${objectColumn} = ${row.object_id} AND x.${columnColumn} = ${row.column_id}`,
  };
}

export const COMPUTED_QUERIES = columnExpressionQueries('sys.computed_columns', 'object_id', 'column_id', '');
export const DEFAULT_QUERIES = columnExpressionQueries('sys.default_constraints', 'parent_object_id', 'parent_column_id', 'name');

export const KEY_CONSTRAINTS_SQL = `
SELECT kc.parent_object_id AS object_id, ${N('kc.name')} AS name, RTRIM(kc.type) AS type, kc.unique_index_id AS index_id
FROM sys.key_constraints kc
JOIN sys.objects o ON o.object_id = kc.parent_object_id AND o.is_ms_shipped = 0
ORDER BY kc.parent_object_id, kc.unique_index_id`;

export const INDEXES_SQL = `
SELECT i.object_id, i.index_id, ${N('i.name')} AS name, i.type, i.is_unique, i.is_primary_key, i.is_unique_constraint,
       ${MAX('CASE WHEN i.has_filter = 1 THEN i.filter_definition END')} AS filter_definition, i.is_disabled
FROM sys.indexes i
JOIN sys.objects o ON o.object_id = i.object_id AND o.type = 'U' AND o.is_ms_shipped = 0
WHERE i.type > 0 AND i.is_hypothetical = 0
ORDER BY i.object_id, i.index_id`;

export const INDEX_COLUMNS_SQL = `
SELECT ic.object_id, ic.index_id, ic.column_id, ic.key_ordinal, ic.index_column_id, ic.is_descending_key, ic.is_included_column
FROM sys.index_columns ic
JOIN sys.objects o ON o.object_id = ic.object_id AND o.type = 'U' AND o.is_ms_shipped = 0
ORDER BY ic.object_id, ic.index_id, ic.key_ordinal, ic.index_column_id`;

export const FOREIGN_KEYS_SQL = `
SELECT fk.object_id, fk.parent_object_id, ${N('fk.name')} AS name,
       ${N('SCHEMA_NAME(r.schema_id)')} AS referenced_schema, ${N('r.name')} AS referenced_table, fk.referenced_object_id,
       fk.delete_referential_action, fk.update_referential_action, fk.is_disabled, fk.is_not_trusted
FROM sys.foreign_keys fk
JOIN sys.objects r ON r.object_id = fk.referenced_object_id
WHERE fk.is_ms_shipped = 0
ORDER BY fk.object_id`;

export const FOREIGN_KEY_COLUMNS_SQL = `
SELECT fkc.constraint_object_id, fkc.constraint_column_id, ${N('pc.name')} AS parent_column, ${N('rc.name')} AS referenced_column
FROM sys.foreign_key_columns fkc
JOIN sys.columns pc ON pc.object_id = fkc.parent_object_id AND pc.column_id = fkc.parent_column_id
JOIN sys.columns rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id
ORDER BY fkc.constraint_object_id, fkc.constraint_column_id`;

/** Checks, like column expressions, fall back to one-by-one reading when a definition fails. */
function checksSql(definition: boolean, where = ''): string {
  return `
SELECT cc.object_id, cc.parent_object_id, cc.parent_column_id, ${N('cc.name')} AS name, ${definition ? MAX('cc.definition') : 'CAST(NULL AS nvarchar(max))'} AS definition, cc.is_disabled, cc.is_not_trusted
FROM sys.check_constraints cc
WHERE cc.is_ms_shipped = 0${where}
ORDER BY cc.parent_object_id, cc.object_id`;
}

export const CHECK_QUERIES: FallbackQueries<{ object_id: number }> = {
  all: checksSql(true),
  ids: checksSql(false),
  one: (row) => checksSql(true, ` AND cc.object_id = ${row.object_id}`),
};

export const TRIGGERS_SQL = `
SELECT tr.object_id, tr.parent_id, ${N('tr.name')} AS name, tr.is_disabled, tr.is_instead_of_trigger
FROM sys.triggers tr
WHERE tr.parent_class = 1 AND tr.is_ms_shipped = 0
ORDER BY tr.object_id`;

export const TRIGGER_EVENTS_SQL = `
SELECT te.object_id, ${N('te.type_desc')} AS event
FROM sys.trigger_events te
JOIN sys.triggers tr ON tr.object_id = te.object_id AND tr.parent_class = 1
ORDER BY te.object_id, te.type`;

/**
 * Full-text indexes with their catalog, key index and stoplist (stoplist_id 0 is the system
 * stoplist, NULL is STOPLIST OFF). Babelfish has the views, empty: it creates no full-text index.
 */
export const FULLTEXT_INDEXES_SQL = `
SELECT fi.object_id, ${N('fc.name')} AS catalog_name, fc.is_accent_sensitivity_on, ${N('i.name')} AS key_index,
       fi.is_enabled, ${N('fi.change_tracking_state_desc')} AS change_tracking, fi.stoplist_id, ${N('sl.name')} AS stoplist_name
FROM sys.fulltext_indexes fi
JOIN sys.fulltext_catalogs fc ON fc.fulltext_catalog_id = fi.fulltext_catalog_id
LEFT JOIN sys.indexes i ON i.object_id = fi.object_id AND i.index_id = fi.unique_index_id
LEFT JOIN sys.fulltext_stoplists sl ON sl.stoplist_id = fi.stoplist_id
ORDER BY fi.object_id`;

export const FULLTEXT_COLUMNS_SQL = `
SELECT fic.object_id, fic.column_id, fic.language_id, fic.type_column_id
FROM sys.fulltext_index_columns fic
ORDER BY fic.object_id, fic.column_id`;

export const VIEWS_SQL = `
SELECT v.object_id, m.is_schema_bound
FROM sys.views v
LEFT JOIN sys.sql_modules m ON m.object_id = v.object_id
WHERE v.is_ms_shipped = 0
ORDER BY v.object_id`;

export const DEPENDENCIES_SQL = `
SELECT DISTINCT d.referencing_id, ${N('COALESCE(SCHEMA_NAME(o.schema_id), d.referenced_schema_name)')} AS referenced_schema,
       ${N('COALESCE(o.name, d.referenced_entity_name)')} AS referenced_name
FROM sys.sql_expression_dependencies d
LEFT JOIN sys.objects o ON o.object_id = d.referenced_id
WHERE d.referenced_database_name IS NULL AND d.referenced_server_name IS NULL AND d.referenced_class = 1
  AND COALESCE(SCHEMA_NAME(o.schema_id), d.referenced_schema_name) IS NOT NULL
ORDER BY d.referencing_id`;

/** last_used_value (SQL Server 2017+) is NULL for a sequence never used; 2016 has only current_value. */
export function sequencesSql(hasLastUsedValue: boolean): string {
  return `
SELECT s.object_id, ${N('TYPE_NAME(s.system_type_id)')} AS type_name, s.precision, s.scale,
       CONVERT(varchar(64), s.start_value) AS start_value, CONVERT(varchar(64), s.increment) AS increment,
       CONVERT(varchar(64), s.minimum_value) AS minimum_value, CONVERT(varchar(64), s.maximum_value) AS maximum_value,
       s.is_cycling, s.cache_size, s.is_cached,
       ${hasLastUsedValue ? 'CONVERT(varchar(64), s.last_used_value)' : 'CONVERT(varchar(64), s.current_value)'} AS current_value
FROM sys.sequences s
ORDER BY s.object_id`;
}

export const SYNONYMS_SQL = `
SELECT s.object_id, ${MAX('s.base_object_name')} AS base_object_name
FROM sys.synonyms s
ORDER BY s.object_id`;

export const USER_TYPES_SQL = `
SELECT t.user_type_id, t.schema_id, ${N('t.name')} AS name,
       ${N("CASE WHEN t.is_assembly_type = 1 THEN t.name ELSE TYPE_NAME(t.system_type_id) END")} AS base_type_name,
       t.max_length, t.precision, t.scale, t.is_nullable, t.is_table_type, t.is_assembly_type,
       tt.type_table_object_id
FROM sys.types t
LEFT JOIN sys.table_types tt ON tt.user_type_id = t.user_type_id
WHERE t.is_user_defined = 1
ORDER BY t.user_type_id`;

export const COMMENTS_SQL = `
SELECT ep.class, ep.major_id, ep.minor_id, ${MAX('ep.value')} AS value
FROM sys.extended_properties ep
WHERE ep.name = 'MS_Description' AND ep.class IN (1, 3)
ORDER BY ep.class, ep.major_id, ep.minor_id`;

/**
 * Row estimate and size of the table data itself (heap or clustered index, all partitions).
 * sys.partitions + sys.allocation_units need no server-state permission; hobt_id = partition_id.
 */
export const SIZES_SQL = `
SELECT o.object_id,
       CONVERT(varchar(20), COALESCE((SELECT SUM(CAST(p.rows AS bigint)) FROM sys.partitions p
                                      WHERE p.object_id = o.object_id AND p.index_id IN (0, 1)), 0)) AS rows,
       CONVERT(varchar(20), COALESCE((SELECT SUM(CAST(au.used_pages AS bigint)) FROM sys.partitions p
                                      JOIN sys.allocation_units au ON au.container_id = p.partition_id
                                      WHERE p.object_id = o.object_id AND p.index_id IN (0, 1) AND au.type IN (1, 3)), 0)) AS data_pages,
       CONVERT(varchar(20), COALESCE((SELECT SUM(CAST(au.used_pages AS bigint)) FROM sys.partitions p
                                      JOIN sys.allocation_units au ON au.container_id = p.partition_id
                                      WHERE p.object_id = o.object_id AND p.index_id IN (0, 1) AND au.type = 2), 0)) AS lob_pages
FROM sys.objects o
WHERE o.type = 'U' AND o.is_ms_shipped = 0
ORDER BY o.object_id`;

/**
 * Exact row counts of a few tables in one query, a row each (only with --exact-counts, or where the
 * server gives no estimate): a query per table cost a round trip and a parse each.
 */
export function exactCountsSql(tables: readonly { readonly objectId: number; readonly schema: string; readonly name: string }[]): string {
  return tables.map((t) => `SELECT ${t.objectId} AS object_id, CONVERT(varchar(20), COUNT_BIG(*)) AS rows FROM ${quoteMssqlName(t.schema, t.name)}`).join('\nUNION ALL\n');
}
