/**
 * Recursive-descent parser for CREATE PROCEDURE, CREATE FUNCTION and CREATE TRIGGER: the header
 * and every statement of the body, into the tree of statement-ast.ts. It extends the expression
 * and query parser (parser.ts), which in routine mode also reads `@variables`, `SELECT @v = ...`,
 * `SELECT ... INTO` and table variables. Statements need no semicolons, as in T-SQL: a statement
 * ends where the next one's first word begins.
 */
import type { CommonTableExpression, Expr, TableSource, Top } from './ast.js';
import { Parser, describe } from './parser.js';
import { Refusal, type Position } from './refusal.js';
import type { ColumnDefinition, ExecArgument, MergeClause, OutputClause, Parameter, RoutineDefinition, RoutineHeader, SetItem, Statement, TargetTable, VariableDeclaration } from './statement-ast.js';
import { language, t } from '../i18n/index.js';

const ASSIGNMENT_OPERATORS = ['=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^='];

export class StatementParser extends Parser {
  constructor(text: string) {
    super(text, { routine: true });
  }

  /** CREATE [OR ALTER] PROCEDURE | FUNCTION | TRIGGER ... as SQL Server stores it. */
  parseRoutine(): RoutineDefinition {
    const pos = this.peek().pos;
    this.expectWord('create');
    if (this.acceptWord('or')) this.expectWord('alter');
    let definition: RoutineDefinition;
    if (this.acceptWord('proc', 'procedure')) definition = this.procedure(pos);
    else if (this.acceptWord('function')) definition = this.function(pos);
    else if (this.acceptWord('trigger')) definition = this.trigger(pos);
    else throw this.unexpected(t('refusal.expectedRoutine'));
    while (this.acceptSymbol(';'));
    this.expectEnd();
    return definition;
  }

  // ---- headers

  private procedure(pos: Position): RoutineDefinition {
    const name = this.multipartName();
    if (this.peekSymbol(';')) throw new Refusal(t('refusal.numberedProcedure'), this.peek().pos);
    const parenthesized = this.acceptSymbol('(');
    const parameters = this.peek().kind === 'variable' ? this.parameters() : [];
    if (parenthesized) this.expectSymbol(')');
    const options = this.routineOptions();
    if (this.acceptWord('for')) {
      this.expectWord('replication');
      options.push('FOR REPLICATION');
    }
    this.expectWord('as');
    if (this.peekWord('external')) throw new Refusal(t('refusal.clrProcedure'), this.peek().pos);
    return { name, header: { kind: 'procedure', parameters }, options, body: this.statementsUntilEnd(), pos };
  }

  private function(pos: Position): RoutineDefinition {
    const name = this.multipartName();
    this.expectSymbol('(');
    const parameters = this.peek().kind === 'variable' ? this.parameters() : [];
    this.expectSymbol(')');
    this.expectWord('returns');
    const returnsToken = this.peek();
    if (returnsToken.kind === 'variable') {
      this.next();
      this.expectWord('table');
      const columns = this.columnDefinitions();
      const options = this.routineOptions();
      this.acceptWord('as');
      const body = this.beginEndBody();
      return { name, header: { kind: 'tableFunction', parameters, table: returnsToken.text.toLowerCase(), columns }, options, body, pos };
    }
    if (this.acceptWord('table')) {
      const options = this.routineOptions();
      this.acceptWord('as');
      this.expectWord('return');
      const parenthesized = this.peekSymbol('(') && this.isQueryInParentheses();
      if (parenthesized) this.expectSymbol('(');
      const query = this.query();
      if (parenthesized) this.expectSymbol(')');
      return { name, header: { kind: 'inlineFunction', parameters }, options, body: [], query, pos };
    }
    const returns = this.typeName();
    const options = this.routineOptions();
    this.acceptWord('as');
    if (this.peekWord('external')) throw new Refusal(t('refusal.clrFunction'), this.peek().pos);
    return { name, header: { kind: 'scalarFunction', parameters, returns }, options, body: this.beginEndBody(), pos };
  }

  private isQueryInParentheses(): boolean {
    let offset = 1;
    while (this.peekSymbol('(', offset)) offset++;
    return this.isWord(this.peek(offset), 'select', 'with');
  }

