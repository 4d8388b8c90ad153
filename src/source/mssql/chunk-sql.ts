/**
 * T-SQL for reading a table in key-range chunks: boundaries are computed on the source (every Nth
 * key in key order, so skewed keys give even chunks), carried as exact text, and turned back into
 * literals of the key column's own type, so each row falls in exactly one chunk.
 */
import { quoteMssqlIdent, quoteMssqlName, quoteMssqlString } from './quote.js';

export interface KeyColumn {
  /** Source column name. */
  readonly source: string;
  /** Source base type, e.g. `int`, `nvarchar(50)`, `datetime2(7)`. */
  readonly sourceType: string;
}

/** Lower bound exclusive, upper bound inclusive; undefined is open. */
export interface ChunkRange {
  readonly lower?: readonly string[] | undefined;
  readonly upper?: readonly string[] | undefined;
}

const STYLES: Readonly<Record<string, number | undefined>> = {
  date: 23,
  datetime: 121,
  smalldatetime: 121,
  datetime2: 121,
  datetimeoffset: 127,
  binary: 1,
  varbinary: 1,
  float: 3,
  real: 3,
};

const CHUNKABLE = new Set([
  'bit', 'tinyint', 'smallint', 'int', 'bigint', 'decimal', 'numeric', 'money', 'smallmoney', 'float', 'real',
  'char', 'varchar', 'nchar', 'nvarchar', 'uniqueidentifier', 'date', 'datetime', 'smalldatetime', 'datetime2',
  'datetimeoffset', 'time', 'binary', 'varbinary',
]);

function baseName(sourceType: string): string {
  return sourceType.replace(/\(.*$/, '').toLowerCase();
}

/** Keys whose every column can be written back as an exact literal; others read as one chunk. */
export function isChunkableKey(key: readonly KeyColumn[]): boolean {
  return key.length > 0 && key.every((k) => CHUNKABLE.has(baseName(k.sourceType)) && !k.sourceType.includes('(max)'));
}

function asText(column: KeyColumn): string {
  const style = STYLES[baseName(column.sourceType)];
  return `CONVERT(nvarchar(4000), ${quoteMssqlIdent(column.source)}${style === undefined ? '' : `, ${style}`})`;
}

function literal(column: KeyColumn, text: string): string {
  const style = STYLES[baseName(column.sourceType)];
  return `CONVERT(${column.sourceType}, ${quoteMssqlString(text)}${style === undefined ? '' : `, ${style}`})`;
}

/** Every `rowsPerChunk`-th key, in key order, as text. */
export function boundariesSql(schema: string, table: string, key: readonly KeyColumn[], rowsPerChunk: number): string {
  const columns = key.map((k) => quoteMssqlIdent(k.source)).join(', ');
  return `SELECT ${key.map((k, i) => `${asText(k)} AS b${i}`).join(', ')}
FROM (SELECT ${columns}, ROW_NUMBER() OVER (ORDER BY ${columns}) AS rn FROM ${quoteMssqlName(schema, table)}) AS numbered
WHERE rn % ${rowsPerChunk} = 0
ORDER BY rn`;
}

/** `(k1, k2) > (a1, a2)` spelled out, since T-SQL has no row-value comparison. */
function compareTuple(key: readonly KeyColumn[], values: readonly string[], strict: '>' | '<='): string {
  const terms = key.map((column, i) => {
    const equal = key.slice(0, i).map((prior, j) => `${quoteMssqlIdent(prior.source)} = ${literal(prior, values[j] ?? '')}`);
    const last = i === key.length - 1;
    const op = strict === '>' ? '>' : last ? '<=' : '<';
    return [...equal, `${quoteMssqlIdent(column.source)} ${op} ${literal(column, values[i] ?? '')}`].join(' AND ');
  });
  return terms.length === 1 ? (terms[0] ?? '') : `(${terms.map((t) => `(${t})`).join(' OR ')})`;
}

/**
 * A key value as the copy's read expressions deliver it, as text a style of STYLES reads back:
 * numbers and booleans as digits, binary as 0x hex, text (temporal values included) as it is.
 */
function keyValueText(value: unknown): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (value instanceof Uint8Array) return `0x${Buffer.from(value).toString('hex')}`;
  return String(value);
}

/**
 * The WHERE clause (without the keyword) that finds one row again by its key values as read. A
 * datetimeoffset is read as `yyyy-mm-dd hh:mm:ss.fffffff +hh:mm`, which its default conversion reads
 * back (style 127 wants a T).
 */
export function rowKeyWhere(key: readonly KeyColumn[], values: readonly unknown[]): string {
  return key
    .map((column, i) => {
      const text = keyValueText(values[i]);
      const condition = baseName(column.sourceType) === 'datetimeoffset' ? `CAST(${quoteMssqlString(text)} AS ${column.sourceType})` : literal(column, text);
      return `${quoteMssqlIdent(column.source)} = ${condition}`;
    })
    .join(' AND ');
}

/** The WHERE clause (without the keyword) of a key range, or '' for the whole table. */
export function rangeWhere(key: readonly KeyColumn[], range: ChunkRange): string {
  return [
    ...(range.lower === undefined ? [] : [compareTuple(key, range.lower, '>')]),
    ...(range.upper === undefined ? [] : [compareTuple(key, range.upper, '<=')]),
  ].join('\n  AND ');
}

export function chunkSelectSql(schema: string, table: string, readExpressions: readonly string[], key: readonly KeyColumn[], range: ChunkRange): string {
  const where = rangeWhere(key, range);
  const order = key.length === 0 ? '' : `\nORDER BY ${key.map((k) => quoteMssqlIdent(k.source)).join(', ')}`;
  return `SELECT ${readExpressions.join(', ')}\nFROM ${quoteMssqlName(schema, table)}${where === '' ? '' : `\nWHERE ${where}`}${order}`;
}
