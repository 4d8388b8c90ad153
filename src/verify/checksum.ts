/**
 * Chunk checksums computed inside both databases (no row transfer): per key range, the row count
 * and two 64-bit sums of the two 32-bit halves of each row's MD5, over a canonical text form of the
 * row defined once per type here, in T-SQL and in PostgreSQL. Fields are escaped (`\` and `|`) and
 * NULL is `\N`, so separators and NULL cannot collide; the text is hashed as UTF-8 on both sides
 * (SQL Server 2019+ through a _UTF8 collation; older servers and Babelfish compare rows instead).
 *
 * Equal checksums prove a range equal (barring an MD5 collision); a mismatch is only a reason to
 * compare the range row by row, which decides. So a T-SQL spelling that differs on some server
 * (Babelfish's CONVERT styles do) costs speed, never correctness.
 */
import type { PlanColumn, PlanTable } from '../plan/plan-model.js';
import { quoteMssqlIdent, quoteMssqlName } from '../source/mssql/quote.js';
import { quoteIdent, quoteQualified } from '../target/postgres/quote.js';
import { INLINE_VALUE_BYTES } from '../copy/large-value.js';
import { copiedColumns } from '../copy/row-source.js';

export interface ChunkChecksum {
  readonly count: string;
  readonly high: string;
  readonly low: string;
  /**
   * Rows holding a large value (over INLINE_VALUE_BYTES), for tables with large columns. Such a value
   * is only marked in the row text (hashing it there would build a text of up to twice its size,
   * past 1 GB in PostgreSQL), so a range with one is compared row by row, its large values by digests.
   */
  readonly large?: string;
}

/** Fractional-second digits of a PostgreSQL temporal type (6 when not given). */
function precisionOf(targetType: string): number {
  return Number(/\((\d)\)/.exec(targetType)?.[1] ?? '6');
}

const TEXT_TARGET = /^(text|citext|varchar(\(\d+\))?|char(\(\d+\))?)$/;