  private trigger(pos: Position): RoutineDefinition {
    const name = this.multipartName();
    this.expectWord('on');
    if (this.peekWord('all', 'database')) throw new Refusal(t('refusal.ddlTrigger'), this.peek().pos);
    const table = this.multipartName();
    const options = this.routineOptions();
    let timing: 'after' | 'instead of';
    if (this.acceptWord('for', 'after')) timing = 'after';
    else {
      this.expectWord('instead');
      this.expectWord('of');
      timing = 'instead of';
    }
    const events: ('insert' | 'update' | 'delete')[] = [];
    do {
      const token = this.next();
      const word = token.kind === 'word' ? token.text.toLowerCase() : '';
      if (word !== 'insert' && word !== 'update' && word !== 'delete') throw new Refusal(t('refusal.triggerEvent', { token: describe(token) }), token.pos);
      events.push(word);
    } while (this.acceptSymbol(','));
    if (this.acceptWord('with')) this.expectWord('append');
    if (this.acceptWord('not')) {
      this.expectWord('for');
      this.expectWord('replication');
    }
    this.expectWord('as');
    const header: RoutineHeader = { kind: 'trigger', table, timing, events };
    return { name, header, options, body: this.statementsUntilEnd(), pos };
  }

  private parameters(): Parameter[] {
    const parameters: Parameter[] = [];
    do {
      const token = this.next();
      if (token.kind !== 'variable') throw new Refusal(t('refusal.parameter', { token: describe(token) }), token.pos);
      this.acceptWord('as');
      const type = this.typeName();
      if (this.acceptWord('varying')) throw new Refusal(t('refusal.cursorVarying'), token.pos);
      if (this.acceptWord('not')) this.expectWord('null');
      else this.acceptWord('null');
      const value = this.acceptSymbol('=') ? this.expression() : undefined;
      const output = this.acceptWord('out', 'output');
      const readonly = this.acceptWord('readonly');
      parameters.push({ name: token.text.toLowerCase(), type, ...(value === undefined ? {} : { default: value }), output, readonly, pos: token.pos });
    } while (this.acceptSymbol(','));
    return parameters;
  }

  /** WITH EXECUTE AS ..., SCHEMABINDING, RECOMPILE, ENCRYPTION, RETURNS NULL ON NULL INPUT, ... (upper case). */
  private routineOptions(): string[] {
    const options: string[] = [];
    if (!this.acceptWord('with')) return options;
    do {
      const words: string[] = [];
      while (!this.peekSymbol(',') && !this.peekWord('as', 'for', 'after', 'instead') && this.peek().kind !== 'eof') {
        const token = this.next();
        words.push(token.kind === 'string' ? `'${token.text}'` : token.kind === 'word' ? token.text.toUpperCase() : describe(token));
      }
      options.push(words.join(' '));
    } while (this.acceptSymbol(','));
    return options;
  }

  private columnDefinitions(): ColumnDefinition[] {
    this.expectSymbol('(');
    const columns: ColumnDefinition[] = [];
    do {
      if (this.peekWord('primary', 'unique', 'check', 'constraint', 'index')) throw new Refusal(t('refusal.tableConstraint', { token: describe(this.peek()) }), this.peek().pos);
      const pos = this.peek().pos;
      const name = this.identifier();
      const type = this.typeName();
      let nullable = true;
      let primaryKey = false;
      let identity = false;
      let defaultValue: Expr | undefined;
      for (;;) {
        if (this.acceptWord('null')) nullable = true;
        else if (this.peekWord('not') && this.isWord(this.peek(1), 'null')) {
          this.next();
          this.next();
          nullable = false;
        } else if (this.acceptWord('primary')) {
          this.expectWord('key');
          this.acceptWord('clustered', 'nonclustered');
          primaryKey = true;
          nullable = false;
        } else if (this.acceptWord('identity')) {
          if (this.acceptSymbol('(')) {
            this.expressionList();
            this.expectSymbol(')');
          }
          identity = true;
        } else if (this.acceptWord('default')) defaultValue = this.expression();
        else if (this.peekWord('collate', 'unique', 'check', 'constraint', 'references')) throw new Refusal(t('refusal.columnOption', { token: describe(this.peek()) }), this.peek().pos);
        else break;
      }
      columns.push({ name, type, nullable, primaryKey, identity, ...(defaultValue === undefined ? {} : { default: defaultValue }), pos });
    } while (this.acceptSymbol(','));
    this.expectSymbol(')');
    return columns;
  }

  // ---- statement lists

