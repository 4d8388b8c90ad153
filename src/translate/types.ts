/**
 * The T-SQL types the translator infers bottom-up, so `+`, division, LEN, CAST and comparisons
 * with bit columns are translated by what their operands are, and the PostgreSQL type a CAST
 * target becomes.
 */
import type { TypeName } from './ast.js';
import { Refusal } from './refusal.js';
import { t as message } from '../i18n/index.js';

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
  /** Digits of a decimal; of an integer constant, the digits it is written with. */
  readonly precision?: number;
  readonly scale?: number;
  /** A bit column stored as PostgreSQL boolean: compared with true/false, not 0/1. */
  readonly booleanColumn?: boolean;
  /** A string under a nondeterministic collation in PostgreSQL (undefined once an explicit collation overrides it). */
  readonly nondeterministic?: NondeterministicText | undefined;
}

/**
 * A string whose PostgreSQL collation is nondeterministic. PostgreSQL refuses regular expressions
 * (and, before 18, LIKE and substring searches) on it, so translated pattern operators give their
 * operands `pattern` explicitly, folding case where the source collation ignored it.
 */
export interface NondeterministicText {
  /** A deterministic collation of the same language, quoted: "ms2pg"."ru". */
  readonly pattern: string;
  readonly caseInsensitive: boolean;
  readonly accentInsensitive: boolean;
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
export function parseTypeText(text: string, booleanColumn: boolean, nondeterministic?: NondeterministicText): SqlType {
  const match = /^\s*(?:\[?sys\]?\.)?\[?([a-z0-9_ ]+?)\]?\s*(?:\(([^)]*)\))?\s*$/i.exec(text);
  if (match === null) return { family: 'unknown', name: text };
  const args = (match[2] ?? '')
    .split(',')
    .map((a) => a.trim().toLowerCase())
    .filter((a) => a !== '')
    .map((a) => (a === 'max' || a === '-1' ? ('max' as const) : Number(a)));
  const type = sqlType((match[1] ?? '').toLowerCase(), args);
  if (booleanColumn && type.family === 'bit') return { ...type, booleanColumn: true };
  return nondeterministic !== undefined && type.family === 'string' ? { ...type, nondeterministic } : type;
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

/** Precision and scale of an exact numeric operand as T-SQL converts it for decimal arithmetic. */
const INTEGER_DECIMAL: Readonly<Record<string, readonly [number, number]>> = { bit: [1, 0], tinyint: [3, 0], smallint: [5, 0], int: [10, 0], bigint: [19, 0] };

/** Precision and scale of an exact numeric type (an integer as the decimal T-SQL converts it to). */
export function asDecimal(type: SqlType): readonly [number, number] {
  if (type.family === 'decimal') return [type.precision ?? 18, type.scale ?? 0];
  // An integer constant counts its own digits (1.0 / 3 is 0.333333: 3 is decimal(1,0), not decimal(10,0)).
  if (type.family === 'integer' && type.precision !== undefined) return [type.precision, 0];
  return INTEGER_DECIMAL[type.name] ?? [10, 0];
}

export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';

/**
 * Precision and scale of `e1 op e2` on decimals, by T-SQL's rules ("Precision, scale, and length"),
 * including how a result wider than 38 digits is cut: addition keeps the integral digits and gives
 * up scale; multiplication and division keep at least 6 decimals once the integral part needs more
 * than 32 digits.
 */
export function decimalResult(op: ArithmeticOperator, [p1, s1]: readonly [number, number], [p2, s2]: readonly [number, number]): readonly [number, number] {
  let precision: number;
  let scale: number;
  switch (op) {
    case '+':
    case '-':
      scale = Math.max(s1, s2);
      precision = scale + Math.max(p1 - s1, p2 - s2) + 1;
      return precision <= 38 ? [precision, scale] : [38, Math.min(scale, 38 - Math.max(p1 - s1, p2 - s2))];
    case '*':
      precision = p1 + p2 + 1;
      scale = s1 + s2;
      break;
    case '/':
      scale = Math.max(6, s1 + p2 + 1);
      precision = p1 - s1 + s2 + scale;
      break;
    case '%':
      scale = Math.max(s1, s2);
      return [Math.min(38, Math.min(p1 - s1, p2 - s2) + scale), scale];
  }
  if (precision <= 38) return [precision, scale];
  const integral = precision - scale;
  return [38, integral < 32 ? Math.min(scale, 38 - integral) : scale < 6 ? scale : 6];
}

/** Result type of arithmetic between two numeric operands, by T-SQL data type precedence and decimal rules. */
export function numericResult(op: ArithmeticOperator, left: SqlType, right: SqlType): SqlType {
  // real with an integer, decimal or real stays real (4-byte) in T-SQL; only float makes it float.
  if (left.family === 'float' || right.family === 'float') return left.name === 'float' || right.name === 'float' ? FLOAT : REAL;
  const money = (t: SqlType): boolean => t.name === 'money' || t.name === 'smallmoney';
  // decimal outranks money, and money outranks the integers: money with money or an integer stays money.
  if ((money(left) || money(right)) && !(left.name === 'decimal' || left.name === 'numeric' || right.name === 'decimal' || right.name === 'numeric')) return sqlType('money');
  if (left.family === 'decimal' || right.family === 'decimal') {
    const [precision, scale] = decimalResult(op, asDecimal(left), asDecimal(right));
    return { family: 'decimal', name: 'decimal', precision, scale };
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
    if (isNumeric(acc) && isNumeric(t)) return numericResult('+', acc, t);
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
      if (scale > 6) notes.push(message('note.hundredNanoseconds', { type: `${type.name}(${scale})` }));
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
      throw new Refusal(message('refusal.castTo', { type: type.name }), type.pos);
  }
  return { sql, type: t, notes };
}
