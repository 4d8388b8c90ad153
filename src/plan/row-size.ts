/**
 * Average bytes of a table's row: from the catalog's sizes when the server gave them, otherwise an
 * upper estimate from the declared column types (Babelfish reports no sizes). Memory bounds of the
 * copy and of verify are set in bytes and turned into rows with it.
 */
import type { PlanColumn, PlanTable } from './plan-model.js';

/** What a (max) or LOB column is assumed to hold when nothing is known: enough to keep memory bounded. */
const LOB_BYTES = 8_000;

function declaredBytes(column: PlanColumn): number {
  // An alias type reads `dbo.Phone (nvarchar(20))`: its base type is in the parentheses.
  const type = / \((.+)\)$/.exec(column.source.type)?.[1] ?? column.source.type;
  const length = /\((\d+|max)/i.exec(type)?.[1]?.toLowerCase();
  if (length === 'max' || /^(text|ntext|image|xml|geography|geometry|sql_variant)\b/i.test(type)) return LOB_BYTES;
  if (length !== undefined && /char|binary/i.test(type)) return Number(length) * (/^n/i.test(type) ? 2 : 1);
  return 16;
}

export function averageRowBytes(table: PlanTable): number {
  if (table.rows !== null && table.rows > 0 && table.bytes !== null && table.bytes > 0) return table.bytes / table.rows;
  return table.columns.reduce((sum, column) => sum + declaredBytes(column), 0) || 1;
}