  private statementsUntilEnd(): Statement[] {
    const body: Statement[] = [];
    while (this.peek().kind !== 'eof') body.push(this.statement());
    return body;
  }

  private beginEndBody(): Statement[] {
    this.expectWord('begin');
    const body = this.statementsUntil('end');
    this.expectWord('end');
    return body;
  }

  private statementsUntil(...words: string[]): Statement[] {
    const body: Statement[] = [];
    while (!this.peekWord(...words)) {
      if (this.peek().kind === 'eof') throw this.unexpected(t('refusal.expected', { what: new Intl.ListFormat(language(), { type: 'disjunction' }).format(words.map((w) => w.toUpperCase())) }));
      body.push(this.statement());
    }
    return body;
  }

  /** Whether the next token begins a new statement (so the current one has ended). */
  private atStatementEnd(): boolean {
    const token = this.peek();
    if (token.kind === 'eof' || (token.kind === 'symbol' && token.text === ';')) return true;
    return token.kind === 'word' && STATEMENT_STARTS.has(token.text.toLowerCase()) && !this.peekSymbol('(', 1);
  }

  statement(): Statement {
    const token = this.peek();
    const pos = token.pos;
    if (token.kind === 'symbol' && token.text === ';') {
      this.next();
      return { kind: 'empty', pos };
    }
    if (token.kind === 'word' && this.peekSymbol(':', 1)) {
      this.next();
      this.next();
      return { kind: 'label', label: token.text, pos };
    }
    const statement = this.statementBody();
    this.acceptSymbol(';');
    return statement;
  }

  private statementBody(): Statement {
    const token = this.peek();
    const pos = token.pos;
    if (token.kind === 'symbol' && token.text === '(') return { kind: 'select', query: this.query(), pos };
    if (token.kind !== 'word') throw this.unexpected(t('refusal.expectedStatement'));
    const word = token.text.toLowerCase();
    switch (word) {
      case 'begin':
        return this.begin();
      case 'declare':
        this.next();
        return this.declare(pos);
      case 'set':
        this.next();
        return this.set(pos);
      case 'select':
        return { kind: 'select', query: this.query(), pos };
      case 'with': {
        this.next();
        if (this.peekWord('xmlnamespaces')) throw new Refusal('WITH XMLNAMESPACES', this.peek().pos);
        return this.afterCtes(this.cteList(), pos);
      }
      case 'insert':
      case 'update':
      case 'delete':
      case 'merge':
        return this.afterCtes([], pos);
      case 'if': {
        this.next();
        const condition = this.expression();
        const then = this.statement();
        const otherwise = this.acceptWord('else') ? this.statement() : undefined;
        return { kind: 'if', condition, then, ...(otherwise === undefined ? {} : { otherwise }), pos };
      }
      case 'while': {
        this.next();
        const condition = this.expression();
        return { kind: 'while', condition, body: this.statement(), pos };
      }
      case 'break':
      case 'continue':
        this.next();
        return { kind: word, pos };
      case 'return': {
        this.next();
        if (this.atStatementEnd() || this.peekWord('end', 'else')) return { kind: 'return', pos };
        return { kind: 'return', value: this.expression(), pos };
      }
      case 'throw': {
        this.next();
        if (this.atStatementEnd() || this.peekWord('end')) return { kind: 'throw', pos };
        const number = this.expression();
        this.expectSymbol(',');
        const message = this.expression();
        this.expectSymbol(',');
        return { kind: 'throw', error: { number, message, state: this.expression() }, pos };
      }
      case 'raiserror':
        return this.raiserror(pos);
      case 'print':
        this.next();
        return { kind: 'print', value: this.expression(), pos };
      case 'commit':
      case 'rollback':
      case 'save': {
        this.next();
        this.acceptWord('tran', 'transaction', 'work');
        const name = this.transactionName();
        return { kind: 'transaction', action: word, ...(name === undefined ? {} : { name }), pos };
      }
      case 'exec':
      case 'execute':
        this.next();
        return this.exec(pos);
      case 'open':
      case 'close':
      case 'deallocate':
        this.next();
        this.acceptWord('global');
        return { kind: 'cursor', action: word, cursor: this.identifier().toLowerCase(), pos };
      case 'fetch':
        this.next();
        return this.fetch(pos);
      case 'create':
        this.next();
        if (!this.acceptWord('table')) throw new Refusal(t('refusal.createInRoutine', { token: describe(this.peek()) }), pos);
        return { kind: 'createTable', name: this.multipartName().join('.'), columns: this.columnDefinitions(), pos };
      case 'drop': {
        this.next();
        if (!this.acceptWord('table')) throw new Refusal(t('refusal.dropInRoutine', { token: describe(this.peek()) }), pos);
        let ifExists = false;
        if (this.peekWord('if') && this.isWord(this.peek(1), 'exists')) {
          this.next();
          this.next();
          ifExists = true;
        }
        const names: string[] = [];
        do names.push(this.multipartName().join('.'));
        while (this.acceptSymbol(','));
        return { kind: 'dropTable', names, ifExists, pos };
      }
      case 'truncate':
        this.next();
        this.expectWord('table');
        return { kind: 'truncate', target: this.targetTable(), pos };
      case 'goto':
        this.next();
        return { kind: 'goto', label: this.identifier(), pos };
      case 'waitfor':
        this.next();
        this.acceptWord('delay', 'time');
        this.expression();
        return { kind: 'waitfor', pos };
      default:
        throw this.unexpected(t('refusal.expectedStatement'));
    }
  }