/** Whether both databases can write this column's canonical form; otherwise its table is compared by rows. */
export function checksumSupported(column: PlanColumn): boolean {
  const source = column.source.type.replace(/^.*\((\w+)(\(.*\))?\)$/, '$1').replace(/\(.*$/, '');
  if (['sql_variant', 'hierarchyid', 'geography', 'geometry', 'xml'].includes(source)) return false;
  switch (column.encoder) {
    case 'bool':
    case 'int2':
    case 'int4':
    case 'int8':
    case 'float4':
    case 'float8':
    case 'date':
    case 'timestamp':
    case 'timestamptz':
    case 'time':
    case 'uuid':
    case 'bytea':
      return true;
    case 'numeric':
      return /^numeric\(\d+,\d+\)$/.test(column.target.type);
    case 'text':
      return TEXT_TARGET.test(column.target.type);
    default:
      return false;
  }
}

function isMoney(column: PlanColumn): boolean {
  return /(^|\()(small)?money\b/.test(column.source.type);
}

/** The canonical text of a non-NULL value, in T-SQL (nvarchar). */
export function tsqlCanonical(column: PlanColumn): string {
  const c = quoteMssqlIdent(column.source.name);
  const n = precisionOf(column.target.type);
  switch (column.encoder) {
    case 'bool':
      return `CASE WHEN ${c} = 1 THEN N'1' ELSE N'0' END`;
    case 'int2':
    case 'int4':
    case 'int8':
      return `CONVERT(nvarchar(20), ${c})`;
    case 'numeric':
      return isMoney(column) ? `CONVERT(nvarchar(60), ${c}, 2)` : `CONVERT(nvarchar(60), ${c})`;
    case 'float8':
      return `CONVERT(nvarchar(20), CAST(${c} AS binary(8)), 2)`;
    case 'float4':
      return `CONVERT(nvarchar(10), CAST(${c} AS binary(4)), 2)`;
    case 'date':
      return `CONVERT(nvarchar(10), ${c}, 23)`;
    case 'timestamp':
      return `CONVERT(nvarchar(27), CAST(${c} AS datetime2(${n})), 121)`;
    case 'timestamptz':
      return `CONVERT(nvarchar(27), CAST(SWITCHOFFSET(${c}, '+00:00') AS datetime2(${n})), 121)`;
    case 'time':
      return `CONVERT(nvarchar(16), CAST(${c} AS time(${n})))`;
    case 'uuid':
      return `LOWER(CONVERT(nvarchar(36), ${c}))`;
    case 'bytea':
      return `CONVERT(nvarchar(max), CAST(${c} AS varbinary(max)), 2)`;
    default:
      return column.target.type.startsWith("char(") ? `RTRIM(CAST(${c} AS nvarchar(max)))` : `CAST(${c} AS nvarchar(max))`;
  }
}

/**
 * Temporal text with exactly `n` fractional digits from PostgreSQL's own output (DateStyle ISO, set
 * by verify), which drops trailing zeros: to_char() says the same but costs several times as much.
 */
function fixedFraction(text: string, wholeLength: number, n: number): string {
  if (n === 0) return text;
  return `rpad(CASE WHEN length(${text}) = ${wholeLength} THEN ${text} || '.' ELSE ${text} END, ${wholeLength + 1 + n}, '0')`;
}

/** The canonical text of a non-NULL value, in PostgreSQL: the same string for an equal value. */
export function pgCanonical(column: PlanColumn): string {
  const c = quoteIdent(column.target.name);
  const n = precisionOf(column.target.type);
  switch (column.encoder) {
    case 'bool':
      return `CASE WHEN ${c} THEN '1' ELSE '0' END`;
    case 'float8':
      return `upper(encode(float8send(${c}), 'hex'))`;
    case 'float4':
      return `upper(encode(float4send(${c}), 'hex'))`;
    case 'date':
      return `${c}::text`;
    case 'timestamp':
      return fixedFraction(`${c}::text`, 19, n);
    case 'timestamptz':
      return fixedFraction(`(${c} AT TIME ZONE 'UTC')::text`, 19, n);
    case 'time':
      return fixedFraction(`${c}::text`, 8, n);
    case 'bytea':
      return `upper(encode(${c}, 'hex'))`;
    default:
      return column.target.type.startsWith("char(") ? `rtrim(${c}::text)` : `${c}::text`;
  }
}

/**
 * One field of the row text: `\` and `|` escaped, NULL as `\N`. Only text can hold `\` or `|` (every
 * other canonical form is digits, hex, dashes, colons and dots), and only a nullable column can be
 * NULL, so the escaping and the NULL test are left out where they cannot change the string.
 * The escaping runs under a binary collation: under a case- or width-insensitive one REPLACE would
 * also match look-alikes (SQL Server) and is orders of magnitude slower (PostgreSQL's
 * nondeterministic collations: 1,000 rows of 2,000 characters took over 20 s).
 */
function field(column: string, canonical: string, nullable: boolean, isText: boolean, binaryCollation: string, literal: (text: string) => string): string {
  const binary = `(${canonical}) COLLATE ${binaryCollation}`;
  const escaped = isText ? `REPLACE(REPLACE(${binary}, ${literal('\\')}, ${literal('\\\\')}), ${literal('|')}, ${literal('\\|')})` : canonical;
  return nullable ? `CASE WHEN ${column} IS NULL THEN ${literal('\\N')} ELSE ${escaped} END` : escaped;
}

export function tableChecksumSupported(table: PlanTable): boolean {
  return copiedColumns(table).every(checksumSupported);
}

/** A large column's canonical form: its value's, or `L` for a value over the inline limit (see ChunkChecksum.large). */
function markLarge(column: PlanColumn, canonical: string, length: string, literal: (text: string) => string): string {
  return column.large === undefined ? canonical : `CASE WHEN ${length} > ${INLINE_VALUE_BYTES} THEN ${literal('L')} ELSE ${canonical} END`;
}

/** The `large` output of a checksum query (empty for a table without large columns) and its per-row flag. */
function largeCount(table: PlanTable, length: (column: PlanColumn) => string, cast: string): { select: string; flag: string } {
  const large = copiedColumns(table).filter((c) => c.large !== undefined);
  if (large.length === 0) return { select: '', flag: '' };
  return { select: `, ${cast.replace('?', 'COALESCE(SUM(l), 0)')} AS large`, flag: `, CASE WHEN ${large.map((c) => `${length(c)} > ${INLINE_VALUE_BYTES}`).join(' OR ')} THEN 1 ELSE 0 END AS l` };
}

/** T-SQL (SQL Server 2019+): count and sums for the rows matching `where` ('' for all); nvarchar hashed as UTF-8 through a _UTF8 collation. */
export function tsqlChecksumSql(table: PlanTable, where: string): string {
  const length = (column: PlanColumn): string => `DATALENGTH(${quoteMssqlIdent(column.source.name)})`;
  const fields = copiedColumns(table).map((column) =>
    field(quoteMssqlIdent(column.source.name), markLarge(column, tsqlCanonical(column), length(column), (text) => `N'${text}'`), column.source.nullable, column.encoder === 'text', 'Latin1_General_100_BIN2', (text) => `N'${text}'`),
  );
  const row = fields.join(" + N'|' + ");
  const hash = `HASHBYTES('MD5', CAST((${row}) COLLATE Latin1_General_100_BIN2_UTF8 AS varchar(max)))`;
  const large = largeCount(table, length, 'CONVERT(varchar(20), ?)');
  return `SELECT CONVERT(varchar(20), COUNT_BIG(*)) AS count,
       CONVERT(varchar(20), COALESCE(SUM(CAST(CAST(SUBSTRING(h, 1, 4) AS int) AS bigint)), 0)) AS high,
       CONVERT(varchar(20), COALESCE(SUM(CAST(CAST(SUBSTRING(h, 5, 4) AS int) AS bigint)), 0)) AS low${large.select}
FROM (SELECT ${hash} AS h${large.flag} FROM ${quoteMssqlName(table.source.schema, table.source.name)}${where === '' ? '' : ` WHERE ${where}`}) AS hashed`;
}

export function pgChecksumSql(table: PlanTable, where: string): string {
  const length = (column: PlanColumn): string => `octet_length(${quoteIdent(column.target.name)})`;
  const fields = copiedColumns(table).map((column) =>
    field(quoteIdent(column.target.name), markLarge(column, pgCanonical(column), length(column), (text) => `'${text}'`), column.target.nullable, column.encoder === 'text', '"C"', (text) => `'${text}'`),
  );
  const large = largeCount(table, length, '?::text');
  return `SELECT count(*)::text AS count, COALESCE(sum(('x' || substr(h, 1, 8))::bit(32)::int::bigint), 0)::text AS high, COALESCE(sum(('x' || substr(h, 9, 8))::bit(32)::int::bigint), 0)::text AS low${large.select}
FROM (SELECT md5(${fields.join(" || '|' || ")}) AS h${large.flag} FROM ${quoteQualified(table.target.schema, table.target.name)}${where === '' ? '' : ` WHERE ${where}`}) AS hashed`;
}
