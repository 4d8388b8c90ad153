/**
 * Translates one T-SQL expression tree to PostgreSQL text, inferring T-SQL types bottom-up so
 * operators mean what they meant in SQL Server. Semantic differences become notes (confidence
 * 'review'); what cannot be carried over is refused by name and position.
 */
import type { Expr, FullTextColumns, OrderItem, Query, WindowSpec } from './ast.js';
import { translateCast } from './casts.js';
import { FUNCTIONS } from './functions.js';
import { containsQuery, freetextQuery, fullTextPredicate, textSearchConfig, type FullTextColumn, type SearchQuery } from './fulltext.js';
import { likePattern } from './patterns.js';
import { Refusal, type Position } from './refusal.js';
import { PREC, atom, castTo, operand, type Typed } from './sql-text.js';
import { CONDITION, INT, NULL_TYPE, commonType, isDateTime, isNumeric, numericResult, sqlType, type ArithmeticOperator, type NondeterministicText, type SqlType } from './types.js';
import { quoteLiteral } from '../target/postgres/quote.js';
import { t } from '../i18n/index.js';

type Purpose = 'default' | 'check' | 'computed' | 'filter' | 'view' | 'routine';

/** How names in an expression are found: table columns for constraints, query scopes for views. */
export interface NameResolver {
  column(parts: readonly string[], pos: Position): Typed;
  /** A subquery in an expression; absent where SQL Server allows none (constraints, defaults). */
  subquery?(query: Query, pos: Position): Typed;
  /** Whether aggregates and window functions may appear (views only). */
  readonly aggregates: boolean;
  /** `@variable` and `@@function` (routines only). */
  variable?(name: string, pos: Position): Typed;
  /** A call the built-in table does not know: user functions and routine-only built-ins (routines only). */
  call?(call: Expr & { kind: 'call' }, translator: ExpressionTranslator): Typed | undefined;
  /** The full-text columns a CONTAINS or FREETEXT searches; absent where none can be (constraints, defaults). */
  fullText?(columns: FullTextColumns, pos: Position): readonly FullTextColumn[];
}


const TRUE_WORDS = new Set(['1', 'true']);
const FALSE_WORDS = new Set(['0', 'false']);

export class ExpressionTranslator {
  readonly notes = new Set<string>();
  /** For each pattern operator being translated, the nondeterministic collations its operands carry. */
  private readonly patternScopes: Set<NondeterministicText>[] = [];

  constructor(
    readonly names: NameResolver,
    readonly purpose: Purpose,
    /** The PostgreSQL type of the column a default or computed value goes into. */
    readonly targetType = '',
  ) {}

  note(text: string): void {
    this.notes.add(text);
  }

  /** Generated columns and index predicates accept only IMMUTABLE functions in PostgreSQL. */
  requireImmutable(what: string, pos: Position): void {
    if (this.purpose === 'computed' || this.purpose === 'filter') {
      throw new Refusal(t(this.purpose === 'computed' ? 'refusal.notImmutableComputed' : 'refusal.notImmutableFilter', { what }), pos);
    }
  }

  translate(expr: Expr): Typed {
    const value = this.translateNode(expr);
    const collation = value.type.nondeterministic;
    if (collation !== undefined) for (const met of this.patternScopes) met.add(collation);
    return value;
  }

