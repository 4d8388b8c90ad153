/**
 * The T-SQL types the translator infers bottom-up, so `+`, division, LEN, CAST and comparisons
 * with bit columns are translated by what their operands are, and the PostgreSQL type a CAST
 * target becomes.
 */
import type { TypeName } from './ast.js';
import { Refusal } from './refusal.js';

export type TypeFamily =
  | 'string'
  | 'integer'
  | 'decimal'
  | 'float'
  | 'bit'
  | 'date'
  | 'datetime'
  | 'time'
  | 'datetimeoffset'
  | 'uuid'
  | 'binary'
  /** A predicate: T-SQL has no boolean values, only conditions. */
  | 'condition'
  /** An untyped NULL literal. */
  | 'null'
  | 'unknown';

export interface SqlType {
  readonly family: TypeFamily;
  /** T-SQL base name, lower case (int, nvarchar, datetime2, ...). */
  readonly name: string;
  readonly length?: number | 'max';
  readonly precision?: number;
  readonly scale?: number;
  /** A bit column stored as PostgreSQL boolean: compared with true/false, not 0/1. */
  readonly booleanColumn?: boolean;
}

const FAMILIES: Readonly<Record<string, TypeFamily>> = {
  char: 'string',
  varchar: 'string',
  nchar: 'string',
  nvarchar: 'string',
  text: 'string',
  ntext: 'string',
  sysname: 'string',
  tinyint: 'integer',
  smallint: 'integer',
  int: 'integer',
  bigint: 'integer',
  decimal: 'decimal',
  numeric: 'decimal',
  money: 'decimal',
  smallmoney: 'decimal',
  float: 'float',
  real: 'float',
  bit: 'bit',
  date: 'date',
  datetime: 'datetime',
  datetime2: 'datetime',
  smalldatetime: 'datetime',
  time: 'time',
  datetimeoffset: 'datetimeoffset',
  uniqueidentifier: 'uuid',
  binary: 'binary',
  varbinary: 'binary',
  image: 'binary',
  rowversion: 'binary',
  timestamp: 'binary',
};

const INTEGER_RANK: Readonly<Record<string, number>> = { bit: 0, tinyint: 1, smallint: 2, int: 3, bigint: 4 };

export function sqlType(name: string, args: readonly (number | 'max')[] = []): SqlType {
  const family = FAMILIES[name];
  if (family === undefined) return { family: 'unknown', name };
  const [first, second] = args;
  if (family === 'decimal') {
    if (name === 'money') return { family, name, precision: 19, scale: 4 };
    if (name === 'smallmoney') return { family, name, precision: 10, scale: 4 };
    return { family, name, precision: typeof first === 'number' ? first : 18, scale: typeof second === 'number' ? second : 0 };
  }
  if (family === 'datetime' || family === 'time' || family === 'datetimeoffset') {
    const scale = name === 'datetime' ? 3 : name === 'smalldatetime' ? 0 : typeof first === 'number' ? first : 7;
    return { family, name, scale };
  }
  return first === undefined ? { family, name } : { family, name, length: first };
}

/** Parses a column's source type text as the catalog renders it: `nvarchar(50)`, `decimal(18,4)`, `varchar(max)`. */
export function parseTypeText(text: string, booleanColumn: boolean): SqlType {
  const match = /^\s*(?:\[?sys\]?\.)?\[?([a-z0-9_ ]+?)\]?\s*(?:\(([^)]*)\))?\s*$/i.exec(text);
  if (match === null) return { family: 'unknown', name: text };
  const args = (match[2] ?? '')
    .split(',')
    .map((a) => a.trim().toLowerCase())
    .filter((a) => a !== '')
    .map((a) => (a === 'max' || a === '-1' ? ('max' as const) : Number(a)));
  const type = sqlType((match[1] ?? '').toLowerCase(), args);
  return booleanColumn && type.family === 'bit' ? { ...type, booleanColumn: true } : type;
}

export const INT: SqlType = sqlType('int');
export const BIGINT: SqlType = sqlType('bigint');
export const FLOAT: SqlType = sqlType('float');
export const REAL: SqlType = sqlType('real');
export const DATE: SqlType = sqlType('date');
export const DATETIME: SqlType = sqlType('datetime');
export const DATETIME2: SqlType = sqlType('datetime2');
export const NVARCHAR_MAX: SqlType = sqlType('nvarchar', ['max']);
export const CONDITION: SqlType = { family: 'condition', name: 'condition' };
export const NULL_TYPE: SqlType = { family: 'null', name: 'null' };
export const UNKNOWN: SqlType = { family: 'unknown', name: 'unknown' };

