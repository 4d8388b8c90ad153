import { quoteMssqlIdent } from '../../../src/source/mssql/quote.js';
/**
 * One sample row, with the same values on both sides: PostgreSQL (target names and types, as the
 * plan creates them) and SQL Server (source names and types, for the optional live comparison).
 */
import { quoteIdent } from '../../../src/target/postgres/quote.js';
import { column } from '../../unit/translate/columns.js';

/** [target column, PostgreSQL literal, T-SQL literal] */
export const SAMPLE: readonly (readonly [string, string, string])[] = [
  ['active', 'true', 'CAST(1 AS bit)'],
  ['name', "'Abc  '", "CAST(N'Abc  ' AS nvarchar(50))"],
  ['code', "'x1Y'", "CAST('x1Y' AS varchar(10))"],
  ['notes', 'NULL', 'CAST(NULL AS nvarchar(max))'],
  ['qty', '7', 'CAST(7 AS int)'],
  ['big', '3000000000', 'CAST(3000000000 AS bigint)'],
  ['tiny', '200', 'CAST(200 AS tinyint)'],
  ['price', '2.7500', 'CAST(2.75 AS decimal(18,4))'],
  ['net', '10.5000', 'CAST(10.5 AS money)'],
  ['rate', '2.5', 'CAST(2.5 AS float)'],
  ['born', "'2024-03-05'", "CAST('2024-03-05' AS date)"],
  ['created', "'2024-03-05 10:20:30.123'", "CAST('2024-03-05T10:20:30.123' AS datetime)"],
  ['stamp', "'2025-01-01 01:02:03.456789'", "CAST('2025-01-01T01:02:03.456789' AS datetime2(7))"],
  ['id', "'6f9619ff-8b86-d011-b42d-00c04fc964ff'", "CAST('6F9619FF-8B86-D011-B42D-00C04FC964FF' AS uniqueidentifier)"],
  ['data', "'\\x0a0b0c'", 'CAST(0x0A0B0C AS varbinary(16))'],
  ['сумма', '100.50', 'CAST(100.50 AS decimal(18,2))'],
  ['Order Date', "'2024-02-29 00:00:00'", "CAST('2024-02-29' AS datetime2(3))"],
  ['say "hi"]', "'q'", "CAST('q' AS varchar(20))"],
  ['order', '3', 'CAST(3 AS int)'],
];

export function createSampleSql(): string {
  const columns = SAMPLE.map(([name]) => `${quoteIdent(name)} ${column(name)?.targetType ?? 'text'}`);
  const values = SAMPLE.map(([, pg]) => pg);
  return `CREATE TABLE sample (${columns.join(', ')}); INSERT INTO sample VALUES (${values.join(', ')});`;
}

/** The sample row as a T-SQL derived table with the source column names. */
export function mssqlSampleSource(): string {
  return `(SELECT ${SAMPLE.map(([name, , tsql]) => `${tsql} AS ${quoteMssqlIdent(name)}`).join(', ')}) AS s`;
}