  private transactionName(): string | undefined {
    const token = this.peek();
    if (token.kind === 'variable') {
      this.next();
      return token.text.toLowerCase();
    }
    if ((token.kind === 'word' || token.kind === 'quotedIdent') && this.isIdentifier(token) && !this.atStatementEnd()) return this.identifier();
    return undefined;
  }

  private begin(): Statement {
    const pos = this.next().pos;
    if (this.acceptWord('try')) {
      const body = this.statementsUntil('end');
      this.expectWord('end');
      this.expectWord('try');
      this.acceptSymbol(';');
      this.expectWord('begin');
      this.expectWord('catch');
      const handler = this.statementsUntil('end');
      this.expectWord('end');
      this.expectWord('catch');
      return { kind: 'try', body, handler, pos };
    }
    if (this.acceptWord('distributed')) throw new Refusal('BEGIN DISTRIBUTED TRANSACTION', pos);
    if (this.acceptWord('tran', 'transaction')) {
      const name = this.transactionName();
      if (this.peekWord('with') && this.isWord(this.peek(1), 'mark')) throw new Refusal('BEGIN TRANSACTION WITH MARK', pos);
      return { kind: 'transaction', action: 'begin', ...(name === undefined ? {} : { name }), pos };
    }
    if (this.peekWord('atomic', 'conversation', 'dialog')) throw new Refusal(`BEGIN ${describe(this.peek())}`, pos);
    const body = this.statementsUntil('end');
    this.expectWord('end');
    return { kind: 'block', body, pos };
  }

  private declare(pos: Position): Statement {
    const first = this.peek();
    if (first.kind !== 'variable') {
      // DECLARE name CURSOR [options] FOR query
      const name = this.identifier().toLowerCase();
      const options: string[] = [];
      if (this.acceptWord('insensitive')) options.push('INSENSITIVE');
      if (this.acceptWord('scroll')) options.push('SCROLL');
      this.expectWord('cursor');
      while (!this.peekWord('for')) {
        const token = this.next();
        if (token.kind !== 'word') throw new Refusal(t('refusal.cursorOption', { token: describe(token) }), token.pos);
        options.push(token.text.toUpperCase());
      }
      this.expectWord('for');
      const query = this.query();
      if (this.acceptWord('for')) throw new Refusal(t('refusal.cursorFor'), this.peek().pos);
      return { kind: 'declareCursor', name, options, query, pos };
    }
    if (this.isWord(this.peek(1), 'table') || (this.isWord(this.peek(1), 'as') && this.isWord(this.peek(2), 'table'))) {
      this.next();
      this.acceptWord('as');
      this.expectWord('table');
      return { kind: 'declareTable', name: first.text.toLowerCase(), columns: this.columnDefinitions(), pos };
    }
    const variables: VariableDeclaration[] = [];
    do {
      const token = this.next();
      if (token.kind !== 'variable') throw new Refusal(t('refusal.declarationOf', { token: describe(token) }), token.pos);
      this.acceptWord('as');
      if (this.peekWord('cursor')) throw new Refusal(t('refusal.cursorVariable'), token.pos);
      if (this.peekWord('table')) throw new Refusal(t('refusal.tableVariableWithOthers'), token.pos);
      const type = this.typeName();
      const value = this.acceptSymbol('=') ? this.expression() : undefined;
      variables.push({ name: token.text.toLowerCase(), type, ...(value === undefined ? {} : { value }), pos: token.pos });
    } while (this.acceptSymbol(','));
    return { kind: 'declare', variables, pos };
  }

