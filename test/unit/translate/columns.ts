/** A table's columns as the planner would resolve them, for the translation tests. */
import type { ColumnInfo, ExpressionContext } from '../../../src/translate/translator.js';

const COLUMNS: readonly ColumnInfo[] = [
  { name: 'active', sourceType: 'bit', targetType: 'boolean' },
  { name: 'name', sourceType: 'nvarchar(50)', targetType: 'varchar(50)' },
  { name: 'code', sourceType: 'varchar(10)', targetType: 'varchar(10)' },
  { name: 'notes', sourceType: 'nvarchar(max)', targetType: 'text' },
  { name: 'qty', sourceType: 'int', targetType: 'integer' },
  { name: 'big', sourceType: 'bigint', targetType: 'bigint' },
  { name: 'tiny', sourceType: 'tinyint', targetType: 'smallint' },
  { name: 'price', sourceType: 'decimal(18,4)', targetType: 'numeric(18,4)' },
  { name: 'net', sourceType: 'money', targetType: 'numeric(19,4)' },
  { name: 'rate', sourceType: 'float', targetType: 'double precision' },
  { name: 'born', sourceType: 'date', targetType: 'date' },
  { name: 'created', sourceType: 'datetime', targetType: 'timestamp(3)' },
  { name: 'stamp', sourceType: 'datetime2(7)', targetType: 'timestamp(6)' },
  { name: 'id', sourceType: 'uniqueidentifier', targetType: 'uuid' },
  { name: 'data', sourceType: 'varbinary(16)', targetType: 'bytea' },
  { name: 'сумма', sourceType: 'decimal(18,2)', targetType: 'numeric(18,2)' },
  { name: 'Order Date', sourceType: 'datetime2(3)', targetType: 'timestamp(3)' },
  { name: 'say "hi"]', sourceType: 'varchar(20)', targetType: 'varchar(20)' },
  { name: 'order', sourceType: 'int', targetType: 'integer' },
];

/** Source names are the target names with the first letter upper-cased (the lower policy reversed). */
export const column = (sourceName: string): ColumnInfo | undefined => COLUMNS.find((c) => c.name.toLowerCase() === sourceName.toLowerCase());

export const tableContext: ExpressionContext = { column };
