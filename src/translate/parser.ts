/**
 * Recursive-descent parser for the T-SQL subset that defaults, checks, computed columns, index
 * filters and views use. Operators are parsed with T-SQL precedence (binding powers below); the
 * printer re-parenthesizes for PostgreSQL, so parentheses in the source are not kept.
 * Constructs outside the subset are refused by name and position.
 */
import type { CommonTableExpression, Expr, FullTextColumns, OrderItem, Query, QueryBody, Select, SelectItem, TableSource, Top, TypeName, ViewDefinition, WindowSpec } from './ast.js';
import { tokenize, type Token } from './lexer.js';
import { Refusal, type Position } from './refusal.js';
import { t } from '../i18n/index.js';

// T-SQL binding powers: OR < AND < NOT < comparisons < + - & | ^ < * / % < unary.
const BP = { or: 1, and: 2, not: 3, comparison: 4, additive: 5, multiplicative: 6 } as const;

const COMPARISONS: Readonly<Record<string, string>> = { '=': '=', '<>': '<>', '!=': '<>', '<': '<', '>': '>', '<=': '<=', '>=': '>=', '!<': '>=', '!>': '<=' };
const ADDITIVE = new Set(['+', '-', '&', '|', '^']);
const MULTIPLICATIVE = new Set(['*', '/', '%']);

/** Words that end an expression or a name list; never taken as an alias. */
const RESERVED = new Set(
  `all and any apply as asc between by case collate cross desc distinct else end escape except exists fetch for from full group having
in inner intersect into is join left like not null offset on option or order outer over pivot right select some table tablesample
then top union unpivot when where with`.split(/\s+/),
);

/** Words that start or end a statement in a routine body (T-SQL reserves them): never a name or an alias there. */
const STATEMENT_WORDS = new Set(
  `begin break close commit continue deallocate declare delete else end exec execute fetch goto if insert merge open print raiserror return
rollback save set throw truncate update waitfor while`.split(/\s+/),
);

const NILADIC = new Set(['current_timestamp', 'current_user', 'session_user', 'system_user', 'user']);
const ROWSET_FUNCTIONS = new Set(['openquery', 'openrowset', 'opendatasource', 'openjson', 'openxml']);

export function describe(token: Token): string {
  switch (token.kind) {
    case 'eof':
      return t('refusal.token.end');
    case 'string':
      return t('refusal.token.string');
    case 'binary':
      return t('refusal.token.binary');
    case 'quotedIdent':
      return t('refusal.token.name', { name: token.text });
    default:
      return `'${token.text}'`;
  }
}

export interface ParserOptions {
  /** Routine bodies: `@variables`, `@@functions`, `SELECT @v = ...`, `SELECT ... INTO #t` and table variables are parsed, not refused. */
  readonly routine?: boolean;
}

export class Parser {
  protected index = 0;
  protected readonly tokens: Token[];
  protected readonly routine: boolean;

  constructor(text: string, options: ParserOptions = {}) {
    this.tokens = tokenize(text);
    this.routine = options.routine === true;
  }

  // ---- entry points

  /** A standalone expression (default, check, computed column, filter): the whole text. */
  parseStandaloneExpression(): Expr {
    const expr = this.expression();
    this.expectEnd();
    return expr;
  }

  /** CREATE [OR ALTER] VIEW name [(columns)] [WITH options] AS query [WITH CHECK OPTION] [;] */
  parseViewDefinition(): ViewDefinition {
    this.expectWord('create');
    if (this.acceptWord('or')) this.expectWord('alter');
    this.expectWord('view');
    this.multipartName();
    const columns = this.peekSymbol('(') ? this.nameList() : undefined;
    const options: string[] = [];
    if (this.acceptWord('with')) {
      do options.push(this.identifier().toUpperCase());
      while (this.acceptSymbol(','));
    }
    this.expectWord('as');
    const query = this.query();
    let checkOption = false;
    if (this.acceptWord('with')) {
      this.expectWord('check');
      this.expectWord('option');
      checkOption = true;
    }
    this.acceptSymbol(';');
    this.expectEnd();
    return { ...(columns === undefined ? {} : { columns }), options, query, checkOption };
  }

  // ---- token helpers

