/**
 * How the copy reads each column from SQL Server so that no value passes through a JS double or a
 * millisecond Date: exact numerics and temporal values as text in ISO styles, everything else in
 * the driver's lossless native form. The plan records the expression per column. The text is
 * nvarchar, not varchar: tedious decodes UTF-16 natively but varchar through iconv-lite with a
 * codec lookup per value (9% of a copy worker's time in a profile of dbo.narrow).
 *
 * CAST, never CONVERT with a style: on SQL Server CAST is CONVERT with the default style, which is
 * ISO 121 for date, datetime2, time and datetimeoffset and plain digits for decimal; money goes
 * through decimal(19,4) and datetime through datetime2(3), which keep every digit of the value.
 * Babelfish evaluates CONVERT through a T-SQL function: reading dbo.narrow was ~4x slower with it.
 * bigint is read natively: tedious delivers it as exact decimal text.
 */
import type { TypeRef } from '../../model/catalog.js';
import type { Transform } from '../../mapping/rule-schema.js';
import { quoteMssqlIdent } from './quote.js';

export function readExpression(column: string, type: TypeRef, transform: Transform): string {
  const c = quoteMssqlIdent(column);
  switch (transform) {
    case 'hierarchyid-text':
      return `${c}.ToString()`;
    case 'spatial-wkt':
      return `${c}.STAsText()`;
    case 'spatial-ewkb':
      // EWKT (SRID=n;WKT) is what PostGIS reads from text; it carries the SRID exactly.
      return `'SRID=' + CONVERT(varchar(12), ${c}.STSrid) + ';' + ${c}.STAsText()`;
    case 'sql-variant-text':
      return sqlVariantText(c);
    case 'datetimeoffset-utc':
    case 'large-object':
    case 'none':
      break;
  }
  switch (type.name) {
    case 'decimal':
    case 'numeric':
      return `CAST(${c} AS nvarchar(48))`;
    case 'money':
      // Through decimal(19,4), exact for every money value: CAST straight to text would round to
      // two decimals (style 0).
      return `CAST(CAST(${c} AS decimal(19,4)) AS nvarchar(32))`;
    case 'smallmoney':
      return `CAST(CAST(${c} AS decimal(10,4)) AS nvarchar(32))`;
    case 'date':
      return `CAST(${c} AS nchar(10))`;
    case 'datetime':
      // datetime's 1/300 s ticks round to whole milliseconds as style 121 shows them (.000/.003/.007);
      // CAST straight to text would use style 0 ('mon dd yyyy hh:miAM').
      return `CAST(CAST(${c} AS datetime2(3)) AS nvarchar(27))`;
    case 'smalldatetime':
      return `CAST(CAST(${c} AS datetime2(0)) AS nvarchar(27))`;
    case 'datetime2':
      return `CAST(${c} AS nvarchar(27))`;
    case 'time':
      return `CAST(${c} AS nvarchar(16))`;
    case 'datetimeoffset':
      // 'yyyy-mm-dd hh:mm:ss.fffffff +hh:mm'.
      return `CAST(${c} AS nvarchar(34))`;
    case 'xml':
      return `CAST(${c} AS nvarchar(max))`;
    default:
      return c;
  }
}

/** sql_variant -> text in a lossless style for each base type. */
function sqlVariantText(c: string): string {
  const base = `SQL_VARIANT_PROPERTY(${c}, 'BaseType')`;
  return `CASE ${base}
  WHEN 'datetime' THEN CONVERT(nvarchar(40), CONVERT(datetime, ${c}), 121)
  WHEN 'smalldatetime' THEN CONVERT(nvarchar(40), CONVERT(smalldatetime, ${c}), 121)
  WHEN 'datetime2' THEN CONVERT(nvarchar(40), CONVERT(datetime2(7), ${c}), 121)
  WHEN 'datetimeoffset' THEN CONVERT(nvarchar(40), CONVERT(datetimeoffset(7), ${c}), 126)
  WHEN 'date' THEN CONVERT(nvarchar(40), CONVERT(date, ${c}), 23)
  WHEN 'money' THEN CONVERT(nvarchar(40), CONVERT(money, ${c}), 2)
  WHEN 'smallmoney' THEN CONVERT(nvarchar(40), CONVERT(smallmoney, ${c}), 2)
  WHEN 'float' THEN CONVERT(nvarchar(40), CONVERT(float, ${c}), 3)
  WHEN 'real' THEN CONVERT(nvarchar(40), CONVERT(real, ${c}), 3)
  WHEN 'varbinary' THEN CONVERT(nvarchar(4000), CONVERT(varbinary(8000), ${c}), 1)
  WHEN 'binary' THEN CONVERT(nvarchar(4000), CONVERT(varbinary(8000), ${c}), 1)
  ELSE CONVERT(nvarchar(4000), ${c}) END`;
}

/** The (max) type a large column is read as: its own, or the legacy LOB type's successor (xml is read as nvarchar(max)). */
function largeValueType(sourceType: string): string {
  const base = (/ \((.+)\)$/.exec(sourceType)?.[1] ?? sourceType).replace(/\(.*$/, '');
  return ({ varbinary: 'varbinary(max)', image: 'varbinary(max)', varchar: 'varchar(max)', text: 'varchar(max)' } as Record<string, string | undefined>)[base] ?? 'nvarchar(max)';
}

/**
 * The expression a large column's pieces and length are read from: its read expression, with the
 * legacy LOB types (text, ntext, image) as their (max) types, which CASE and SUBSTRING take like any.
 */
export function largeValueSource(read: string, sourceType: string): string {
  return /^(text|ntext|image)$/.test((/ \((.+)\)$/.exec(sourceType)?.[1] ?? sourceType).replace(/\(.*$/, '')) ? `CAST(${read} AS ${largeValueType(sourceType)})` : read;
}

/**
 * A large column's value when it is at most `inlineBytes` long, else NULL (its length, read beside
 * it, tells the two NULLs apart). The NULL is typed: Babelfish turns an untyped CASE over nvarchar
 * into varchar, and Cyrillic text into question marks.
 */
export function inlineValue(read: string, sourceType: string, inlineBytes: number): string {
  const value = largeValueSource(read, sourceType);
  return `CASE WHEN DATALENGTH(${value}) > ${inlineBytes} THEN CAST(NULL AS ${largeValueType(sourceType)}) ELSE ${value} END`;
}
