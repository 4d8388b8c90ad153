/**
 * T-SQL built-in functions and their PostgreSQL translations. Each entry states its arity and
 * translates its arguments itself, because some arguments are not values (date parts) and some
 * functions need their arguments' types (LEN of a number, ROUND of a float, AVG of an int).
 */
import type { Expr } from './ast.js';
import type { ExpressionTranslator } from './expressions.js';
import { patternRegex } from './patterns.js';
import { Refusal } from './refusal.js';
import { PREC, atom, call, castTo, operand, type Typed } from './sql-text.js';
import { BIGINT, DATE, DATETIME, DATETIME2, FLOAT, INT, NVARCHAR_MAX, commonType, sqlType } from './types.js';
import { quoteLiteral } from '../target/postgres/quote.js';
import { t as message, type MessageKey, type MessageParams } from '../i18n/index.js';

type CallExpr = Expr & { kind: 'call' };

export interface FunctionEntry {
  readonly arity: readonly [number, number];
  /** Aggregates and window functions are allowed only in views. */
  readonly aggregate?: 'aggregate' | 'window';
  readonly translate: (t: ExpressionTranslator, call: CallExpr) => Typed;
}

const DATE_PARTS: Readonly<Record<string, string>> = {
  year: 'year', yy: 'year', yyyy: 'year',
  quarter: 'quarter', qq: 'quarter', q: 'quarter',
  month: 'month', mm: 'month', m: 'month',
  dayofyear: 'dayofyear', dy: 'dayofyear', y: 'dayofyear',
  day: 'day', dd: 'day', d: 'day',
  week: 'week', wk: 'week', ww: 'week',
  weekday: 'weekday', dw: 'weekday', w: 'weekday',
  hour: 'hour', hh: 'hour',
  minute: 'minute', mi: 'minute', n: 'minute',
  second: 'second', ss: 'second', s: 'second',
  millisecond: 'millisecond', ms: 'millisecond',
  iso_week: 'iso_week', isowk: 'iso_week', isoww: 'iso_week',
};

function datePart(expr: Expr | undefined): string {
  const name = expr?.kind === 'column' && expr.parts.length === 1 ? (expr.parts[0] ?? '').toLowerCase() : undefined;
  const part = name === undefined ? undefined : DATE_PARTS[name];
  if (part === undefined) throw new Refusal(expr?.kind === 'column' ? message('refusal.datePart', { part: expr.parts.join('.') }) : message('refusal.datePartExpression'), expr?.pos ?? { line: 1, col: 1 });
  return part;
}

function arg(t: ExpressionTranslator, c: CallExpr, index: number): Typed {
  const expr = c.args[index];
  if (expr === undefined) throw new Refusal(message('refusal.missingArgument', { name: c.name.toUpperCase(), position: index + 1 }), c.pos);
  return t.translate(expr);
}

function args(t: ExpressionTranslator, c: CallExpr): Typed[] {
  return c.args.map((_, i) => arg(t, c, i));
}

function stringArg(t: ExpressionTranslator, c: CallExpr, index: number): Typed {
  return t.text(arg(t, c, index), c.args[index]?.pos ?? c.pos);
}

function intArg(t: ExpressionTranslator, c: CallExpr, index: number): Typed {
  const value = t.numeric(arg(t, c, index));
  // T-SQL truncates a fractional count (DATEADD(day, 1.7, d) adds one day).
  if (value.type.family === 'decimal' || value.type.family === 'float') return castTo(atom(`trunc(${value.sql})`, value.type), 'integer', INT);
  return value;
}

function dateArg(t: ExpressionTranslator, c: CallExpr, index: number): Typed {
  return t.dateTime(arg(t, c, index), c.args[index]?.pos ?? c.pos);
}

/** A timestamp operand for date_trunc: a date would otherwise resolve to the time-zone-dependent timestamptz variant. */
function timestampOf(value: Typed): Typed {
  return value.type.family === 'date' ? castTo(value, 'timestamp', DATETIME2) : value;
}

function extractInt(field: string, value: Typed): Typed {
  return castTo(atom(`extract(${field} FROM ${value.sql})`, INT), 'integer', INT);
}