  private set(pos: Position): Statement {
    const token = this.peek();
    if (token.kind === 'variable') {
      this.next();
      const op = this.next();
      if (op.kind !== 'symbol' || !ASSIGNMENT_OPERATORS.includes(op.text)) throw new Refusal(`SET ${token.text} ${describe(op)}`, op.pos);
      if (this.peekWord('cursor')) throw new Refusal(t('refusal.cursorVariable'), this.peek().pos);
      return { kind: 'set', variable: token.text.toLowerCase(), op: op.text, value: this.expression(), pos };
    }
    const words: string[] = [];
    while (this.peek().kind === 'word' && !this.peekWord('on', 'off') && !(words.length > 0 && this.atStatementEnd())) words.push((this.next() as { text: string }).text.toUpperCase());
    const option = words.join(' ');
    if (option === '') throw this.unexpected(t('refusal.expectedVariableOrOption'));
    if (this.acceptWord('on')) return { kind: 'setOption', option, value: 'ON', pos };
    if (this.acceptWord('off')) return { kind: 'setOption', option, value: 'OFF', pos };
    return { kind: 'setOption', option, value: this.expression(), pos };
  }

  private raiserror(pos: Position): Statement {
    this.next();
    const parenthesized = this.acceptSymbol('(');
    if (!parenthesized) throw new Refusal(t('refusal.raiserrorOldForm'), pos);
    const message = this.expression();
    this.expectSymbol(',');
    const severity = this.expression();
    this.expectSymbol(',');
    const state = this.expression();
    const args = this.acceptSymbol(',') ? this.expressionList() : [];
    this.expectSymbol(')');
    const options: string[] = [];
    if (this.acceptWord('with')) {
      do options.push(this.identifier().toUpperCase());
      while (this.acceptSymbol(','));
    }
    return { kind: 'raiserror', message, severity, state, args, options, pos };
  }

  private exec(pos: Position): Statement {
    if (this.acceptSymbol('(')) {
      const sql = this.expression();
      this.expectSymbol(')');
      if (this.peekWord('at', 'as')) throw new Refusal(`EXEC (...) ${describe(this.peek())}`, this.peek().pos);
      return { kind: 'execString', sql, pos };
    }
    let returnVariable: string | undefined;
    if (this.peek().kind === 'variable' && this.peekSymbol('=', 1)) {
      returnVariable = (this.next() as { text: string }).text.toLowerCase();
      this.next();
    }
    if (this.peek().kind === 'variable') throw new Refusal(t('refusal.execByVariable'), this.peek().pos);
    const procedure = this.multipartName();
    const args: ExecArgument[] = [];
    if (!this.atStatementEnd() && !this.peekWord('end', 'else')) {
      do {
        let name: string | undefined;
        if (this.peek().kind === 'variable' && this.peekSymbol('=', 1)) {
          name = (this.next() as { text: string }).text.toLowerCase();
          this.next();
        }
        const isDefault = this.acceptWord('default');
        const value: Expr = isDefault ? { kind: 'null', pos: this.peek().pos } : this.execValue();
        const output = this.acceptWord('out', 'output');
        args.push({ ...(name === undefined ? {} : { name }), value, output, isDefault });
      } while (this.acceptSymbol(','));
    }
    if (this.peekWord('with')) throw new Refusal('EXEC ... WITH RESULT SETS / RECOMPILE', this.peek().pos);
    return { kind: 'exec', ...(returnVariable === undefined ? {} : { returnVariable }), procedure, args, pos };
  }

  /** A procedure argument: a constant, a variable, or a bare word (T-SQL reads it as a string). */
  private execValue(): Expr {
    const token = this.peek();
    if (token.kind === 'word' && !this.peekSymbol('(', 1) && !this.peekSymbol('.', 1) && !['null', 'default'].includes(token.text.toLowerCase())) {
      this.next();
      return { kind: 'string', value: token.text, national: false, pos: token.pos };
    }
    return this.expression();
  }

