/**
 * CAST / CONVERT / TRY_CAST / TRY_CONVERT. Conversions whose results differ are written out:
 * decimal -> int truncates in T-SQL (PostgreSQL rounds), uniqueidentifier -> string is upper case,
 * CONVERT styles become to_char/to_date formats.
 */
import type { Expr } from './ast.js';
import type { ExpressionTranslator } from './expressions.js';
import { Refusal, type Position } from './refusal.js';
import { PREC, atom, castTo, operand, type Typed } from './sql-text.js';
import { isDateTime, postgresType, sqlType, type SqlType } from './types.js';
import { quoteLiteral } from '../target/postgres/quote.js';
import { t as message } from '../i18n/index.js';

/** Longest text of each integer type, sign included. */
const INTEGER_WIDTH: Readonly<Record<string, number>> = { tinyint: 3, smallint: 6, int: 11, bigint: 20 };

/** CONVERT date styles: date part and time part as to_char patterns. */
const DATE_STYLES: Readonly<Record<number, { date: string; time?: 'seconds' | 'fraction' | 'iso' }>> = {
  1: { date: 'MM/DD/YY' },
  3: { date: 'DD/MM/YY' },
  4: { date: 'DD.MM.YY' },
  12: { date: 'YYMMDD' },
  23: { date: 'YYYY-MM-DD' },
  101: { date: 'MM/DD/YYYY' },
  102: { date: 'YYYY.MM.DD' },
  103: { date: 'DD/MM/YYYY' },
  104: { date: 'DD.MM.YYYY' },
  105: { date: 'DD-MM-YYYY' },
  110: { date: 'MM-DD-YYYY' },
  111: { date: 'YYYY/MM/DD' },
  112: { date: 'YYYYMMDD' },
  120: { date: 'YYYY-MM-DD', time: 'seconds' },
  121: { date: 'YYYY-MM-DD', time: 'fraction' },
  126: { date: 'YYYY-MM-DD', time: 'iso' },
};

function styleNumber(style: Expr | undefined): number | undefined {
  if (style === undefined) return undefined;
  if (style.kind !== 'number' || !/^\d+$/.test(style.text)) throw new Refusal(message('refusal.styleNotNumber'), style.pos);
  return Number(style.text);
}

/** Fractional seconds as T-SQL prints them: datetime 3 digits, datetime2(n) n digits. */
function fractionPattern(type: SqlType): string {
  if (type.name === 'datetime' || type.name === 'smalldatetime') return '.MS';
  const scale = type.scale ?? 7;
  if (scale === 0) return '';
  return scale > 6 ? '.FF6"0"' : `.FF${scale}`;
}

function dateToString(t: ExpressionTranslator, value: Typed, style: number | undefined, pos: Position): Typed {
  const type = value.type;
  t.requireImmutable(message('refusal.what.dateFormatting'), pos);
  const string = sqlType('varchar', [30]);
  if (style === undefined || style === 0 || style === 100) {
    // CAST without style: date and datetime2 print ISO in T-SQL; datetime prints 'Mar  5 2024 10:20AM'.
    if (type.family === 'date') return atom(`to_char(${value.sql}, 'YYYY-MM-DD')`, string);
    if (type.name === 'datetime2') return atom(`to_char(${value.sql}, 'YYYY-MM-DD HH24:MI:SS${fractionPattern(type)}')`, string);
    throw new Refusal(message('refusal.toStringWithoutStyle', { type: type.name }), pos);
  }
  if (style === 108 && type.family !== 'date') return atom(`to_char(${value.sql}, 'HH24:MI:SS')`, string);
  const format = DATE_STYLES[style];
  if (format === undefined) throw new Refusal(message('refusal.convertStyle', { style }), pos);
  if (type.family === 'date' || format.time === undefined) return atom(`to_char(${value.sql}, '${format.date}')`, string);
  if (format.time === 'seconds') return atom(`to_char(${value.sql}, '${format.date} HH24:MI:SS')`, string);
  if (format.time === 'fraction') return atom(`to_char(${value.sql}, '${format.date} HH24:MI:SS${fractionPattern(type)}')`, string);
  // Style 126 leaves out the fraction when it is zero.
  const whole = `to_char(${value.sql}, '${format.date}"T"HH24:MI:SS')`;
  const fraction = fractionPattern(type);
  if (fraction === '') return atom(whole, string);
  return atom(`CASE WHEN extract(microseconds FROM ${value.sql}) % 1000000 = 0 THEN ${whole} ELSE to_char(${value.sql}, '${format.date}"T"HH24:MI:SS${fraction}') END`, string);
}