function collationSensitive(t: ExpressionTranslator): void {
  t.note(message('note.collation'));
}

// ---- date and time

function current(kind: 'local' | 'utc' | 'offset') {
  return (t: ExpressionTranslator, c: CallExpr): Typed => {
    t.requireImmutable(`${c.name.toUpperCase()}()`, c.pos);
    const tz = /^timestamptz|with time zone/.test(t.targetType);
    const type = c.name.toLowerCase().startsWith('sys') ? DATETIME2 : DATETIME;
    if (kind === 'offset') return atom('now()', sqlType('datetimeoffset'));
    if (kind === 'utc') return atom(tz ? 'now()' : "(now() AT TIME ZONE 'UTC')", type);
    if (!tz) t.note(message('note.localTime'));
    return atom(tz ? 'now()' : 'LOCALTIMESTAMP', type);
  };
}

function interval(part: string, count: Typed): string {
  const n = count.sql;
  switch (part) {
    case 'year':
      return `make_interval(years => ${n})`;
    case 'quarter':
      return `make_interval(months => 3 * ${operand(count, PREC.multiplicative + 1)})`;
    case 'month':
      return `make_interval(months => ${n})`;
    case 'week':
      return `make_interval(weeks => ${n})`;
    case 'day':
    case 'dayofyear':
    case 'weekday':
      return `make_interval(days => ${n})`;
    case 'hour':
      return `make_interval(hours => ${n})`;
    case 'minute':
      return `make_interval(mins => ${n})`;
    case 'second':
      return `make_interval(secs => ${n})`;
    case 'millisecond':
      return `make_interval(secs => ${operand(count, PREC.multiplicative)} / 1000.0)`;
    default:
      return '';
  }
}

function dateadd(t: ExpressionTranslator, c: CallExpr): Typed {
  const part = datePart(c.args[0]);
  const count = intArg(t, c, 1);
  const date = dateArg(t, c, 2);
  const step = interval(part, count);
  if (step === '') throw new Refusal(`DATEADD(${part}, ...)`, c.pos);
  if (date.type.family === 'date') {
    if (['hour', 'minute', 'second', 'millisecond'].includes(part)) throw new Refusal(message('refusal.dateaddOnDate', { part }), c.pos);
    // date + interval is a timestamp in PostgreSQL; DATEADD on a date stays a date.
    return castTo(atom(`${operand(date, PREC.additive)} + ${step}`, DATE), 'date', DATE);
  }
  if (date.type.family === 'datetimeoffset') t.requireImmutable(message('refusal.what.timestamptzArithmetic'), c.pos);
  return { sql: `${operand(date, PREC.additive)} + ${step}`, prec: PREC.additive, type: date.type };
}

function datediff(t: ExpressionTranslator, c: CallExpr): Typed {
  const part = datePart(c.args[0]);
  const start = dateArg(t, c, 1);
  const end = dateArg(t, c, 2);
  const diff = (field: string): string => `extract(${field} FROM ${end.sql}) - extract(${field} FROM ${start.sql})`;
  const asInt = (sql: string): Typed => atom(`CAST(${sql} AS integer)`, INT);
  // DATEDIFF counts boundaries crossed (year boundaries, midnights, Sundays), not elapsed units.
  switch (part) {
    case 'year':
      return asInt(diff('year'));
    case 'quarter':
      return asInt(`(${diff('year')}) * 4 + ${diff('quarter')}`);
    case 'month':
      return asInt(`(${diff('year')}) * 12 + ${diff('month')}`);
    case 'day':
    case 'dayofyear':
    case 'weekday':
      return { sql: `CAST(${end.sql} AS date) - CAST(${start.sql} AS date)`, prec: PREC.additive, type: INT };
    case 'week': {
      const weeks = (v: Typed): string => `floor((CAST(${v.sql} AS date) - DATE '1900-01-07') / 7.0)`;
      return asInt(`${weeks(end)} - ${weeks(start)}`);
    }
    case 'hour':
    case 'minute':
    case 'second':
    case 'millisecond': {
      const unit = part === 'millisecond' ? 'milliseconds' : part;
      const seconds = { hour: '3600', minute: '60', second: '1', millisecond: '0.001' }[part];
      const [a, b] = [timestampOf(start), timestampOf(end)];
      const epoch = `extract(epoch FROM date_trunc('${unit}', ${b.sql}) - date_trunc('${unit}', ${a.sql}))`;
      return asInt(seconds === '1' ? epoch : `${epoch} / ${seconds}`);
    }
    default:
      throw new Refusal(`DATEDIFF(${part}, ...)`, c.pos);
  }
}