  private fetch(pos: Position): Statement {
    let direction = 'NEXT';
    if (this.peekWord('next', 'prior', 'first', 'last')) direction = (this.next() as { text: string }).text.toUpperCase();
    else if (this.peekWord('absolute', 'relative')) throw new Refusal(`FETCH ${describe(this.peek())}`, this.peek().pos);
    this.acceptWord('from');
    this.acceptWord('global');
    const cursor = this.identifier().toLowerCase();
    const into: string[] = [];
    if (this.acceptWord('into')) {
      do {
        const token = this.next();
        if (token.kind !== 'variable') throw new Refusal(`FETCH INTO ${describe(token)}`, token.pos);
        into.push(token.text.toLowerCase());
      } while (this.acceptSymbol(','));
    }
    return { kind: 'fetch', direction, cursor, into, pos };
  }

  // ---- data modification

  private afterCtes(ctes: readonly CommonTableExpression[], pos: Position): Statement {
    if (this.peekWord('select') || this.peekSymbol('(')) return { kind: 'select', query: this.query(ctes), pos };
    if (this.acceptWord('insert')) return this.insert(ctes, pos);
    if (this.acceptWord('update')) return this.update(ctes, pos);
    if (this.acceptWord('delete')) return this.delete(ctes, pos);
    if (this.acceptWord('merge')) {
      if (ctes.length > 0) throw new Refusal(t('refusal.mergeAfterWith'), pos);
      return this.merge(pos);
    }
    throw this.unexpected(t('refusal.expectedDml'));
  }

  private dmlTop(): Top | undefined {
    if (!this.peekWord('top')) return undefined;
    const top = this.top();
    if (top.percent) throw new Refusal(t('refusal.topPercentDml'), top.pos);
    return top;
  }

  private targetTable(): TargetTable {
    const token = this.peek();
    const pos = token.pos;
    if (token.kind === 'variable') {
      this.next();
      return { parts: [token.text.toLowerCase()], pos };
    }
    if (token.kind === 'word' && ['openquery', 'openrowset', 'opendatasource'].includes(token.text.toLowerCase())) throw new Refusal(token.text.toUpperCase(), pos);
    const parts = this.multipartName();
    if (this.peekWord('with') && this.peekSymbol('(', 1)) {
      this.next();
      this.nameList();
    }
    return { parts, pos };
  }

  private targetWithAlias(): TargetTable {
    const target = this.targetTable();
    const alias = this.peekWord('output', 'set', 'values', 'default', 'select', 'where', 'from', 'with', 'exec', 'execute') ? undefined : this.alias();
    return alias === undefined ? target : { ...target, alias };
  }

  /** OUTPUT inserted.*, deleted.x [INTO target [(columns)]]: parsed so the translator can name it. */
  private output(): OutputClause | undefined {
    if (!this.peekWord('output')) return undefined;
    const pos = this.next().pos;
    do this.selectItem();
    while (this.acceptSymbol(','));
    if (this.acceptWord('into')) {
      this.targetTable();
      if (this.peekSymbol('(') && !this.isQueryInParentheses()) this.nameList();
    }
    return { pos };
  }

  private insert(ctes: readonly CommonTableExpression[], pos: Position): Statement {
    const top = this.dmlTop();
    this.acceptWord('into');
    const target = this.targetTable();
    const columns = this.peekSymbol('(') && !this.isQueryInParentheses() ? this.nameList() : undefined;
    const output = this.output();
    let source: (Statement & { kind: 'insert' })['source'];
    if (this.acceptWord('values')) {
      const rows: Expr[][] = [];
      do {
        this.expectSymbol('(');
        rows.push(this.expressionList());
        this.expectSymbol(')');
      } while (this.acceptSymbol(','));
      source = { kind: 'values', rows };
    } else if (this.acceptWord('default')) {
      this.expectWord('values');
      source = { kind: 'defaultValues' };
    } else if (this.peekWord('exec', 'execute')) {
      const execPos = this.next().pos;
      this.exec(execPos);
      source = { kind: 'exec', pos: execPos };
    } else {
      source = { kind: 'query', query: this.query(this.acceptWord('with') ? this.cteList() : []) };
    }
    return { kind: 'insert', ctes, ...(top === undefined ? {} : { top }), target, ...(columns === undefined ? {} : { columns }), source, ...(output === undefined ? {} : { output }), pos };
  }