export function isNumeric(type: SqlType): boolean {
  return type.family === 'integer' || type.family === 'decimal' || type.family === 'float' || (type.family === 'bit' && type.booleanColumn !== true);
}

export function isDateTime(type: SqlType): boolean {
  return type.family === 'date' || type.family === 'datetime' || type.family === 'datetimeoffset';
}

/** Result type of arithmetic between two numeric operands, by T-SQL data type precedence. */
export function numericResult(left: SqlType, right: SqlType): SqlType {
  // real with an integer, decimal or real stays real (4-byte) in T-SQL; only float makes it float.
  if (left.family === 'float' || right.family === 'float') return left.name === 'float' || right.name === 'float' ? FLOAT : REAL;
  if (left.family === 'decimal' || right.family === 'decimal') {
    const decimal = left.family === 'decimal' ? left : right;
    return { family: 'decimal', name: 'decimal', precision: decimal.precision ?? 38, scale: Math.max(left.scale ?? 0, right.scale ?? 0) };
  }
  const rank = Math.max(INTEGER_RANK[left.name] ?? 3, INTEGER_RANK[right.name] ?? 3, INTEGER_RANK.int ?? 3);
  return rank >= 4 ? BIGINT : INT;
}

/** The type of the first of several branches (CASE, COALESCE) that is not NULL; mixed families widen. */
export function commonType(types: readonly SqlType[]): SqlType {
  const typed = types.filter((t) => t.family !== 'null');
  const [first, ...rest] = typed;
  if (first === undefined) return NULL_TYPE;
  return rest.reduce<SqlType>((acc, t) => {
    if (acc.family === t.family) return acc.family === 'string' && t.name.startsWith('n') ? t : acc;
    if (isNumeric(acc) && isNumeric(t)) return numericResult(acc, t);
    if (isDateTime(acc) && isDateTime(t)) return acc.family === 'datetime' ? acc : t;
    return UNKNOWN;
  }, first);
}

/** The PostgreSQL type a CAST/CONVERT target becomes; the same choices as the default column mappings. */
export function postgresType(type: TypeName): { sql: string; type: SqlType; notes: string[] } {
  const t = sqlType(type.name, type.args);
  const [first, second] = type.args;
  const notes: string[] = [];
  const sized = (pg: string, defaultLength: number): string => (first === 'max' || ['text', 'ntext'].includes(type.name) ? 'text' : `${pg}(${typeof first === 'number' ? first : defaultLength})`);
  let sql: string;
  switch (type.name) {
    case 'varchar':
    case 'nvarchar':
    case 'text':
    case 'ntext':
    case 'sysname':
      // CAST(x AS varchar) without a length means varchar(30) in T-SQL and truncates like it.
      sql = type.name === 'sysname' ? 'varchar(128)' : sized('varchar', 30);
      break;
    case 'char':
    case 'nchar':
      sql = sized('char', 30);
      break;
    case 'tinyint':
    case 'smallint':
      sql = 'smallint';
      break;
    case 'int':
      sql = 'integer';
      break;
    case 'bigint':
      sql = 'bigint';
      break;
    case 'decimal':
    case 'numeric':
      sql = `numeric(${typeof first === 'number' ? first : 18},${typeof second === 'number' ? second : 0})`;
      break;
    case 'money':
      sql = 'numeric(19,4)';
      break;
    case 'smallmoney':
      sql = 'numeric(10,4)';
      break;
    case 'float':
      sql = typeof first === 'number' && first <= 24 ? 'real' : 'double precision';
      break;
    case 'real':
      sql = 'real';
      break;
    case 'bit':
      sql = 'boolean';
      return { sql, type: { ...t, booleanColumn: true }, notes };
    case 'date':
      sql = 'date';
      break;
    case 'datetime':
      sql = 'timestamp(3)';
      break;
    case 'smalldatetime':
      sql = 'timestamp(0)';
      break;
    case 'datetime2':
    case 'time':
    case 'datetimeoffset': {
      const scale = typeof first === 'number' ? first : 7;
      if (scale > 6) notes.push(`${type.name}(${scale}) keeps 100 ns; PostgreSQL keeps microseconds`);
      const base = type.name === 'datetime2' ? 'timestamp' : type.name === 'time' ? 'time' : 'timestamptz';
      sql = `${base}(${Math.min(scale, 6)})`;
      break;
    }
    case 'uniqueidentifier':
      sql = 'uuid';
      break;
    case 'binary':
    case 'varbinary':
    case 'image':
      sql = 'bytea';
      break;
    default:
      throw new Refusal(`CAST to ${type.name}`, type.pos);
  }
  return { sql, type: t, notes };
}