function datepartOf(t: ExpressionTranslator, part: string, date: Typed, c: CallExpr): Typed {
  switch (part) {
    case 'year':
    case 'quarter':
    case 'month':
    case 'day':
    case 'hour':
    case 'minute':
      return extractInt(part, date);
    case 'dayofyear':
      return extractInt('doy', date);
    case 'second':
      return castTo(atom(`floor(extract(second FROM ${date.sql}))`, INT), 'integer', INT);
    case 'millisecond':
      return { sql: `CAST(floor(extract(milliseconds FROM ${date.sql})) AS integer) % 1000`, prec: PREC.multiplicative, type: INT };
    case 'iso_week':
      return extractInt('week', date);
    case 'weekday':
      t.note(message('note.weekday'));
      return { sql: `${extractInt('dow', date).sql} + 1`, prec: PREC.additive, type: INT };
    case 'week':
      t.note(message('note.week'));
      return {
        sql: `CAST(floor((extract(doy FROM ${date.sql}) + extract(dow FROM make_date(CAST(extract(year FROM ${date.sql}) AS integer), 1, 1)) - 1) / 7) AS integer) + 1`,
        prec: PREC.additive,
        type: INT,
      };
    default:
      throw new Refusal(`DATEPART(${part}, ...)`, c.pos);
  }
}

function datename(t: ExpressionTranslator, c: CallExpr): Typed {
  const part = datePart(c.args[0]);
  const date = dateArg(t, c, 1);
  if (part === 'month' || part === 'weekday') {
    t.requireImmutable(message('refusal.what.monthDayNames'), c.pos);
    t.note(message('note.monthDayNames'));
    return atom(`to_char(${date.sql}, '${part === 'month' ? 'FMMonth' : 'FMDay'}')`, sqlType('nvarchar', [30]));
  }
  return castTo(datepartOf(t, part, date, c), 'text', sqlType('nvarchar', [30]));
}

function eomonth(t: ExpressionTranslator, c: CallExpr): Typed {
  const date = timestampOf(dateArg(t, c, 0));
  const months = c.args.length > 1 ? `${operand(intArg(t, c, 1), PREC.additive)} + 1` : '1';
  return castTo(atom(`date_trunc('month', ${date.sql}) + make_interval(months => ${months}) - interval '1 day'`, DATE), 'date', DATE);
}

/** .NET custom date format tokens used with FORMAT(), longest first. */
const FORMAT_TOKENS: readonly (readonly [string, string])[] = [
  ['yyyy', 'YYYY'], ['yy', 'YY'], ['MMMM', 'FMMonth'], ['MMM', 'Mon'], ['MM', 'MM'], ['M', 'FMMM'], ['dddd', 'FMDay'], ['ddd', 'Dy'], ['dd', 'DD'], ['d', 'FMDD'],
  ['HH', 'HH24'], ['H', 'FMHH24'], ['hh', 'HH12'], ['h', 'FMHH12'], ['mm', 'MI'], ['m', 'FMMI'], ['ss', 'SS'], ['s', 'FMSS'], ['fff', 'MS'], ['ff', 'FF2'], ['f', 'FF1'], ['tt', 'AM'],
];

function dotnetDateFormat(format: string, c: CallExpr): string {
  let out = '';
  let literal = '';
  const flush = (): void => {
    if (literal !== '') out += /^[\s\-/:.,]+$/.test(literal) ? literal : `"${literal.replace(/"/g, '\\"')}"`;
    literal = '';
  };
  for (let i = 0; i < format.length; ) {
    const token = FORMAT_TOKENS.find(([dotnet]) => format.startsWith(dotnet, i));
    if (token !== undefined) {
      flush();
      out += token[1];
      i += token[0].length;
    } else if (format.charAt(i) === '\\' || format.charAt(i) === "'") {
      throw new Refusal(message('refusal.formatEscapes', { pattern: JSON.stringify(format) }), c.pos);
    } else {
      if (/[a-zA-Z]/.test(format.charAt(i)) && format.charAt(i) !== 'T') throw new Refusal(message('refusal.formatPattern', { pattern: JSON.stringify(format) }), c.pos);
      literal += format.charAt(i);
      i++;
    }
  }
  flush();
  return out;
}