  /**
   * The operands of a pattern operator (LIKE, SIMILAR TO, a regular expression, a substring
   * search), translated by `operands`. PostgreSQL refuses these on a nondeterministic collation
   * (regular expressions in every version, LIKE before 18), so when any part of an operand carries
   * one, the operands get the deterministic collation of the same language explicitly; where the
   * source collation ignored case (and `fold` allows), both sides are lower-cased, so the operator
   * accepts and rejects what SQL Server did. A literal without letters is left as it is, and needs
   * no folding.
   */
  patternOperands<const T extends readonly (() => Typed)[]>(what: string, fold: boolean, ...operands: T): { readonly [K in keyof T]: Typed } {
    const met = new Set<NondeterministicText>();
    this.patternScopes.push(met);
    let values: Typed[];
    try {
      values = operands.map((translate) => translate());
    } finally {
      this.patternScopes.pop();
    }
    const [collation] = met;
    // The same length and order as `operands`, which is what the mapped type says.
    const result = (list: Typed[]): { readonly [K in keyof T]: Typed } => list as unknown as { readonly [K in keyof T]: Typed };
    if (collation === undefined) return result(values);
    const all = [...met];
    if (all.some((c) => c.accentInsensitive)) this.note(t('note.patternAccentInsensitive', { what }));
    const caseless = (v: Typed): boolean => v.literal !== undefined && v.literal.toLowerCase() === v.literal.toUpperCase();
    // Case matters when a literal has letters, or when two computed operands meet (`col LIKE other_col`).
    const computed = values.filter((v) => v.literal === undefined).length;
    const folded = fold && all.some((c) => c.caseInsensitive) && (values.some((v) => v.literal !== undefined && !caseless(v)) || computed > 1);
    if (!fold && all.some((c) => c.caseInsensitive)) this.note(t('note.patternCaseInsensitive', { what }));
    return result(
      values.map((v) => {
        if (caseless(v) || (v.literal !== undefined && !folded)) return v;
        // The explicit collation wins over the column's: the result is deterministic.
        const type: SqlType = { ...v.type, nondeterministic: undefined };
        const collated = `${operand(v, PREC.atom)} COLLATE ${collation.pattern}`;
        return folded ? atom(`lower(${collated})`, type) : { sql: collated, prec: PREC.unary, type };
      }),
    );
  }

  private translateNode(expr: Expr): Typed {
    switch (expr.kind) {
      case 'number':
        return numberLiteral(expr.text);
      case 'string':
        return { sql: quoteLiteral(expr.value), prec: PREC.atom, type: sqlType(expr.national ? 'nvarchar' : 'varchar', [Math.max(expr.value.length, 1)]), literal: expr.value };
      case 'binaryLiteral':
        return atom(`CAST('\\x${expr.hex}' AS bytea)`, sqlType('varbinary', [Math.max(expr.hex.length / 2, 1)]));
      case 'null':
        return atom('NULL', NULL_TYPE);
      case 'column':
        return this.names.column(expr.parts, expr.pos);
      case 'variable':
        if (this.names.variable === undefined) throw new Refusal(t(expr.name.startsWith('@@') ? 'refusal.systemFunction' : 'refusal.variable', { name: expr.name }), expr.pos);
        return this.names.variable(expr.name, expr.pos);
      case 'star':
        throw new Refusal(t('refusal.starOutsideSelect'), expr.pos);
      case 'unary':
        return this.unary(expr.op, expr.operand, expr.pos);
      case 'binary':
        return this.binary(expr.op, expr.left, expr.right, expr.pos);
      case 'like':
        return this.like(expr);
      case 'between': {
        const subject = this.translate(expr.subject);
        const [low, high] = [expr.low, expr.high].map((bound) => this.coerceTo(subject, bound));
        if (low === undefined || high === undefined) throw new Refusal('BETWEEN', expr.pos);
        this.noteComparison(subject, low, expr.pos);
        return { sql: `${operand(subject, PREC.other)} ${expr.negated ? 'NOT ' : ''}BETWEEN ${operand(low, PREC.other)} AND ${operand(high, PREC.other)}`, prec: PREC.like, type: CONDITION };
      }
      case 'in': {
        const subject = this.translate(expr.subject);
        const list = expr.list.map((item) => this.coerceTo(subject, item));
        for (const item of list) this.noteComparison(subject, item, expr.pos);
        return { sql: `${operand(subject, PREC.other)} ${expr.negated ? 'NOT ' : ''}IN (${list.map((i) => i.sql).join(', ')})`, prec: PREC.like, type: CONDITION };
      }
      case 'inQuery': {
        const subject = this.translate(expr.subject);
        const query = this.subquery(expr.query, expr.pos, t('refusal.inSubquery'));
        return { sql: `${operand(subject, PREC.other)} ${expr.negated ? 'NOT ' : ''}IN ${query.sql}`, prec: PREC.like, type: CONDITION };
      }
      case 'isNull': {
        const subject = this.translate(expr.subject);
        return { sql: `${operand(subject, PREC.is + 1)} IS ${expr.negated ? 'NOT ' : ''}NULL`, prec: PREC.is, type: CONDITION };
      }
      case 'exists':
        return atom(`EXISTS ${this.subquery(expr.query, expr.pos, t('refusal.existsSubquery')).sql}`, CONDITION);
      case 'subquery':
        return this.subquery(expr.query, expr.pos, t('refusal.subquery'));
      case 'case':
        return this.caseExpression(expr);
      case 'cast':
        return translateCast(this, expr);
      case 'call':
        return this.call(expr);
      case 'fullText':
        return this.fullText(expr);
    }
  }