  private setItems(): SetItem[] {
    const items: SetItem[] = [];
    do {
      const token = this.peek();
      const pos = token.pos;
      let column: string[];
      if (token.kind === 'variable') {
        this.next();
        column = [token.text.toLowerCase()];
      } else column = this.multipartName();
      const op = this.next();
      if (op.kind !== 'symbol' || !ASSIGNMENT_OPERATORS.includes(op.text)) throw new Refusal(`SET ${column.join('.')} ${describe(op)}`, op.pos);
      if (this.peek().kind !== 'variable' && this.peekSymbol('=', 1) && token.kind === 'variable') throw new Refusal(t('refusal.setVariableColumn'), pos);
      items.push({ column, op: op.text, value: this.expression(), pos });
    } while (this.acceptSymbol(','));
    return items;
  }

  private fromAndWhere(): { from: TableSource[]; where?: Expr } {
    const from: TableSource[] = [];
    if (this.acceptWord('from')) {
      do from.push(this.joinedSource());
      while (this.acceptSymbol(','));
    }
    if (this.peekWord('where') && this.isWord(this.peek(1), 'current')) throw new Refusal(t('refusal.whereCurrentOf'), this.peek().pos);
    const where = this.acceptWord('where') ? this.expression() : undefined;
    if (this.peekWord('option')) throw new Refusal(t('refusal.queryHint'), this.peek().pos);
    return { from, ...(where === undefined ? {} : { where }) };
  }

  private update(ctes: readonly CommonTableExpression[], pos: Position): Statement {
    const top = this.dmlTop();
    const target = this.targetTable();
    this.expectWord('set');
    const set = this.setItems();
    const output = this.output();
    const { from, where } = this.fromAndWhere();
    return { kind: 'update', ctes, ...(top === undefined ? {} : { top }), target, set, from, ...(where === undefined ? {} : { where }), ...(output === undefined ? {} : { output }), pos };
  }

  private delete(ctes: readonly CommonTableExpression[], pos: Position): Statement {
    const top = this.dmlTop();
    this.acceptWord('from');
    const target = this.targetTable();
    const output = this.output();
    const { from, where } = this.fromAndWhere();
    return { kind: 'delete', ctes, ...(top === undefined ? {} : { top }), target, from, ...(where === undefined ? {} : { where }), ...(output === undefined ? {} : { output }), pos };
  }

  private merge(pos: Position): Statement {
    if (this.peekWord('top')) throw new Refusal('MERGE TOP', this.peek().pos);
    this.acceptWord('into');
    const target = this.targetWithAlias();
    this.expectWord('using');
    const source = this.joinedSource();
    this.expectWord('on');
    const on = this.expression();
    const clauses: MergeClause[] = [];
    while (this.peekWord('when')) {
      const clausePos = this.next().pos;
      const negated = this.acceptWord('not');
      this.expectWord('matched');
      let bySource = false;
      if (this.acceptWord('by')) {
        bySource = this.acceptWord('source');
        if (!bySource) this.expectWord('target');
      }
      const condition = this.acceptWord('and') ? this.expression() : undefined;
      this.expectWord('then');
      let action: MergeClause['action'];
      if (this.acceptWord('update')) {
        this.expectWord('set');
        action = { kind: 'update', set: this.setItems() };
      } else if (this.acceptWord('delete')) action = { kind: 'delete' };
      else {
        this.expectWord('insert');
        const columns = this.peekSymbol('(') ? this.nameList() : undefined;
        this.expectWord('values');
        this.expectSymbol('(');
        const values = this.expressionList();
        this.expectSymbol(')');
        action = { kind: 'insert', ...(columns === undefined ? {} : { columns }), values };
      }
      const base = { ...(condition === undefined ? {} : { condition }), pos: clausePos };
      if (negated) clauses.push({ kind: 'notMatched', bySource, action, ...base });
      else if (action.kind === 'insert') throw new Refusal('WHEN MATCHED THEN INSERT', clausePos);
      else clauses.push({ kind: 'matched', action, ...base });
    }
    const output = this.output();
    return { kind: 'merge', target, source, on, clauses, ...(output === undefined ? {} : { output }), pos };
  }
}

/** Words that start a statement; an expression ends before them. */
const STATEMENT_STARTS = new Set(
  `begin break close commit continue create deallocate declare delete drop exec execute fetch goto if insert merge open print raiserror return
rollback save select set throw truncate update waitfor while with`.split(/\s+/),
);

/** Parses a routine's definition; refusals carry the construct and its position. */
export function parseRoutine(definition: string): RoutineDefinition {
  return new StatementParser(definition).parseRoutine();
}