function format(t: ExpressionTranslator, c: CallExpr): Typed {
  const value = arg(t, c, 0);
  const pattern = t.literalText(c.args[1] ?? c, message('refusal.what.formatPattern'));
  if (c.args.length > 2) throw new Refusal(message('refusal.formatCulture'), c.pos);
  t.requireImmutable('to_char (FORMAT)', c.pos);
  const result = sqlType('nvarchar', ['max']);
  if (value.type.family === 'date' || value.type.family === 'datetime') return atom(`to_char(${value.sql}, ${quoteLiteral(dotnetDateFormat(pattern, c))})`, result);
  const numeric = /^([ND])(\d{0,2})$/i.exec(pattern);
  if (numeric !== null && ['integer', 'decimal', 'float'].includes(value.type.family)) {
    const digits = Number(numeric[2] === '' ? (numeric[1]?.toUpperCase() === 'N' ? '2' : '0') : numeric[2]);
    t.note(message('note.formatCulture'));
    if (numeric[1]?.toUpperCase() === 'D') {
      if (value.type.family !== 'integer') throw new Refusal(message('refusal.formatDNonInteger'), c.pos);
      return atom(`to_char(${value.sql}, 'FM${'0'.repeat(Math.max(digits, 1))}')`, result);
    }
    return atom(`to_char(${value.sql}, 'FM999,999,999,999,999,990${digits > 0 ? `.${'0'.repeat(digits)}` : ''}')`, result);
  }
  throw new Refusal(message('refusal.formatPatternFor', { pattern: JSON.stringify(pattern), type: value.type.name }), c.pos);
}

// ---- strings

function concat(t: ExpressionTranslator, c: CallExpr): Typed {
  const values = c.args.map((a, i) => t.text(arg(t, c, i), a.pos));
  if (t.purpose === 'computed' || t.purpose === 'filter') {
    // concat() is only STABLE in PostgreSQL; || over coalesced strings is immutable and means the same.
    return { sql: values.map((v) => `coalesce(${v.sql}, '')`).join(' || '), prec: PREC.other, type: NVARCHAR_MAX };
  }
  return call('concat', values, NVARCHAR_MAX);
}

function concatWs(t: ExpressionTranslator, c: CallExpr): Typed {
  t.requireImmutable('concat_ws', c.pos);
  return call('concat_ws', c.args.map((a, i) => t.text(arg(t, c, i), a.pos)), NVARCHAR_MAX);
}

function len(t: ExpressionTranslator, c: CallExpr): Typed {
  // LEN ignores trailing spaces (not other white space); rtrim() without characters strips spaces only.
  return atom(`length(rtrim(${stringArg(t, c, 0).sql}))`, INT);
}

function datalength(t: ExpressionTranslator, c: CallExpr): Typed {
  const value = arg(t, c, 0);
  const fixed: Readonly<Record<string, number>> = { tinyint: 1, smallint: 2, int: 4, bigint: 8, float: 8, real: 4, money: 8, smallmoney: 4, date: 3, datetime: 8, uniqueidentifier: 16 };
  const size = fixed[value.type.name];
  if (size !== undefined) return atom(`CASE WHEN ${operand(value, PREC.is + 1)} IS NULL THEN NULL ELSE ${size} END`, INT);
  if (value.type.family === 'binary') return atom(`octet_length(${value.sql})`, INT);
  if (value.type.family === 'string') {
    if (value.type.name.startsWith('n')) {
      t.note(message('note.datalengthNvarchar'));
      return { sql: `2 * length(${value.sql})`, prec: PREC.multiplicative, type: INT };
    }
    t.note(message('note.datalengthVarchar'));
    return atom(`octet_length(${value.sql})`, INT);
  }
  throw new Refusal(message('refusal.datalengthOf', { type: value.type.name }), c.pos);
}