  /** CONTAINS / FREETEXT: the columns' search vectors matched against the condition's tsquery, for review. */
  private fullText(expr: Expr & { kind: 'fullText' }): Typed {
    if (this.names.fullText === undefined) throw new Refusal(t('refusal.outsideQuery', { name: expr.fn }), expr.pos);
    const columns = this.names.fullText(expr.columns, expr.pos);
    const query = this.fullTextSearch(expr.fn === 'CONTAINS' ? containsQuery : freetextQuery, expr.search);
    return atom(fullTextPredicate(columns, query, this.fullTextLanguage(expr.language)), CONDITION);
  }

  /** A search condition as tsquery text: a string literal, parsed; anything else is refused (a variable is, by the parser). */
  fullTextSearch(parse: (text: string, pos: Position) => SearchQuery, search: Expr): SearchQuery {
    if (search.kind !== 'string') throw new Refusal(t('refusal.fullTextNotLiteral'), search.pos);
    const query = parse(search.value, search.pos);
    for (const note of query.notes) this.note(note);
    return query;
  }

  /** LANGUAGE of a full-text search: an LCID (1049) or a language name ('Russian'), as a text search configuration. */
  fullTextLanguage(language: Expr | undefined): string | undefined {
    if (language === undefined) return undefined;
    const value = language.kind === 'number' ? language.text : language.kind === 'string' ? language.value : undefined;
    if (value === undefined) throw new Refusal(t('refusal.languageNotLiteral'), language.pos);
    if (/^(0x[0-9a-f]+|\d+)$/i.test(value.trim())) {
      const { config, exact } = textSearchConfig(Number(value.trim()));
      if (!exact) this.note(t('note.languageNoConfig', { language: value }));
      return config;
    }
    const name = value.trim().toLowerCase();
    if (!/^[a-z]+$/.test(name)) throw new Refusal(`LANGUAGE ${value}`, language.pos);
    this.note(t('note.languageConfig', { language: value, config: name }));
    return name;
  }

  /** Translates a value that must be a predicate (CHECK, WHERE, ON, WHEN). */
  condition(expr: Expr): Typed {
    const value = this.translate(expr);
    if (value.type.family !== 'condition' && value.type.booleanColumn !== true && value.type.family !== 'null') throw new Refusal(t('refusal.valueNotCondition'), expr.pos);
    return value;
  }

  /** A numeric operand: bit columns stored as boolean read as 0/1 again. */
  numeric(value: Typed): Typed {
    if (value.type.booleanColumn === true) return castTo(value, 'integer', sqlType('int'));
    return value;
  }

  /** A value as text, the way SQL Server converts it implicitly; formats that differ are refused or noted. */
  text(value: Typed, pos: Position): Typed {
    const type = value.type;
    if (type.family === 'string' || type.family === 'null') return value;
    if (type.family === 'integer' || type.family === 'decimal') return castTo(value, 'text', sqlType('varchar', [40]));
    if (type.booleanColumn === true) return castTo(castTo(value, 'integer', INT), 'text', sqlType('varchar', [1]));
    if (type.family === 'uuid') return atom(`upper(CAST(${value.sql} AS text))`, sqlType('varchar', [36]));
    if (type.family === 'date') {
      this.requireImmutable(t('refusal.what.dateToText'), pos);
      return castTo(value, 'text', sqlType('varchar', [10]));
    }
    if (type.family === 'float') {
      this.note(t('note.floatToString'));
      return castTo(value, 'text', sqlType('varchar', [30]));
    }
    throw new Refusal(t('refusal.implicitToString', { type: type.name }), pos);
  }

  /** A date/time operand; strings convert implicitly in T-SQL, here explicitly. */
  dateTime(value: Typed, pos: Position): Typed {
    if (isDateTime(value.type) || value.type.family === 'time' || value.type.family === 'null') return value;
    if (value.type.family === 'string') {
      if (value.literal === undefined) this.note(t('note.dateString'));
      return castTo(value, 'timestamp(3)', sqlType('datetime'));
    }
    throw new Refusal(t('refusal.usedAsDate', { type: value.type.name }), pos);
  }

  /** The text of a string literal argument (date parts, formats, patterns). */
  literalText(expr: Expr, what: string): string {
    if (expr.kind === 'string') return expr.value;
    throw new Refusal(t('refusal.notStringLiteral', { what }), expr.pos);
  }

