/**
 * How the copy reads each column from SQL Server so that no value passes through a JS double or a
 * millisecond Date: exact numerics and temporal values as text in ISO styles, everything else in
 * the driver's lossless native form. The plan records the expression per column. The text is
 * nvarchar, not varchar: tedious decodes UTF-16 natively but varchar through iconv-lite with a
 * codec lookup per value (9% of a copy worker's time in a profile of dbo.narrow).
 *
 * CAST wherever the type's default style is the text wanted (ISO 121 for date, datetime2 and time;
 * plain digits for decimal): on SQL Server it is the same conversion as CONVERT without a style, and
 * Babelfish runs CONVERT through a T-SQL function that made reading dbo.narrow ~4x slower than CAST.
 * CONVERT stays where a style matters: datetime and smalldatetime (default style 0 is
 * 'mon dd yyyy hh:miAM'), money (style 2 keeps four decimals), datetimeoffset (126, no space before
 * the offset). bigint is read natively: tedious delivers it as exact decimal text.
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
    case 'none':
      break;
  }
  switch (type.name) {
    case 'decimal':
    case 'numeric':
      return `CAST(${c} AS nvarchar(48))`;
    case 'money':
    case 'smallmoney':
      // Style 2: four decimal places (the default style rounds to two).
      return `CONVERT(nvarchar(32), ${c}, 2)`;
    case 'date':
      return `CAST(${c} AS nchar(10))`;
    case 'datetime':
    case 'smalldatetime':
      return `CONVERT(nvarchar(27), ${c}, 121)`;
    case 'datetime2':
      return `CAST(${c} AS nvarchar(27))`;
    case 'time':
      return `CAST(${c} AS nvarchar(16))`;
    case 'datetimeoffset':
      return `CONVERT(nvarchar(34), ${c}, 126)`;
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