function charindex(t: ExpressionTranslator, c: CallExpr): Typed {
  const [needle, haystack] = t.patternOperands('CHARINDEX', true, () => stringArg(t, c, 0), () => stringArg(t, c, 1));
  collationSensitive(t);
  if (c.args.length === 2) return call('strpos', [haystack, needle], INT);
  const start = intArg(t, c, 2);
  const from = `greatest(${start.sql}, 1)`;
  const found = `strpos(substr(${haystack.sql}, ${from}), ${needle.sql})`;
  return atom(`CASE WHEN ${found} = 0 THEN 0 ELSE ${found} + ${from} - 1 END`, INT);
}

function patindex(t: ExpressionTranslator, c: CallExpr): Typed {
  const regex = patternRegex(t.literalText(c.args[0] ?? c, message('refusal.what.patindexPattern')), c.pos);
  const literal: Typed = { sql: quoteLiteral(regex), prec: PREC.atom, type: NVARCHAR_MAX, literal: regex };
  const [value, pattern] = t.patternOperands('PATINDEX', true, () => stringArg(t, c, 1), () => literal);
  collationSensitive(t);
  t.note(message('note.patindex'));
  return call('regexp_instr', [value, pattern], INT);
}

function stuff(t: ExpressionTranslator, c: CallExpr): Typed {
  const [value, start, length, insert] = [stringArg(t, c, 0), intArg(t, c, 1), intArg(t, c, 2), stringArg(t, c, 3)];
  t.note(message('note.stuff'));
  return atom(`overlay(${value.sql} placing ${insert.sql} from ${start.sql} for ${length.sql})`, value.type);
}

function sameAs(name: string, kind: 'string' | 'numeric' | 'any' = 'any') {
  return (t: ExpressionTranslator, c: CallExpr): Typed => {
    const values = c.args.map((_, i) => (kind === 'string' && i === 0 ? stringArg(t, c, i) : kind === 'numeric' ? t.numeric(arg(t, c, i)) : arg(t, c, i)));
    return call(name, values, values[0]?.type ?? INT);
  };
}

function stringFunction(name: string) {
  return (t: ExpressionTranslator, c: CallExpr): Typed => {
    const values = c.args.map((a, i) => (i === 0 || a.kind === 'string' ? stringArg(t, c, i) : t.numeric(arg(t, c, i))));
    return call(name, values, values[0]?.type ?? NVARCHAR_MAX);
  };
}

function replace(t: ExpressionTranslator, c: CallExpr): Typed {
  // Folding case would change the result's other letters: the search matches case exactly (noted).
  const [value, search] = t.patternOperands('REPLACE', false, () => stringArg(t, c, 0), () => stringArg(t, c, 1));
  collationSensitive(t);
  return call('replace', [value, search, stringArg(t, c, 2)], value.type);
}

// ---- numbers

function round(t: ExpressionTranslator, c: CallExpr): Typed {
  const value = t.numeric(arg(t, c, 0));
  const places = intArg(t, c, 1);
  const truncate = c.args.length === 3 && !(c.args[2]?.kind === 'number' && Number(c.args[2].text) === 0);
  const fn = truncate ? 'trunc' : 'round';
  if (value.type.family === 'float') {
    t.note(message('note.roundFloat'));
    return castTo(atom(`${fn}(CAST(${value.sql} AS numeric), ${places.sql})`, FLOAT), 'double precision', FLOAT);
  }
  if (value.type.family === 'integer') return castTo(atom(`${fn}(${value.sql}, ${places.sql})`, value.type), value.type.name === 'bigint' ? 'bigint' : 'integer', value.type);
  return atom(`${fn}(${value.sql}, ${places.sql})`, value.type);
}

function power(t: ExpressionTranslator, c: CallExpr): Typed {
  const base = t.numeric(arg(t, c, 0));
  const exponent = t.numeric(arg(t, c, 1));
  if (base.type.family === 'integer') {
    // POWER returns the type of its first argument: POWER(2, -1) is 0 for an int.
    return castTo(atom(`trunc(power(${base.sql}, ${exponent.sql}))`, base.type), base.type.name === 'bigint' ? 'bigint' : 'integer', base.type);
  }
  if (base.type.family === 'decimal') t.note(message('note.powerDecimal'));
  return call('power', [base, exponent], base.type);
}