  private subquery(query: Query, pos: Position, what: string): Typed {
    if (this.names.subquery === undefined) throw new Refusal(what, pos);
    return this.names.subquery(query, pos);
  }

  private unary(op: '-' | '+' | '~' | 'NOT', inner: Expr, pos: Position): Typed {
    if (op === 'NOT') {
      const value = this.condition(inner);
      return { sql: `NOT ${operand(value, PREC.not)}`, prec: PREC.not, type: CONDITION };
    }
    const value = this.numeric(this.translate(inner));
    if (!isNumeric(value.type) && value.type.family !== 'null') throw new Refusal(t('refusal.unaryOn', { operator: op, type: value.type.name }), pos);
    if (op === '+') return value;
    if (op === '~' && value.type.family !== 'integer') throw new Refusal(t('refusal.operatorOn', { operator: '~', type: value.type.name }), pos);
    // Parenthesize anything that is not an atom: `- -1` would print as the comment `--1`.
    return { sql: `${op}${operand(value, PREC.atom)}`, prec: PREC.unary, type: value.type };
  }

  private binary(op: string, leftExpr: Expr, rightExpr: Expr, pos: Position): Typed {
    if (op === 'AND' || op === 'OR') {
      const prec = op === 'AND' ? PREC.and : PREC.or;
      const left = this.condition(leftExpr);
      const right = this.condition(rightExpr);
      return { sql: `${operand(left, prec)} ${op} ${operand(right, prec)}`, prec, type: CONDITION };
    }
    if (['=', '<>', '<', '>', '<=', '>='].includes(op)) return this.comparison(op, leftExpr, rightExpr, pos);
    const left = this.translate(leftExpr);
    const right = this.translate(rightExpr);
    const stringy = (t: SqlType): boolean => t.family === 'string' || t.family === 'null';
    if (op === '+' && stringy(left.type) && stringy(right.type) && (left.type.family === 'string' || right.type.family === 'string')) {
      // 'a' + NULL is NULL in T-SQL (CONCAT_NULL_YIELDS_NULL) and 'a' || NULL is NULL in PostgreSQL.
      const national = left.type.name.startsWith('n') || right.type.name.startsWith('n');
      return { sql: `${operand(left, PREC.other)} || ${operand(right, PREC.other + 1)}`, prec: PREC.other, type: sqlType(national ? 'nvarchar' : 'varchar', ['max']) };
    }
    if ((op === '+' || op === '-') && (left.type.name === 'datetime' || left.type.name === 'smalldatetime') && isNumeric(right.type)) {
      // datetime ± n adds days in T-SQL (datetime only; date and datetime2 refuse it there too).
      return { sql: `${operand(left, PREC.additive)} ${op} ${operand(this.numeric(right), PREC.multiplicative)} * interval '1 day'`, prec: PREC.additive, type: left.type };
    }
    const known = (t: SqlType): boolean => isNumeric(t) || t.booleanColumn === true || t.family === 'null';
    if (!known(left.type) || !known(right.type)) {
      if (op === '+' && (left.type.family === 'unknown' || right.type.family === 'unknown')) throw new Refusal(t('refusal.plusUnknown'), pos);
      throw new Refusal(t('refusal.operatorBetween', { operator: op, left: left.type.name, right: right.type.name }), pos);
    }
    let l = this.numeric(left);
    let r = this.numeric(right);
    const arithmetic = ['+', '-', '*', '/', '%'].includes(op) ? (op as ArithmeticOperator) : '+';
    const type = l.type.family === 'null' || r.type.family === 'null' ? (l.type.family === 'null' ? r.type : l.type) : numericResult(arithmetic, l.type, r.type);
    if (type.name === 'real') {
      // PostgreSQL would widen to double precision; T-SQL computes in 4-byte floats, and so must the translation.
      if (l.type.name !== 'real') l = castTo(l, 'real', type);
      if (r.type.name !== 'real') r = castTo(r, 'real', type);
    }
    switch (op) {
      case '+':
      case '-':
        return { sql: `${operand(l, PREC.additive)} ${op} ${operand(r, PREC.additive + 1)}`, prec: PREC.additive, type };
      case '*':
      case '/':
      case '%':
        if (op === '%' && type.family === 'float') throw new Refusal(t('refusal.floatModulo'), pos);
        if (op === '/' && type.family === 'decimal') {
          this.note(t('note.decimalDivision'));
        }
        return { sql: `${operand(l, PREC.multiplicative)} ${op} ${operand(r, PREC.multiplicative + 1)}`, prec: PREC.multiplicative, type };
      case '&':
      case '|':
      case '^':
        if (type.family !== 'integer') throw new Refusal(t('refusal.bitwiseOn', { operator: op, type: type.name }), pos);
        return { sql: `${operand(l, PREC.other)} ${op === '^' ? '#' : op} ${operand(r, PREC.other + 1)}`, prec: PREC.other, type };
      default:
        throw new Refusal(t('refusal.operator', { operator: op }), pos);
    }
  }