function stringToDate(t: ExpressionTranslator, value: Typed, style: number | undefined, target: { sql: string; type: SqlType }, pos: Position): Typed {
  if (style === undefined || style === 0 || style === 100 || (value.literal !== undefined && /^\d{4}-?\d{2}-?\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(value.literal))) {
    if (value.literal === undefined) t.note(message('note.stringToDate', { type: target.type.name }));
    return castTo(value, target.sql, target.type);
  }
  const format = DATE_STYLES[style];
  if (format === undefined) throw new Refusal(message('refusal.convertStyle', { style }), pos);
  t.requireImmutable(message('refusal.what.dateParsing'), pos);
  t.note(message('note.toDateLenient'));
  if (format.time === undefined || target.type.family === 'date') return castTo(atom(`to_date(${value.sql}, '${format.date}')`, target.type), target.sql, target.type);
  const time = format.time === 'seconds' ? ' HH24:MI:SS' : format.time === 'iso' ? '"T"HH24:MI:SS.US' : ' HH24:MI:SS.US';
  return castTo(atom(`to_timestamp(${value.sql}, '${format.date}${time}')`, target.type), target.sql, target.type);
}

function toString(t: ExpressionTranslator, value: Typed, style: number | undefined, target: { sql: string; type: SqlType }, pos: Position): Typed {
  const from = value.type;
  let text: Typed;
  if (isDateTime(from) || from.family === 'time') {
    if (from.family === 'datetimeoffset' || from.family === 'time') throw new Refusal(message('refusal.toString', { type: from.name }), pos);
    text = dateToString(t, value, style, pos);
  } else if (from.family === 'binary') {
    if (style !== 1 && style !== 2) throw new Refusal(message('refusal.binaryToString'), pos);
    text = atom(`${style === 1 ? "'0x' || " : ''}upper(encode(${value.sql}, 'hex'))`, target.type);
    if (style === 1) text = { ...text, prec: PREC.other };
  } else if ((from.family === 'integer' || from.family === 'decimal' || from.family === 'string') && target.sql !== 'text') {
    const length = target.type.length;
    const width = from.family === 'integer' ? (INTEGER_WIDTH[from.name] ?? 20) : (from.precision ?? 38) + 2;
    if (typeof length !== 'number' || length >= width || from.family === 'string') return castTo(value, target.sql, target.type);
    if (from.family === 'integer' && (target.type.name === 'varchar' || target.type.name === 'char')) {
      // An integer too long for varchar(n) becomes '*' in T-SQL; PostgreSQL would cut it.
      return atom(`CASE WHEN length(CAST(${value.sql} AS text)) > ${length} THEN '*' ELSE CAST(${value.sql} AS ${target.sql}) END`, target.type);
    }
    t.note(message('note.numberTooLong', { type: target.sql }));
    return castTo(value, target.sql, target.type);
  } else {
    if (style !== undefined && style !== 0 && from.family === 'float') throw new Refusal(message('refusal.convertStyleFloat', { style }), pos);
    text = t.text(value, pos);
  }
  if (target.sql === 'text') return text;
  // varchar(n) truncates on an explicit cast in both databases.
  return castTo(text, target.sql, target.type);
}

function toInteger(value: Typed, target: { sql: string; type: SqlType }): Typed {
  // T-SQL truncates toward zero when converting decimal/float to an integer; PostgreSQL rounds.
  if (value.type.family === 'decimal' || value.type.family === 'float') return castTo(atom(`trunc(${value.sql})`, value.type), target.sql, target.type);
  return castTo(value, target.sql, target.type);
}