function niladicName(sql: string, note: MessageKey, params: MessageParams = {}) {
  return (t: ExpressionTranslator, c: CallExpr): Typed => {
    t.requireImmutable(`${c.name.toUpperCase()}()`, c.pos);
    t.note(message(note, params));
    return atom(sql, sqlType('nvarchar', [128]));
  };
}

// ---- aggregates and window functions

function aggregate(name: string) {
  return (t: ExpressionTranslator, c: CallExpr): Typed => {
    const star = c.args[0]?.kind === 'star';
    const values = star ? [] : args(t, c).map((v) => t.numeric(v));
    const distinct = c.distinct ? 'DISTINCT ' : '';
    const inner = star ? '*' : values.map((v) => v.sql).join(', ');
    const first = values[0]?.type ?? INT;
    const type = name === 'count' ? (c.name.toLowerCase() === 'count_big' ? BIGINT : INT) : name === 'avg' || name === 'sum' || name === 'min' || name === 'max' ? first : FLOAT;
    if (name === 'avg' && first.family === 'integer') {
      // AVG of an int is an int in T-SQL (the sum divided by the count, truncated).
      return atom(`CAST(trunc(avg(${distinct}${inner})) AS ${first.name === 'bigint' ? 'bigint' : 'integer'})`, first);
    }
    return atom(`${name}(${distinct}${inner})`, type);
  };
}

function stringAgg(t: ExpressionTranslator, c: CallExpr): Typed {
  const [value, separator] = [stringArg(t, c, 0), stringArg(t, c, 1)];
  const order = c.withinGroup === undefined ? '' : ` ORDER BY ${t.orderBy(c.withinGroup)}`;
  return atom(`string_agg(${value.sql}, ${separator.sql}${order})`, NVARCHAR_MAX);
}

function windowFunction(name: string) {
  return (t: ExpressionTranslator, c: CallExpr): Typed => {
    const values = args(t, c);
    const type = ['row_number', 'rank', 'dense_rank', 'ntile'].includes(name) ? (name === 'row_number' ? BIGINT : INT) : ['cume_dist', 'percent_rank'].includes(name) ? FLOAT : (values[0]?.type ?? INT);
    return call(name, values, type);
  };
}