  /** Translates `expr` to compare with `subject`: 0/1 against a boolean-mapped bit column become false/true. */
  coerceTo(subject: Typed, expr: Expr): Typed {
    if (subject.type.booleanColumn === true) {
      const literal = expr.kind === 'number' || expr.kind === 'string' ? (expr.kind === 'number' ? expr.text : expr.value).toLowerCase() : undefined;
      if (literal !== undefined && TRUE_WORDS.has(literal)) return atom('true', subject.type);
      if (literal !== undefined && FALSE_WORDS.has(literal)) return atom('false', subject.type);
    }
    return this.translate(expr);
  }

  private comparison(op: string, leftExpr: Expr, rightExpr: Expr, pos: Position): Typed {
    let left = this.translate(leftExpr);
    let right = this.coerceTo(left, rightExpr);
    if (right.type.booleanColumn === true && left.type.booleanColumn !== true) left = this.coerceTo(right, leftExpr);
    // A boolean column against another number: compare as 0/1, as SQL Server does.
    if (left.type.booleanColumn === true && right.type.booleanColumn !== true) left = this.numeric(left);
    if (right.type.booleanColumn === true && left.type.booleanColumn !== true) right = this.numeric(right);
    [left, right] = [this.implicit(left, right, pos), this.implicit(right, left, pos)];
    this.noteComparison(left, right, pos);
    return { sql: `${operand(left, PREC.comparison + 1)} ${op} ${operand(right, PREC.comparison + 1)}`, prec: PREC.comparison, type: CONDITION };
  }

  /** A non-literal string compared with a number or date converts to the other side's type in T-SQL. */
  private implicit(value: Typed, other: Typed, pos: Position): Typed {
    if (value.type.family !== 'string' || value.literal !== undefined) return value;
    if (isNumeric(other.type)) {
      this.note(t('note.stringComparedWithNumber'));
      return castTo(value, other.type.family === 'integer' ? (other.type.name === 'bigint' ? 'bigint' : 'integer') : other.type.family === 'float' ? 'double precision' : 'numeric', other.type);
    }
    if (isDateTime(other.type)) return this.dateTime(value, pos);
    return value;
  }

  noteComparison(left: Typed, right: Typed, _pos: Position): void {
    if (left.type.family === 'string' && right.type.family === 'string') this.note(t('note.collation'));
  }

  private like(expr: Expr & { kind: 'like' }): Typed {
    const subject = (): Typed => {
      const value = this.translate(expr.subject);
      return value.type.family === 'string' ? value : this.text(value, expr.pos);
    };
    this.note(t('note.collation'));
    const escape = expr.escape === undefined ? undefined : this.literalText(expr.escape, 'LIKE ESCAPE');
    const not = expr.negated ? 'NOT ' : '';
    if (expr.pattern.kind === 'string') {
      const pattern = likePattern(expr.pattern.value, escape, expr.pattern.pos);
      const literal: Typed = { sql: quoteLiteral(pattern.pattern), prec: PREC.atom, type: sqlType('nvarchar', ['max']), literal: pattern.pattern };
      const [left, right] = this.patternOperands(pattern.operator, true, subject, () => literal);
      return { sql: `${operand(left, PREC.other)} ${not}${pattern.operator} ${operand(right, PREC.other)}`, prec: PREC.like, type: CONDITION };
    }
    if (escape !== undefined) throw new Refusal(t('refusal.likeEscapeComputed'), expr.pos);
    const [left, right] = this.patternOperands('LIKE', true, subject, () => this.text(this.translate(expr.pattern), expr.pos));
    this.note(t('note.likeComputedPattern'));
    // T-SQL has no escape character by default; PostgreSQL's is the backslash.
    return { sql: `${operand(left, PREC.other)} ${not}LIKE ${operand(right, PREC.other)} ESCAPE ''`, prec: PREC.like, type: CONDITION };
  }