function toBoolean(value: Typed, operandExpr: Expr, target: { sql: string; type: SqlType }, t: ExpressionTranslator): Typed {
  if (operandExpr.kind === 'number') return atom(Number(operandExpr.text) === 0 ? 'false' : 'true', target.type);
  if (value.type.booleanColumn === true || value.type.family === 'null') return { ...value, type: target.type };
  if (value.type.family === 'integer' || value.type.family === 'decimal' || value.type.family === 'float') {
    return { sql: `${operand(value, PREC.comparison + 1)} <> 0`, prec: PREC.comparison, type: target.type };
  }
  if (value.type.family === 'string') {
    if (value.literal === undefined) t.note(message('note.stringToBit'));
    return castTo(value, 'boolean', target.type);
  }
  throw new Refusal(message('refusal.conversion', { from: value.type.name, to: 'bit' }), operandExpr.pos);
}

export function translateCast(t: ExpressionTranslator, expr: Expr & { kind: 'cast' }): Typed {
  const target = postgresType(expr.type);
  for (const note of target.notes) t.note(note);
  const style = styleNumber(expr.style);
  const value = t.translate(expr.operand);
  const from = value.type;
  const family = target.type.family;
  const converted = ((): Typed => {
    if (family === 'bit') return toBoolean(value, expr.operand, target, t);
    if (from.family === 'null') return castTo(value, target.sql, target.type);
    if (family === 'string') return toString(t, value, style, target, expr.pos);
    if (family === 'integer') {
      if (!['integer', 'decimal', 'float', 'string', 'bit'].includes(from.family)) throw new Refusal(message('refusal.conversion', { from: from.name, to: expr.type.name }), expr.pos);
      return toInteger(t.numeric(value), target);
    }
    if (family === 'decimal' || family === 'float') {
      if (!['integer', 'decimal', 'float', 'string', 'bit'].includes(from.family)) throw new Refusal(message('refusal.conversion', { from: from.name, to: expr.type.name }), expr.pos);
      // real to decimal from its exact value, as SQL Server does; PostgreSQL's own cast keeps only 6 digits.
      const exact = from.name === 'real' && family === 'decimal' ? castTo(value, 'double precision', target.type) : t.numeric(value);
      return castTo(exact, target.sql, target.type);
    }
    if (family === 'date' || family === 'datetime' || family === 'time') {
      if (from.family === 'string') return stringToDate(t, value, style, target, expr.pos);
      if (from.family === 'datetimeoffset') throw new Refusal(message('refusal.datetimeoffsetTo', { type: expr.type.name }), expr.pos);
      if (isDateTime(from) || (from.family === 'time' && family === 'time')) return castTo(value, target.sql, target.type);
      throw new Refusal(message('refusal.conversion', { from: from.name, to: expr.type.name }), expr.pos);
    }
    if (family === 'datetimeoffset' && (from.family === 'string' || isDateTime(from))) {
      t.requireImmutable(message('refusal.what.toTimestamptz'), expr.pos);
      t.note(message('note.toDatetimeoffset'));
      return castTo(value, target.sql, target.type);
    }
    if (family === 'uuid' && (from.family === 'string' || from.family === 'uuid')) return castTo(value, target.sql, target.type);
    if (family === 'binary' && from.family === 'binary') return value;
    throw new Refusal(message('refusal.conversion', { from: from.name, to: expr.type.name }), expr.pos);
  })();
  if ((expr.fn === 'TRY_CAST' || expr.fn === 'TRY_CONVERT') && from.family === 'string' && family !== 'string') {
    // PostgreSQL folds a constant CAST while planning, even in a CASE branch that is never taken.
    if (value.literal !== undefined) throw new Refusal(message('refusal.tryOfLiteral', { name: expr.fn }), expr.pos);
    t.requireImmutable('pg_input_is_valid (TRY_CAST)', expr.pos);
    t.note(message('note.tryCast'));
    return atom(`CASE WHEN pg_input_is_valid(${value.sql}, ${quoteLiteral(target.sql)}) THEN ${converted.sql} END`, target.type);
  }
  return converted;
}