  protected peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)] ?? { kind: 'eof', pos: { line: 1, col: 1 } };
  }

  protected next(): Token {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index++;
    return token;
  }

  protected isWord(token: Token, ...words: string[]): boolean {
    return token.kind === 'word' && words.includes(token.text.toLowerCase());
  }

  protected peekWord(...words: string[]): boolean {
    return this.isWord(this.peek(), ...words);
  }

  protected acceptWord(...words: string[]): boolean {
    if (!this.peekWord(...words)) return false;
    this.next();
    return true;
  }

  protected expectWord(word: string): void {
    if (!this.acceptWord(word)) throw this.unexpected(t('refusal.expected', { what: word.toUpperCase() }));
  }

  protected peekSymbol(symbol: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'symbol' && token.text === symbol;
  }

  protected acceptSymbol(symbol: string): boolean {
    if (!this.peekSymbol(symbol)) return false;
    this.next();
    return true;
  }

  protected expectSymbol(symbol: string): void {
    if (!this.acceptSymbol(symbol)) throw this.unexpected(t('refusal.expected', { what: `'${symbol}'` }));
  }

  protected expectEnd(): void {
    if (this.peek().kind !== 'eof') throw this.unexpected(t('refusal.expectedEnd'));
  }

  protected unexpected(expectation: string): Refusal {
    const token = this.peek();
    const tail = this.queryTail();
    if (tail !== undefined) return tail;
    return new Refusal(t('refusal.unexpected', { token: describe(token), expectation }), token.pos);
  }

  protected isIdentifier(token: Token): boolean {
    if (token.kind === 'quotedIdent') return true;
    if (token.kind !== 'word') return false;
    const word = token.text.toLowerCase();
    return !RESERVED.has(word) && !(this.routine && STATEMENT_WORDS.has(word));
  }

  protected identifier(): string {
    const token = this.peek();
    if ((token.kind === 'word' || token.kind === 'quotedIdent') && this.isIdentifier(token)) {
      this.next();
      return token.text;
    }
    throw this.unexpected(t('refusal.expectedName'));
  }

  protected multipartName(): string[] {
    const parts = [this.identifier()];
    while (this.acceptSymbol('.')) parts.push(this.peekSymbol('.') ? '' : this.identifier());
    return parts;
  }

  protected nameList(): string[] {
    this.expectSymbol('(');
    const names: string[] = [];
    do names.push(this.identifier());
    while (this.acceptSymbol(','));
    this.expectSymbol(')');
    return names;
  }

  protected refuseSpecial(token: Token): void {
    if (token.kind === 'variable' && !this.routine) throw new Refusal(t(token.text.startsWith('@@') ? 'refusal.systemFunction' : 'refusal.variable', { name: token.text }), token.pos);
    if (token.kind === 'money') throw new Refusal(t('refusal.moneyLiteral', { literal: token.text }), token.pos);
    if (token.kind === 'symbol' && token.text === '::') throw new Refusal(t('refusal.staticMethod'), token.pos);
  }

  // ---- expressions

  expression(minBp = 0): Expr {
    let left = this.prefix();
    for (;;) {
      const token = this.peek();
      this.refuseSpecial(token);
      const pos = token.pos;
      if (this.isWord(token, 'or') && BP.or > minBp) {
        this.next();
        left = { kind: 'binary', op: 'OR', left, right: this.expression(BP.or), pos };
      } else if (this.isWord(token, 'and') && BP.and > minBp) {
        this.next();
        left = { kind: 'binary', op: 'AND', left, right: this.expression(BP.and), pos };
      } else if (BP.comparison > minBp && token.kind === 'symbol' && token.text in COMPARISONS) {
        this.next();
        const right = this.peekWord('any', 'some', 'all') ? this.quantified() : this.expression(BP.comparison);
        left = { kind: 'binary', op: COMPARISONS[token.text] ?? token.text, left, right, pos };
      } else if (BP.comparison > minBp && this.isWord(token, 'is')) {
        this.next();
        const negated = this.acceptWord('not');
        this.expectWord('null');
        left = { kind: 'isNull', negated, subject: left, pos };
      } else if (BP.comparison > minBp && (this.isWord(token, 'like', 'in', 'between') || (this.isWord(token, 'not') && this.isWord(this.peek(1), 'like', 'in', 'between')))) {
        const negated = this.acceptWord('not');
        left = this.predicate(left, negated, pos);
      } else if (BP.additive > minBp && token.kind === 'symbol' && ADDITIVE.has(token.text)) {
        this.next();
        left = { kind: 'binary', op: token.text, left, right: this.expression(BP.additive), pos };
      } else if (BP.multiplicative > minBp && token.kind === 'symbol' && MULTIPLICATIVE.has(token.text)) {
        this.next();
        left = { kind: 'binary', op: token.text, left, right: this.expression(BP.multiplicative), pos };
      } else if (this.isWord(token, 'collate')) {
        throw new Refusal(t('refusal.collateClause'), pos);
      } else if (token.kind === 'symbol' && ['+=', '-=', '*=', '/='].includes(token.text)) {
        throw new Refusal(t('refusal.compoundOperator', { operator: token.text }), pos);
      } else {
        return left;
      }
    }
  }

  private quantified(): Expr {
    const token = this.next();
    throw new Refusal(t('refusal.quantified', { quantifier: token.kind === 'word' ? token.text.toUpperCase() : '' }), token.pos);
  }

  private predicate(subject: Expr, negated: boolean, pos: Position): Expr {
    if (this.acceptWord('like')) {
      const pattern = this.expression(BP.comparison);
      const escape = this.acceptWord('escape') ? this.expression(BP.comparison) : undefined;
      return { kind: 'like', negated, subject, pattern, ...(escape === undefined ? {} : { escape }), pos };
    }
    if (this.acceptWord('between')) {
      const low = this.expression(BP.comparison);
      this.expectWord('and');
      const high = this.expression(BP.comparison);
      return { kind: 'between', negated, subject, low, high, pos };
    }
    this.expectWord('in');
    this.expectSymbol('(');
    if (this.peekWord('select', 'with')) {
      const query = this.query();
      this.expectSymbol(')');
      return { kind: 'inQuery', negated, subject, query, pos };
    }
    const list = this.expressionList();
    this.expectSymbol(')');
    return { kind: 'in', negated, subject, list, pos };
  }

  protected expressionList(): Expr[] {
    const list: Expr[] = [];
    do list.push(this.expression());
    while (this.acceptSymbol(','));
    return list;
  }

  private prefix(): Expr {
    const token = this.peek();
    const pos = token.pos;
    this.refuseSpecial(token);
    switch (token.kind) {
      case 'number':
        this.next();
        return { kind: 'number', text: token.text, pos };
      case 'string':
        this.next();
        return { kind: 'string', value: token.text, national: token.national, pos };
      case 'binary':
        this.next();
        return { kind: 'binaryLiteral', hex: token.hex, pos };
      case 'variable':
        this.next();
        return { kind: 'variable', name: token.text.toLowerCase(), pos };
      case 'symbol':
        return this.symbolPrefix(token.text, pos);
      case 'word':
      case 'quotedIdent':
        return this.namePrefix(token);
      default:
        throw this.unexpected(t('refusal.expectedExpression'));
    }
  }

  private symbolPrefix(symbol: string, pos: Position): Expr {
    if (symbol === '(') {
      this.next();
      if (this.peekWord('select', 'with')) {
        const query = this.query();
        this.expectSymbol(')');
        return { kind: 'subquery', query, pos };
      }
      const inner = this.expression();
      this.expectSymbol(')');
      return inner;
    }
    if (symbol === '-' || symbol === '+' || symbol === '~') {
      this.next();
      return { kind: 'unary', op: symbol, operand: this.expression(BP.multiplicative), pos };
    }
    throw this.unexpected(t('refusal.expectedExpression'));
  }

  private namePrefix(token: Token & { kind: 'word' | 'quotedIdent' }): Expr {
    const pos = token.pos;
    if (token.kind === 'word') {
      const word = token.text.toLowerCase();
      if (word === 'null') {
        this.next();
        return { kind: 'null', pos };
      }
      if (word === 'not') {
        this.next();
        return { kind: 'unary', op: 'NOT', operand: this.expression(BP.not), pos };
      }
      if (word === 'case') return this.caseExpression();
      if (word === 'exists') {
        this.next();
        this.expectSymbol('(');
        const query = this.query();
        this.expectSymbol(')');
        return { kind: 'exists', query, pos };
      }
      if (['cast', 'try_cast', 'convert', 'try_convert'].includes(word) && this.peekSymbol('(', 1)) return this.castExpression(word.toUpperCase() as 'CAST' | 'TRY_CAST' | 'CONVERT' | 'TRY_CONVERT');
      if ((word === 'contains' || word === 'freetext') && this.peekSymbol('(', 1)) return this.fullTextPredicate(word === 'contains' ? 'CONTAINS' : 'FREETEXT');
      if (word === 'next' && this.isWord(this.peek(1), 'value')) throw new Refusal(t('refusal.nextValueFor'), pos);
      if (NILADIC.has(word) && !this.peekSymbol('(', 1)) {
        this.next();
        return { kind: 'call', name: word, args: [], distinct: false, pos };
      }
      // LEFT and RIGHT are join keywords and string functions.
      if (RESERVED.has(word) && !((word === 'left' || word === 'right') && this.peekSymbol('(', 1))) throw this.unexpected(t('refusal.expectedExpression'));
    }
    let first: string;
    if (token.kind === 'word' && this.peekSymbol('(', 1)) {
      this.next();
      first = token.text;
    } else first = this.identifier();
    const parts = [first];
    while (this.acceptSymbol('.')) {
      if (this.peekSymbol('*')) {
        this.next();
        return { kind: 'star', qualifier: parts, pos };
      }
      parts.push(this.identifier());
    }
    this.refuseSpecial(this.peek());
    if (this.peekSymbol('(')) return this.call(parts, pos);
    return { kind: 'column', parts, pos };
  }

  private caseExpression(): Expr {
    const pos = this.next().pos;
    const operand = this.peekWord('when') ? undefined : this.expression();
    const whens: { when: Expr; then: Expr }[] = [];
    while (this.acceptWord('when')) {
      const when = this.expression();
      this.expectWord('then');
      whens.push({ when, then: this.expression() });
    }
    if (whens.length === 0) throw this.unexpected(t('refusal.expected', { what: 'WHEN' }));
    const otherwise = this.acceptWord('else') ? this.expression() : undefined;
    this.expectWord('end');
    return { kind: 'case', ...(operand === undefined ? {} : { operand }), whens, ...(otherwise === undefined ? {} : { otherwise }), pos };
  }

  /** `CONTAINS(column | (column, ...) | *, search [, LANGUAGE language])`, FREETEXT alike. */
  private fullTextPredicate(fn: 'CONTAINS' | 'FREETEXT'): Expr {
    const pos = this.next().pos;
    this.expectSymbol('(');
    const columns = this.fullTextColumns();
    this.expectSymbol(',');
    const search = this.expression();
    const language = this.acceptSymbol(',') ? this.fullTextLanguage() : undefined;
    this.expectSymbol(')');
    return { kind: 'fullText', fn, columns, search, ...(language === undefined ? {} : { language }), pos };
  }

  private fullTextColumns(): FullTextColumns {
    if (this.acceptSymbol('*')) return 'all';
    if (this.peekWord('property') && this.peekSymbol('(', 1)) throw new Refusal(t('refusal.fullTextProperty'), this.peek().pos);
    if (!this.acceptSymbol('(')) return [this.multipartName()];
    const columns: string[][] = [];
    do columns.push(this.multipartName());
    while (this.acceptSymbol(','));
    this.expectSymbol(')');
    return columns;
  }

  private fullTextLanguage(): Expr {
    this.expectWord('language');
    return this.expression();
  }

  private castExpression(fn: 'CAST' | 'TRY_CAST' | 'CONVERT' | 'TRY_CONVERT'): Expr {
    const pos = this.next().pos;
    this.expectSymbol('(');
    if (fn === 'CAST' || fn === 'TRY_CAST') {
      const operand = this.expression();
      this.expectWord('as');
      const type = this.typeName();
      this.expectSymbol(')');
      return { kind: 'cast', fn, operand, type, pos };
    }
    const type = this.typeName();
    this.expectSymbol(',');
    const operand = this.expression();
    const style = this.acceptSymbol(',') ? this.expression() : undefined;
    this.expectSymbol(')');
    return { kind: 'cast', fn, operand, type, ...(style === undefined ? {} : { style }), pos };
  }

  typeName(): TypeName {
    const pos = this.peek().pos;
    const parts = this.multipartName();
    let name = (parts[parts.length - 1] ?? '').toLowerCase();
    if (name === 'double' && this.acceptWord('precision')) name = 'float';
    const args: (number | 'max')[] = [];
    if (this.acceptSymbol('(')) {
      do {
        const token = this.next();
        if (token.kind === 'number' && /^\d+$/.test(token.text)) args.push(Number(token.text));
        else if (this.isWord(token, 'max')) args.push('max');
        else throw new Refusal(t('refusal.typeArgument', { token: describe(token) }), token.pos);
      } while (this.acceptSymbol(','));
      this.expectSymbol(')');
    }
    if (parts.length > 1 && !(parts.length === 2 && (parts[0] ?? '').toLowerCase() === 'sys')) throw new Refusal(t('refusal.userType', { name: parts.join('.') }), pos);
    return { name, args, pos };
  }

  private call(parts: string[], pos: Position): Expr {
    this.expectSymbol('(');
    const name = parts.join('.');
    const distinct = this.acceptWord('distinct');
    let args: Expr[] = [];
    if (this.peekSymbol('*')) {
      args = [{ kind: 'star', qualifier: [], pos: this.next().pos }];
    } else if (!this.peekSymbol(')')) {
      args = this.expressionList();
    }
    this.expectSymbol(')');
    let withinGroup: OrderItem[] | undefined;
    if (this.peekWord('within')) {
      this.next();
      this.expectWord('group');
      this.expectSymbol('(');
      this.expectWord('order');
      this.expectWord('by');
      withinGroup = this.orderItems();
      this.expectSymbol(')');
    }
    const over = this.acceptWord('over') ? this.windowSpec() : undefined;
    return { kind: 'call', name, args, distinct, ...(withinGroup === undefined ? {} : { withinGroup }), ...(over === undefined ? {} : { over }), pos };
  }

  private windowSpec(): WindowSpec {
    this.expectSymbol('(');
    let partitionBy: Expr[] = [];
    let orderBy: OrderItem[] = [];
    if (this.acceptWord('partition')) {
      this.expectWord('by');
      partitionBy = this.expressionList();
    }
    if (this.acceptWord('order')) {
      this.expectWord('by');
      orderBy = this.orderItems();
    }
    const frame: string[] = [];
    if (this.peekWord('rows', 'range')) {
      while (!this.peekSymbol(')')) {
        const token = this.next();
        if (token.kind === 'number' || (token.kind === 'word' && /^(rows|range|between|and|unbounded|preceding|following|current|row)$/i.test(token.text))) frame.push(token.text.toUpperCase());
        else throw new Refusal(t('refusal.windowFrame', { token: describe(token) }), token.pos);
      }
    }
    this.expectSymbol(')');
    return { partitionBy, orderBy, ...(frame.length === 0 ? {} : { frame: frame.join(' ') }) };
  }

  protected orderItems(): OrderItem[] {
    const items: OrderItem[] = [];
    do {
      const expr = this.expression();
      const descending = this.acceptWord('desc');
      if (!descending) this.acceptWord('asc');
      items.push({ expr, descending });
    } while (this.acceptSymbol(','));
    return items;
  }

  // ---- queries

  query(ctes: readonly CommonTableExpression[] = this.acceptWord('with') ? this.cteList() : []): Query {
    const body = this.unionLevel();
    let orderBy: OrderItem[] = [];
    if (this.acceptWord('order')) {
      this.expectWord('by');
      orderBy = this.orderItems();
    }
    let offset: Query['offset'];
    if (this.acceptWord('offset')) {
      const skip = this.expression();
      this.expectWord(this.peekWord('row') ? 'row' : 'rows');
      let fetch: Expr | undefined;
      if (this.acceptWord('fetch')) {
        if (!this.acceptWord('next')) this.expectWord('first');
        fetch = this.expression();
        this.expectWord(this.peekWord('row') ? 'row' : 'rows');
        this.expectWord('only');
      }
      offset = { skip, ...(fetch === undefined ? {} : { fetch }) };
    }
    this.refuseQueryTail();
    return { ctes, body, orderBy, ...(offset === undefined ? {} : { offset }) };
  }

  /** The common table expressions after WITH. */
  protected cteList(): CommonTableExpression[] {
    const ctes: CommonTableExpression[] = [];
    do {
      const pos = this.peek().pos;
      const name = this.identifier();
      const columns = this.peekSymbol('(') ? this.nameList() : undefined;
      this.expectWord('as');
      this.expectSymbol('(');
      const query = this.query();
      this.expectSymbol(')');
      ctes.push({ name, ...(columns === undefined ? {} : { columns }), query, pos });
    } while (this.acceptSymbol(','));
    return ctes;
  }

  /** FOR XML/JSON/BROWSE and OPTION (...) end a query; they are refused by name wherever they appear. */
  private queryTail(): Refusal | undefined {
    const token = this.peek();
    if (this.isWord(token, 'for') && this.isWord(this.peek(1), 'xml', 'json', 'browse')) {
      const kind = this.peek(1);
      const mode = this.peek(2);
      return new Refusal(`FOR ${kind.kind === 'word' ? kind.text.toUpperCase() : ''}${mode.kind === 'word' ? ` ${mode.text.toUpperCase()}` : ''}`, token.pos);
    }
    if (this.isWord(token, 'option') && this.peekSymbol('(', 1)) return new Refusal(t('refusal.queryHint'), token.pos);
    return undefined;
  }

  private refuseQueryTail(): void {
    const tail = this.queryTail();
    if (tail !== undefined) throw tail;
  }

  // INTERSECT binds tighter than UNION and EXCEPT, as in both SQL Server and PostgreSQL.
  private unionLevel(): QueryBody {
    let left = this.intersectLevel();
    for (;;) {
      if (this.acceptWord('union')) {
        const all = this.acceptWord('all');
        left = { kind: 'setOperation', op: all ? 'UNION ALL' : 'UNION', left, right: this.intersectLevel() };
      } else if (this.acceptWord('except')) {
        left = { kind: 'setOperation', op: 'EXCEPT', left, right: this.intersectLevel() };
      } else return left;
    }
  }

  private intersectLevel(): QueryBody {
    let left = this.queryTerm();
    while (this.acceptWord('intersect')) left = { kind: 'setOperation', op: 'INTERSECT', left, right: this.queryTerm() };
    return left;
  }

  private queryTerm(): QueryBody {
    if (this.acceptSymbol('(')) {
      const inner = this.unionLevel();
      this.expectSymbol(')');
      return inner;
    }
    return this.select();
  }

  private select(): Select {
    const pos = this.peek().pos;
    this.expectWord('select');
    const distinct = this.acceptWord('distinct');
    if (!distinct) this.acceptWord('all');
    const top = this.peekWord('top') ? this.top() : undefined;
    const items: SelectItem[] = [];
    do items.push(this.selectItem());
    while (this.acceptSymbol(','));
    let into: Select['into'];
    if (this.peekWord('into')) {
      if (!this.routine) throw new Refusal('SELECT INTO', this.peek().pos);
      this.next();
      const pos = this.peek().pos;
      into = { name: this.multipartName().join('.'), pos };
    }
    const from: TableSource[] = [];
    if (this.acceptWord('from')) {
      do from.push(this.joinedSource());
      while (this.acceptSymbol(','));
    }
    const where = this.acceptWord('where') ? this.expression() : undefined;
    let groupBy: Expr[] = [];
    if (this.acceptWord('group')) {
      this.expectWord('by');
      if (this.peekWord('all')) throw new Refusal('GROUP BY ALL', this.peek().pos);
      if (this.peekWord('rollup', 'cube', 'grouping')) throw new Refusal(`GROUP BY ${this.peek().kind === 'word' ? (this.peek() as { text: string }).text.toUpperCase() : ''}`, this.peek().pos);
      groupBy = this.expressionList();
      if (this.peekWord('with')) throw new Refusal('GROUP BY ... WITH ROLLUP/CUBE', this.peek().pos);
    }
    const having = this.acceptWord('having') ? this.expression() : undefined;
    this.refuseQueryTail();
    return { kind: 'select', distinct, ...(top === undefined ? {} : { top }), items, from, ...(where === undefined ? {} : { where }), groupBy, ...(having === undefined ? {} : { having }), ...(into === undefined ? {} : { into }), pos };
  }

  protected top(): Top {
    const pos = this.next().pos;
    const count = this.acceptSymbol('(') ? this.parenthesizedRest() : this.prefix();
    const percent = this.acceptWord('percent');
    let withTies = false;
    if (this.peekWord('with') && this.isWord(this.peek(1), 'ties')) {
      this.next();
      this.next();
      withTies = true;
    }
    return { count, percent, withTies, pos };
  }

  private parenthesizedRest(): Expr {
    const expr = this.expression();
    this.expectSymbol(')');
    return expr;
  }

  protected selectItem(): SelectItem {
    const token = this.peek();
    if (token.kind === 'symbol' && token.text === '*') {
      this.next();
      return { kind: 'star', qualifier: [], pos: token.pos };
    }
    const assignment = this.peek(1);
    if (this.routine && token.kind === 'variable' && assignment.kind === 'symbol' && ['=', '+=', '-=', '*=', '/='].includes(assignment.text)) {
      this.next();
      this.next();
      return { kind: 'assign', variable: token.text.toLowerCase(), op: assignment.text, expr: this.expression(), pos: token.pos };
    }
    // `alias = expression` (T-SQL only); a comparison is not allowed at the top of a select item.
    if ((token.kind === 'quotedIdent' || token.kind === 'string' || (token.kind === 'word' && this.isIdentifier(token))) && this.peekSymbol('=', 1)) {
      this.next();
      this.next();
      return { kind: 'expr', expr: this.expression(), alias: token.text };
    }
    const expr = this.expression();
    if (expr.kind === 'star') return { kind: 'star', qualifier: expr.qualifier, pos: expr.pos };
    const alias = this.alias();
    return { kind: 'expr', expr, ...(alias === undefined ? {} : { alias }) };
  }

  protected alias(): string | undefined {
    const explicit = this.acceptWord('as');
    const token = this.peek();
    if (token.kind === 'string' || this.isIdentifier(token)) {
      this.next();
      return (token as { text: string }).text;
    }
    if (explicit) throw this.unexpected(t('refusal.expectedAlias'));
    return undefined;
  }

  protected joinedSource(): TableSource {
    let left = this.tableSource();
    for (;;) {
      const pos = this.peek().pos;
      let type: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS' | 'CROSS APPLY' | 'OUTER APPLY' | undefined;
      if (this.peekWord('join')) type = 'INNER';
      else if (this.acceptWord('inner')) type = 'INNER';
      else if (this.peekWord('left', 'right', 'full')) {
        type = (this.next() as { text: string }).text.toUpperCase() as 'LEFT' | 'RIGHT' | 'FULL';
        this.acceptWord('outer');
      } else if (this.acceptWord('cross')) type = this.acceptWord('apply') ? 'CROSS APPLY' : 'CROSS';
      else if (this.peekWord('outer') && this.isWord(this.peek(1), 'apply')) {
        this.next();
        this.next();
        type = 'OUTER APPLY';
      } else return left;
      if (type !== 'CROSS APPLY' && type !== 'OUTER APPLY') {
        if (this.peekWord('loop', 'hash', 'merge', 'remote')) throw new Refusal(t('refusal.joinHint', { hint: (this.peek() as { text: string }).text.toUpperCase() }), this.peek().pos);
        this.expectWord('join');
      }
      const right = this.tableSource();
      let on: Expr | undefined;
      if (type !== 'CROSS' && type !== 'CROSS APPLY' && type !== 'OUTER APPLY') {
        this.expectWord('on');
        on = this.expression();
      }
      left = { kind: 'join', type, left, right, ...(on === undefined ? {} : { on }), pos };
    }
  }

  protected tableSource(): TableSource {
    const token = this.peek();
    const pos = token.pos;
    this.refuseSpecial(token);
    let source: TableSource;
    if (this.acceptSymbol('(')) {
      if (this.peekWord('select', 'with')) {
        const query = this.query();
        this.expectSymbol(')');
        const alias = this.alias();
        if (alias === undefined) throw this.unexpected(t('refusal.expectedDerivedAlias'));
        const columns = this.peekSymbol('(') ? this.nameList() : undefined;
        source = { kind: 'derived', query, alias, ...(columns === undefined ? {} : { columns }), pos };
      } else {
        source = this.joinedSource();
        this.expectSymbol(')');
      }
    } else if (this.routine && token.kind === 'variable') {
      // A table variable.
      this.next();
      const alias = this.alias();
      source = { kind: 'table', parts: [token.text.toLowerCase()], ...(alias === undefined ? {} : { alias }), hints: [], pos };
    } else if (token.kind === 'word' && /^(containstable|freetexttable)$/i.test(token.text) && this.peekSymbol('(', 1)) {
      source = this.fullTextTable(token.text.toUpperCase() as 'CONTAINSTABLE' | 'FREETEXTTABLE');
    } else {
      if (token.kind === 'word' && ROWSET_FUNCTIONS.has(token.text.toLowerCase())) throw new Refusal(token.text.toUpperCase(), pos);
      const parts = this.multipartName();
      if (this.peekSymbol('(') && !this.isTableHintList()) throw new Refusal(t('refusal.tableValuedFunction', { name: parts.join('.') }), pos);
      if (this.peekWord('for') && this.isWord(this.peek(1), 'system_time')) throw new Refusal('FOR SYSTEM_TIME', this.peek().pos);
      const alias = this.alias();
      const hints = this.tableHints();
      source = { kind: 'table', parts, ...(alias === undefined ? {} : { alias }), hints, pos };
    }
    if (this.peekWord('pivot', 'unpivot', 'tablesample')) throw new Refusal((this.peek() as { text: string }).text.toUpperCase(), this.peek().pos);
    return source;
  }

  /** `CONTAINSTABLE(table, columns, search [, LANGUAGE language] [, top_n]) [AS] alias`, FREETEXTTABLE alike. */
  private fullTextTable(fn: 'CONTAINSTABLE' | 'FREETEXTTABLE'): TableSource {
    const pos = this.next().pos;
    this.expectSymbol('(');
    const table = this.multipartName();
    this.expectSymbol(',');
    const columns = this.fullTextColumns();
    this.expectSymbol(',');
    const search = this.expression();
    let language: Expr | undefined;
    let top: Expr | undefined;
    while (this.acceptSymbol(',')) {
      if (this.peekWord('language')) language = this.fullTextLanguage();
      else top = this.expression();
    }
    this.expectSymbol(')');
    const alias = this.alias();
    if (alias === undefined) throw this.unexpected(t('refusal.expectedAliasFor', { name: fn }));
    if (this.peekSymbol('(')) throw new Refusal(t('refusal.columnListFor', { name: fn }), this.peek().pos);
    return { kind: 'fullTextTable', fn, table, columns, search, ...(language === undefined ? {} : { language }), ...(top === undefined ? {} : { top }), alias, pos };
  }

  /** `t (NOLOCK)`: the legacy hint form without WITH. */
  private isTableHintList(): boolean {
    return this.peekSymbol('(') && this.peek(1).kind === 'word' && (this.peekSymbol(')', 2) || this.peekSymbol(',', 2));
  }

  private tableHints(): string[] {
    const withKeyword = this.peekWord('with') && this.peekSymbol('(', 1);
    if (!withKeyword && !this.isTableHintList()) return [];
    if (withKeyword) this.next();
    this.expectSymbol('(');
    const hints: string[] = [];
    do {
      const token = this.next();
      if (token.kind !== 'word') throw new Refusal(t('refusal.tableHint', { hint: describe(token) }), token.pos);
      if (this.peekSymbol('(')) throw new Refusal(t('refusal.tableHint', { hint: `${token.text.toUpperCase()}(...)` }), token.pos);
      hints.push(token.text.toUpperCase());
    } while (this.acceptSymbol(','));
    this.expectSymbol(')');
    return hints;
  }
}