  private caseExpression(expr: Expr & { kind: 'case' }): Typed {
    const subject = expr.operand === undefined ? undefined : this.translate(expr.operand);
    const whens = expr.whens.map(({ when, then }) => {
      const test = subject === undefined ? this.condition(when) : this.coerceTo(subject, when);
      if (subject !== undefined) this.noteComparison(subject, test, when.pos);
      return { test, result: this.translate(then) };
    });
    const otherwise = expr.otherwise === undefined ? undefined : this.translate(expr.otherwise);
    const results = [...whens.map((w) => w.result), ...(otherwise === undefined ? [] : [otherwise])];
    const parts = [
      'CASE',
      ...(subject === undefined ? [] : [subject.sql]),
      ...whens.map((w) => `WHEN ${w.test.sql} THEN ${w.result.sql}`),
      ...(otherwise === undefined ? [] : [`ELSE ${otherwise.sql}`]),
      'END',
    ];
    return atom(parts.join(' '), commonType(results.map((r) => r.type)));
  }

  private call(expr: Expr & { kind: 'call' }): Typed {
    const name = expr.name.toLowerCase();
    const entry = FUNCTIONS.get(name);
    const special = entry === undefined ? this.names.call?.(expr, this) : undefined;
    if (special !== undefined) return special;
    if (entry === undefined) {
      throw new Refusal(expr.name.includes('.') ? t('refusal.userFunction', { name: expr.name }) : t('refusal.function', { name: expr.name.toUpperCase() }), expr.pos);
    }
    if (entry.aggregate !== undefined && !this.names.aggregates) throw new Refusal(t(entry.aggregate === 'window' ? 'refusal.windowFunction' : 'refusal.aggregateFunction', { name: expr.name.toUpperCase() }), expr.pos);
    if (entry.aggregate === 'window' && expr.over === undefined) throw new Refusal(t('refusal.withoutOver', { name: expr.name.toUpperCase() }), expr.pos);
    const [min, max] = entry.arity;
    if (expr.args.length < min || expr.args.length > max) throw new Refusal(t('refusal.argumentCount', { name: expr.name.toUpperCase(), count: expr.args.length }), expr.pos);
    if (expr.distinct && entry.aggregate !== 'aggregate') throw new Refusal(t('refusal.distinctIn', { name: expr.name.toUpperCase() }), expr.pos);
    if (expr.withinGroup !== undefined && name !== 'string_agg') throw new Refusal(t('refusal.withinGroupIn', { name: expr.name.toUpperCase() }), expr.pos);
    const result = entry.translate(this, expr);
    if (expr.over === undefined) return result;
    if (entry.aggregate === undefined) throw new Refusal(t('refusal.overOn', { name: expr.name.toUpperCase() }), expr.pos);
    return atom(`${result.sql} OVER (${this.window(expr.over)})`, result.type);
  }

  private window(spec: WindowSpec): string {
    const parts: string[] = [];
    if (spec.partitionBy.length > 0) parts.push(`PARTITION BY ${spec.partitionBy.map((e) => this.translate(e).sql).join(', ')}`);
    if (spec.orderBy.length > 0) parts.push(`ORDER BY ${this.orderBy(spec.orderBy)}`);
    if (spec.frame !== undefined) parts.push(spec.frame);
    return parts.join(' ');
  }

  /** ORDER BY items; NULLs sort first ascending in SQL Server and last in PostgreSQL, so it is spelled out. */
  orderBy(items: readonly OrderItem[], resolve: (expr: Expr) => Typed = (e) => this.translate(e)): string {
    return items.map((item) => `${resolve(item.expr).sql} ${item.descending ? 'DESC NULLS LAST' : 'ASC NULLS FIRST'}`).join(', ');
  }
}

function numberLiteral(text: string): Typed {
  if (/e/i.test(text)) return atom(`CAST(${text} AS double precision)`, sqlType('float'));
  if (text.includes('.')) {
    const [whole = '', fraction = ''] = text.split('.');
    const digits = whole.replace(/^0+/, '').length + fraction.length;
    return atom(text, sqlType('decimal', [Math.max(digits, 1), fraction.length]));
  }
  const value = BigInt(text);
  // T-SQL types integer literals beyond int as decimal(p,0).
  if (value > 2147483647n) return atom(text, sqlType('decimal', [text.length, 0]));
  return atom(text, { ...INT, precision: Math.max(value.toString().length, 1) });
}