const entries: Record<string, FunctionEntry> = {
  // null handling and conditionals
  isnull: { arity: [2, 2], translate: (t, c) => call('COALESCE', args(t, c), commonType(args(t, c).map((v) => v.type))) },
  coalesce: { arity: [2, 99], translate: (t, c) => call('COALESCE', args(t, c), commonType(args(t, c).map((v) => v.type))) },
  nullif: { arity: [2, 2], translate: (t, c) => call('NULLIF', args(t, c), arg(t, c, 0).type) },
  iif: {
    arity: [3, 3],
    translate: (t, c) => {
      const [test, yes, no] = [t.condition(c.args[0] ?? c), arg(t, c, 1), arg(t, c, 2)];
      return atom(`CASE WHEN ${test.sql} THEN ${yes.sql} ELSE ${no.sql} END`, commonType([yes.type, no.type]));
    },
  },
  choose: {
    arity: [2, 99],
    translate: (t, c) => {
      const [index, ...choices] = args(t, c);
      return atom(`CASE ${index?.sql ?? ''} ${choices.map((v, i) => `WHEN ${i + 1} THEN ${v.sql}`).join(' ')} END`, commonType(choices.map((v) => v.type)));
    },
  },
  // date and time
  getdate: { arity: [0, 0], translate: current('local') },
  sysdatetime: { arity: [0, 0], translate: current('local') },
  current_timestamp: { arity: [0, 0], translate: current('local') },
  getutcdate: { arity: [0, 0], translate: current('utc') },
  sysutcdatetime: { arity: [0, 0], translate: current('utc') },
  sysdatetimeoffset: { arity: [0, 0], translate: current('offset') },
  dateadd: { arity: [3, 3], translate: dateadd },
  datediff: { arity: [3, 3], translate: datediff },
  datepart: { arity: [2, 2], translate: (t, c) => datepartOf(t, datePart(c.args[0]), dateArg(t, c, 1), c) },
  datename: { arity: [2, 2], translate: datename },
  year: { arity: [1, 1], translate: (t, c) => datepartOf(t, 'year', dateArg(t, c, 0), c) },
  month: { arity: [1, 1], translate: (t, c) => datepartOf(t, 'month', dateArg(t, c, 0), c) },
  day: { arity: [1, 1], translate: (t, c) => datepartOf(t, 'day', dateArg(t, c, 0), c) },
  eomonth: { arity: [1, 2], translate: eomonth },
  datefromparts: { arity: [3, 3], translate: (t, c) => call('make_date', [intArg(t, c, 0), intArg(t, c, 1), intArg(t, c, 2)], DATE) },
  // identifiers and session
  newid: {
    arity: [0, 0],
    translate: (t, c) => {
      t.requireImmutable('NEWID()', c.pos);
      return atom('gen_random_uuid()', sqlType('uniqueidentifier'));
    },
  },
  newsequentialid: {
    arity: [0, 0],
    translate: (t, c) => {
      t.requireImmutable('NEWSEQUENTIALID()', c.pos);
      t.note(message('note.newsequentialid'));
      return atom('gen_random_uuid()', sqlType('uniqueidentifier'));
    },
  },
  suser_sname: { arity: [0, 0], translate: niladicName('session_user', 'note.loginName', { function: 'SUSER_SNAME()' }) },
  suser_name: { arity: [0, 0], translate: niladicName('session_user', 'note.loginName', { function: 'SUSER_NAME()' }) },
  original_login: { arity: [0, 0], translate: niladicName('session_user', 'note.loginName', { function: 'ORIGINAL_LOGIN()' }) },
  system_user: { arity: [0, 0], translate: niladicName('session_user', 'note.loginName', { function: 'SYSTEM_USER' }) },
  session_user: { arity: [0, 0], translate: niladicName('session_user', 'note.sessionUser') },
  user_name: { arity: [0, 0], translate: niladicName('current_user', 'note.databaseUserName', { function: 'USER_NAME()' }) },
  current_user: { arity: [0, 0], translate: niladicName('current_user', 'note.currentUser') },
  user: { arity: [0, 0], translate: niladicName('current_user', 'note.databaseUserName', { function: 'USER' }) },
  host_name: { arity: [0, 0], translate: niladicName('inet_client_addr()::text', 'note.hostName') },
  app_name: { arity: [0, 0], translate: niladicName("current_setting('application_name')", 'note.appName') },
  db_name: { arity: [0, 0], translate: niladicName('current_database()', 'note.dbName') },
  // strings
  len: { arity: [1, 1], translate: len },
  datalength: { arity: [1, 1], translate: datalength },
  upper: { arity: [1, 1], translate: stringFunction('upper') },
  lower: { arity: [1, 1], translate: stringFunction('lower') },
  ltrim: { arity: [1, 2], translate: stringFunction('ltrim') },
  rtrim: { arity: [1, 2], translate: stringFunction('rtrim') },
  trim: { arity: [1, 1], translate: stringFunction('btrim') },
  substring: { arity: [3, 3], translate: (t, c) => call('substring', [arg(t, c, 0).type.family === 'binary' ? arg(t, c, 0) : stringArg(t, c, 0), intArg(t, c, 1), intArg(t, c, 2)], arg(t, c, 0).type) },
  charindex: { arity: [2, 3], translate: charindex },
  patindex: { arity: [2, 2], translate: patindex },
  replace: { arity: [3, 3], translate: replace },
  left: { arity: [2, 2], translate: stringFunction('left') },
  right: { arity: [2, 2], translate: stringFunction('right') },
  reverse: { arity: [1, 1], translate: stringFunction('reverse') },
  replicate: { arity: [2, 2], translate: stringFunction('repeat') },
  space: { arity: [1, 1], translate: (t, c) => call('repeat', [atom("' '", sqlType('varchar', [1])), intArg(t, c, 0)], sqlType('varchar', ['max'])) },
  stuff: { arity: [4, 4], translate: stuff },
  concat: { arity: [2, 254], translate: concat },
  concat_ws: { arity: [3, 254], translate: concatWs },
  format: { arity: [2, 3], translate: format },
  // numbers
  abs: { arity: [1, 1], translate: sameAs('abs', 'numeric') },
  floor: { arity: [1, 1], translate: sameAs('floor', 'numeric') },
  ceiling: { arity: [1, 1], translate: sameAs('ceiling', 'numeric') },
  sign: { arity: [1, 1], translate: sameAs('sign', 'numeric') },
  sqrt: { arity: [1, 1], translate: (t, c) => call('sqrt', [t.numeric(arg(t, c, 0))], FLOAT) },
  square: { arity: [1, 1], translate: (t, c) => call('power', [castTo(t.numeric(arg(t, c, 0)), 'double precision', FLOAT), atom('2', INT)], FLOAT) },
  exp: { arity: [1, 1], translate: (t, c) => call('exp', [castTo(t.numeric(arg(t, c, 0)), 'double precision', FLOAT)], FLOAT) },
  log10: { arity: [1, 1], translate: (t, c) => call('log', [castTo(t.numeric(arg(t, c, 0)), 'double precision', FLOAT)], FLOAT) },
  log: {
    arity: [1, 2],
    translate: (t, c) => {
      const value = castTo(t.numeric(arg(t, c, 0)), 'double precision', FLOAT);
      if (c.args.length === 1) return call('ln', [value], FLOAT);
      return castTo(call('log', [castTo(t.numeric(arg(t, c, 1)), 'numeric', FLOAT), castTo(value, 'numeric', FLOAT)], FLOAT), 'double precision', FLOAT);
    },
  },
  pi: { arity: [0, 0], translate: () => atom('pi()', FLOAT) },
  power: { arity: [2, 2], translate: power },
  round: { arity: [2, 3], translate: round },
  // aggregates
  count: { arity: [1, 1], aggregate: 'aggregate', translate: aggregate('count') },
  count_big: { arity: [1, 1], aggregate: 'aggregate', translate: aggregate('count') },
  sum: { arity: [1, 1], aggregate: 'aggregate', translate: aggregate('sum') },
  avg: { arity: [1, 1], aggregate: 'aggregate', translate: aggregate('avg') },
  min: { arity: [1, 1], aggregate: 'aggregate', translate: aggregate('min') },
  max: { arity: [1, 1], aggregate: 'aggregate', translate: aggregate('max') },
  stdev: { arity: [1, 1], aggregate: 'aggregate', translate: aggregate('stddev_samp') },
  stdevp: { arity: [1, 1], aggregate: 'aggregate', translate: aggregate('stddev_pop') },
  var: { arity: [1, 1], aggregate: 'aggregate', translate: aggregate('var_samp') },
  varp: { arity: [1, 1], aggregate: 'aggregate', translate: aggregate('var_pop') },
  string_agg: { arity: [2, 2], aggregate: 'aggregate', translate: stringAgg },
  // window functions
  row_number: { arity: [0, 0], aggregate: 'window', translate: windowFunction('row_number') },
  rank: { arity: [0, 0], aggregate: 'window', translate: windowFunction('rank') },
  dense_rank: { arity: [0, 0], aggregate: 'window', translate: windowFunction('dense_rank') },
  ntile: { arity: [1, 1], aggregate: 'window', translate: windowFunction('ntile') },
  cume_dist: { arity: [0, 0], aggregate: 'window', translate: windowFunction('cume_dist') },
  percent_rank: { arity: [0, 0], aggregate: 'window', translate: windowFunction('percent_rank') },
  lag: { arity: [1, 3], aggregate: 'window', translate: windowFunction('lag') },
  lead: { arity: [1, 3], aggregate: 'window', translate: windowFunction('lead') },
  first_value: { arity: [1, 1], aggregate: 'window', translate: windowFunction('first_value') },
  last_value: { arity: [1, 1], aggregate: 'window', translate: windowFunction('last_value') },
};

export const FUNCTIONS: ReadonlyMap<string, FunctionEntry> = new Map(Object.entries(entries));
