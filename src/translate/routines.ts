/**
 * Procedures, functions and triggers: the statement tree of statement-parser.ts printed as PL/pgSQL
 * (or SQL for one-expression functions and inline table functions), never by rewriting text.
 * Queries and expressions go through the same translators as views (views.ts, expressions.ts), with
 * the routine's variables, temporary tables, transition tables and callable routines added to their
 * names. Every construct used is recorded against the table of constructs.ts, with its position;
 * a refused one makes the whole routine refused, naming it.
 *
 * Variables and parameters are lower-cased without their @ and, inside SQL statements, qualified
 * with the routine's name (the label of its outer block), so a column of the same name never
 * captures them; `#variable_conflict use_column` lets the output columns of RETURNS TABLE share
 * names with the columns a query reads.
 */
import type { Expr, Query, Select, SelectItem, TableSource, TypeName } from './ast.js';
import { CONSTRUCTS, type ConstructId } from './constructs.js';
import type { ExpressionTranslator } from './expressions.js';
import { Refusal, type Position } from './refusal.js';
import { PREC, atom, operand, type Typed } from './sql-text.js';
import type { ColumnDefinition, Parameter, RoutineDefinition, SetItem, Statement, TargetTable } from './statement-ast.js';
import type { ColumnInfo, RelationInfo, ViewContext } from './translator.js';
import { CONDITION, INT, postgresType, sqlType, type SqlType } from './types.js';
import { QueryTranslator, Scope, type OutputColumn } from './views.js';
import { quoteIdent, quoteLiteral, quoteQualified } from '../target/postgres/quote.js';
import { t } from '../i18n/index.js';

export interface Qualified {
  readonly schema: string;
  readonly name: string;
}

export interface RoutineParameter {
  /** As T-SQL names it, lower case with its @. */
  readonly source: string;
  /** Unquoted PostgreSQL name. */
  readonly name: string;
  readonly type: SqlType;
  readonly pgType: string;
  readonly output: boolean;
}

/** What callers need to know of a routine: how to call it and what it gives back. */
export interface RoutineSignature {
  readonly target: Qualified;
  /** procedure: CALL; rows: a function RETURNS TABLE (a procedure's result set); scalar: a function; table: a table-valued function. */
  readonly shape: 'procedure' | 'rows' | 'scalar' | 'table' | 'trigger';
  readonly parameters: readonly RoutineParameter[];
  /** The procedure returns a status (RETURN n): INOUT return_status. */
  readonly returnStatus: boolean;
  readonly returns?: { readonly type: SqlType; readonly pgType: string };
  /** It commits or rolls back, so it cannot be called inside an exception block or a transaction. */
  readonly commits: boolean;
}

export interface RoutineContext {
  /** The routine's source schema, for unqualified names. */
  readonly defaultSchema: string;
  readonly target: Qualified;
  readonly relation: ViewContext['relation'];
  /** Another routine by source schema (undefined = default) and name; undefined = not converted. */
  readonly routine: (schema: string | undefined, name: string) => RoutineSignature | undefined;
  /** A trigger's table or view, and its target name for CREATE TRIGGER. */
  readonly triggerTable?: RelationInfo & { readonly isView: boolean };
  readonly targetVersion: number;
}

export interface ConstructUse {
  readonly construct: ConstructId;
  readonly line: number;
  readonly col: number;
  /** What exactly, when the construct table's words are not enough (a refused expression, a note). */
  readonly detail?: string;
}

export interface RoutineStatement {
  readonly kind: 'function' | 'procedure' | 'trigger';
  readonly sql: string;
}

export type RoutineTranslation =
  | {
      readonly ok: true;
      readonly signature: RoutineSignature;
      readonly statements: readonly RoutineStatement[];
      /** A SQL function validated at creation: created after the views. */
      readonly sqlLanguage: boolean;
      readonly confidence: 'exact' | 'review';
      readonly uses: readonly ConstructUse[];
      /** Routines it calls, by source schema and name. */
      readonly calls: readonly { readonly schema: string; readonly name: string }[];
      readonly usesErrorNumber: boolean;
    }
  | { readonly ok: false; readonly reason: string; readonly uses: readonly ConstructUse[] };

/** Raised inside the translator: a refused construct at a position. */
class RefusedConstruct extends Refusal {
  constructor(
    readonly construct: ConstructId,
    readonly at: Position,
    readonly detail?: string,
  ) {
    super(t('construct.use', { construct: detail ?? t(CONSTRUCTS[construct].tsql), why: t(CONSTRUCTS[construct].reason) }), at);
  }
}

interface Variable {
  readonly pg: string;
  readonly type: SqlType;
  readonly pgType: string;
}

interface LocalTable {
  readonly pg: string;
  readonly columns: readonly { readonly name: string; readonly info: ColumnInfo; readonly generated: boolean }[];
}

const SPECIAL = {
  rowcount: '_rowcount integer := 0',
  trancount: '_trancount integer := 0',
  fetchStatus: '_fetch_status integer := -1',
  identity: '_identity numeric(38,0)',
  errorLine: '_error_line integer',
  errorState: '_sqlstate text',
  errorMessage: '_error_message text',
  errorDetail: '_error_detail text',
} as const;

type Special = keyof typeof SPECIAL;

const ERROR_FUNCTIONS = new Set(['error_message', 'error_number', 'error_severity', 'error_state', 'error_line', 'error_procedure']);

/** The PostgreSQL type of a T-SQL type (the translator's defaults, as CAST uses them). */
export function pgTypeOf(type: TypeName): { sql: string; type: SqlType } {
  const { sql, type: t } = postgresType(type);
  return { sql, type: type.name === 'bit' ? { ...t, booleanColumn: true } : t };
}

function typeName(type: SqlType, pos: Position): TypeName {
  if (type.family === 'decimal' && type.name !== 'money' && type.name !== 'smallmoney') return { name: 'decimal', args: [type.precision ?? 38, type.scale ?? 0], pos };
  if (type.family === 'datetime' || type.family === 'time' || type.family === 'datetimeoffset') return { name: type.name, args: type.name === 'datetime' || type.name === 'smalldatetime' ? [] : [type.scale ?? 7], pos };
  return { name: type.name, args: type.length === undefined ? [] : [type.length], pos };
}

/** A result column's declared type: the column's own when it is a plain column, else the type its expression has. */
function resultType(column: OutputColumn, pos: Position): string {
  if (column.pgType !== undefined) return column.pgType.replace(/ COLLATE .*$/, '');
  const type = column.type;
  switch (type.family) {
    case 'string':
      return 'text';
    case 'decimal':
      return type.name === 'money' || type.name === 'smallmoney' ? `numeric(${type.name === 'money' ? 19 : 10},4)` : `numeric(38,${type.scale ?? 0})`;
    case 'null':
      return 'integer';
    case 'condition':
    case 'unknown':
      throw new Refusal(t('refusal.resultColumnType', { column: column.source || t('refusal.what.noName') }), pos);
    default:
      return postgresType(typeName(type, pos)).sql;
  }
}

function contains(node: unknown, test: (value: Record<string, unknown>) => boolean): boolean {
  if (Array.isArray(node)) return node.some((item) => contains(item, test));
  if (node === null || typeof node !== 'object') return false;
  const record = node as Record<string, unknown>;
  if (test(record)) return true;
  return Object.values(record).some((value) => contains(value, test));
}

const readsVariable = (name: string) => (node: Record<string, unknown>): boolean => node.kind === 'variable' && node.name === name;

/** Whether the statement itself reads @@ROWCOUNT (a compound statement: in its condition). */
function readsRowcount(statement: Statement): boolean {
  if (statement.kind === 'if' || statement.kind === 'while') return contains(statement.condition, readsVariable('@@rowcount'));
  if (statement.kind === 'block' || statement.kind === 'try') return false;
  return contains(statement, readsVariable('@@rowcount'));
}

function dollarQuote(body: string): string {
  let tag = '$body$';
  for (let i = 1; body.includes(tag); i++) tag = `$body${i}$`;
  return `${tag}\n${body}\n${tag}`;
}

function isResultSelect(statement: Statement): boolean {
  if (statement.kind !== 'select') return false;
  const body = statement.query.body;
  return body.kind !== 'select' || (body.into === undefined && !body.items.some((item) => item.kind === 'assign'));
}

/** The most result sets one run can return. */
function resultSets(statements: readonly Statement[]): number {
  let count = 0;
  for (const statement of statements) {
    switch (statement.kind) {
      case 'select':
        if (isResultSelect(statement)) count++;
        break;
      case 'block':
        count += resultSets(statement.body);
        break;
      case 'if':
        count += Math.max(resultSets([statement.then]), statement.otherwise === undefined ? 0 : resultSets([statement.otherwise]));
        break;
      case 'while':
        count += resultSets([statement.body]) * 2;
        break;
      case 'try':
        count += Math.max(resultSets(statement.body), resultSets(statement.handler));
        break;
      default:
        break;
    }
  }
  return count;
}

function hasTransactionControl(statements: readonly Statement[]): boolean {
  return contains(statements, (node) => node.kind === 'transaction');
}

function isWrite(statement: Statement): boolean {
  return ['insert', 'update', 'delete', 'merge', 'exec', 'truncate'].includes(statement.kind);
}

/** Parameters as PostgreSQL declares them, and the shape a routine takes: decided without translating its body. */
export function routineSignature(definition: RoutineDefinition, target: Qualified): RoutineSignature {
  const header = definition.header;
  const parameters = header.kind === 'trigger' ? [] : header.parameters.map((p) => parameter(p));
  const commits = hasTransactionControl(definition.body);
  switch (header.kind) {
    case 'procedure': {
      const rows = resultSets(definition.body) > 0;
      const returnStatus = !rows && contains(definition.body, (node) => node.kind === 'return' && node.value !== undefined);
      return { target, shape: rows ? 'rows' : 'procedure', parameters, returnStatus, commits };
    }
    case 'scalarFunction': {
      const { sql, type } = pgTypeOf(header.returns);
      return { target, shape: 'scalar', parameters, returnStatus: false, returns: { type, pgType: sql }, commits };
    }
    case 'inlineFunction':
    case 'tableFunction':
      return { target, shape: 'table', parameters, returnStatus: false, commits };
    case 'trigger':
      return { target, shape: 'trigger', parameters, returnStatus: false, commits };
  }
}

function parameter(p: Parameter): RoutineParameter {
  if (p.readonly) throw new RefusedConstruct('unsupported', p.pos, t('refusal.tableValuedParameter'));
  const { sql, type } = pgTypeOf(p.type);
  return { source: p.name, name: p.name.slice(1), type, pgType: sql, output: p.output };
}

export function translateRoutine(definition: RoutineDefinition, context: RoutineContext): RoutineTranslation {
  const translator = new RoutineTranslator(definition, context);
  try {
    return translator.translate();
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    const uses = translator.recorded();
    if (error instanceof RefusedConstruct) uses.push({ construct: error.construct, line: error.at.line, col: error.at.col, ...(error.detail === undefined ? {} : { detail: error.detail }) });
    else {
      const at = error.position ?? definition.pos;
      uses.push({ construct: 'unsupported', line: at.line, col: at.col, detail: error.what });
    }
    return { ok: false, reason: error.message, uses };
  }
}

/** Output lines at an indentation depth; nested blocks write into the same array, in order. */
class Lines {
  constructor(
    readonly depth: number,
    readonly lines: string[] = [],
  ) {}

  add(line: string): void {
    this.lines.push(`${'  '.repeat(this.depth)}${line}`);
  }

  nested(): Lines {
    return new Lines(this.depth + 1, this.lines);
  }
}

class RoutineTranslator {
  private readonly uses: ConstructUse[] = [];
  /** Where the statement being translated starts, for notes. */
  private current: Position;
  private readonly variables = new Map<string, Variable>();
  private readonly declarations: string[] = [];
  private readonly cursors: string[] = [];
  private readonly cursorNames = new Set<string>();
  private readonly locals = new Map<string, LocalTable>();
  private readonly special = new Set<Special>();
  private readonly calls: { schema: string; name: string }[] = [];
  private readonly label: string;
  private readonly signature: RoutineSignature;
  private qualify = false;
  private tryDepth = 0;
  private catchDepth = 0;
  private transactionDepth = 0;
  private wrote = false;
  private rowcountLimit: string | undefined;
  private usesErrorNumber = false;
  private returnType: SqlType | undefined;
  private resultColumns: { name: string; type: string }[] | undefined;
  private tableResult: LocalTable | undefined;
  private triggerEvent: 'insert' | 'update' | 'delete' | undefined;
  private scratch = 0;
  private tryWrote = false;
  private sqlFunction = false;
  private readonly dropped = new Set<LocalTable>();
  private errorFunctionUses = 0;
  private readonly declared = new Map<string, string>();
  private readonly tracksErrorLine: boolean;

  constructor(
    private readonly definition: RoutineDefinition,
    private readonly context: RoutineContext,
  ) {
    this.label = quoteIdent(context.target.name);
    this.signature = routineSignature(definition, context.target);
    this.current = definition.pos;
    this.tracksErrorLine = contains(definition.body, (n) => n.kind === 'call' && typeof n.name === 'string' && n.name.toLowerCase() === 'error_line');
  }

  recorded(): ConstructUse[] {
    return [...this.uses];
  }

  private use(construct: ConstructId, pos: Position, detail?: string): void {
    if (CONSTRUCTS[construct].confidence === 'refused') throw new RefusedConstruct(construct, pos, detail);
    if (!this.uses.some((u) => u.construct === construct && u.line === pos.line && u.col === pos.col)) this.uses.push({ construct, line: pos.line, col: pos.col, ...(detail === undefined ? {} : { detail }) });
  }

  translate(): RoutineTranslation {
    const header = this.definition.header;
    const statements: RoutineStatement[] = [];
    let sqlLanguage = false;
    switch (header.kind) {
      case 'procedure':
        statements.push(this.procedure());
        break;
      case 'scalarFunction': {
        const result = this.scalarFunction(header.returns);
        statements.push(result.statement);
        sqlLanguage = result.sqlLanguage;
        break;
      }
      case 'inlineFunction':
        statements.push(this.inlineFunction());
        sqlLanguage = true;
        break;
      case 'tableFunction':
        statements.push(this.tableFunction(header.table, header.columns));
        break;
      case 'trigger':
        statements.push(...this.trigger(header));
        break;
    }
    const review = this.uses.some((u) => CONSTRUCTS[u.construct].confidence === 'review');
    const calls = [...new Map(this.calls.map((c) => [`${c.schema}.${c.name}`.toLowerCase(), c])).values()];
    return { ok: true, signature: this.signature, statements, sqlLanguage, confidence: review ? 'review' : 'exact', uses: this.uses, calls, usesErrorNumber: this.usesErrorNumber };
  }

  // ---- routine kinds

  private parameterList(): string {
    const parameters = this.signature.parameters.map((p, i) => {
      const source = this.definition.header.kind === 'trigger' ? undefined : this.definition.header.parameters[i];
      this.variables.set(p.source, { pg: quoteIdent(p.name), type: p.type, pgType: p.pgType });
      if (p.output) this.use('outputParameter', source?.pos ?? this.definition.pos);
      return { p, source };
    });
    // PostgreSQL wants a default on every parameter after the first one that has one.
    const firstDefault = parameters.findIndex(({ source }) => source?.default !== undefined);
    const printed = parameters.map(({ p, source }, i) => {
      let text = `${p.output ? 'INOUT ' : ''}${quoteIdent(p.name)} ${p.pgType}`;
      if (source?.default !== undefined) text += ` DEFAULT ${this.coerce(source.default, p.type, p.pgType, 'parameter').sql}`;
      else if (firstDefault >= 0 && i > firstDefault) text += ' DEFAULT NULL';
      return text;
    });
    if (this.signature.returnStatus) {
      if (this.variables.has('@return_status')) throw new Refusal(t('refusal.returnStatusParameter'), this.definition.pos);
      printed.push('INOUT return_status integer DEFAULT NULL');
    }
    return printed.join(', ');
  }

  private plpgsql(body: Lines, options: { trigger?: boolean } = {}): string {
    const lines = ['#variable_conflict use_column', `<<${this.label}>>`];
    const declarations = [...this.declarations, ...[...this.special].map((s) => SPECIAL[s]), ...this.cursors];
    if (declarations.length > 0) lines.push('DECLARE', ...declarations.map((d) => `  ${d};`));
    lines.push('BEGIN');
    // T-SQL converts each argument to its parameter's declared type; PostgreSQL keeps only the base type.
    for (const p of this.signature.parameters) if (p.pgType.includes('(')) lines.push(`  ${quoteIdent(p.name)} := CAST(${quoteIdent(p.name)} AS ${p.pgType});`);
    if (this.signature.returnStatus) lines.push('  return_status := 0;');
    lines.push(...body.lines);
    if (options.trigger === true) lines.push('  RETURN NULL;');
    lines.push(`END ${this.label};`);
    return lines.join('\n');
  }

  private procedure(): RoutineStatement {
    const parameters = this.parameterList();
    const target = quoteQualified(this.context.target.schema, this.context.target.name);
    if (resultSets(this.definition.body) > 1) throw new RefusedConstruct('twoResultSets', this.definition.pos);
    if (this.signature.shape === 'rows') {
      this.use('resultSet', this.definition.pos);
      if (this.signature.parameters.some((p) => p.output)) throw new Refusal(t('refusal.outputWithRows'), this.definition.pos);
      if (this.signature.commits) throw new RefusedConstruct('transactionRefused', this.definition.pos, t('refusal.transactionInRowsProcedure'));
      if (contains(this.definition.body, (n) => n.kind === 'return' && n.value !== undefined)) throw new Refusal(t('refusal.returnStatusWithRows'), this.definition.pos);
      const body = this.body(this.definition.body);
      this.dropLocals(body);
      const columns = this.resultColumns ?? [];
      const returns = `TABLE(${columns.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(', ')})`;
      return { kind: 'function', sql: `CREATE FUNCTION ${target}(${parameters}) RETURNS ${returns} LANGUAGE plpgsql AS ${dollarQuote(this.plpgsql(body))};` };
    }
    this.use('procedure', this.definition.pos);
    const body = this.body(this.definition.body);
    this.dropLocals(body);
    return { kind: 'procedure', sql: `CREATE PROCEDURE ${target}(${parameters}) LANGUAGE plpgsql AS ${dollarQuote(this.plpgsql(body))};` };
  }

  private scalarFunction(returns: TypeName): { statement: RoutineStatement; sqlLanguage: boolean } {
    this.use('scalarFunction', this.definition.pos);
    const parameters = this.parameterList();
    const { sql: pgType, type } = pgTypeOf(returns);
    this.returnType = type;
    const target = quoteQualified(this.context.target.schema, this.context.target.name);
    const [only] = this.definition.body;
    if (this.definition.body.length === 1 && only?.kind === 'return' && only.value !== undefined && !contains(only.value, (n) => n.kind === 'subquery' || n.kind === 'exists' || n.kind === 'inQuery')) {
      // One RETURN of an expression: a SQL function, which the planner can inline.
      this.qualify = true;
      this.sqlFunction = true;
      const value = this.coerce(only.value, type, pgType, 'variable');
      return { statement: { kind: 'function', sql: `CREATE FUNCTION ${target}(${parameters}) RETURNS ${pgType} LANGUAGE sql STABLE AS ${dollarQuote(`SELECT ${value.sql};`)};` }, sqlLanguage: false };
    }
    const body = this.body(this.definition.body);
    this.dropLocals(body);
    const volatility = this.locals.size > 0 ? 'VOLATILE' : 'STABLE';
    return { statement: { kind: 'function', sql: `CREATE FUNCTION ${target}(${parameters}) RETURNS ${pgType} LANGUAGE plpgsql ${volatility} AS ${dollarQuote(this.plpgsql(body))};` }, sqlLanguage: false };
  }

  private inlineFunction(): RoutineStatement {
    this.use('inlineFunction', this.definition.pos);
    const parameters = this.parameterList();
    const query = this.definition.query;
    if (query === undefined) throw new Refusal(t('refusal.inlineWithoutQuery'), this.definition.pos);
    this.qualify = true;
    this.sqlFunction = true;
    const { sql, columns } = this.resultQuery(query, this.definition.pos);
    const target = quoteQualified(this.context.target.schema, this.context.target.name);
    const returns = `TABLE(${columns.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(', ')})`;
    return { kind: 'function', sql: `CREATE FUNCTION ${target}(${parameters}) RETURNS ${returns} LANGUAGE sql STABLE AS ${dollarQuote(`${sql};`)};` };
  }

  private tableFunction(table: string, columns: readonly ColumnDefinition[]): RoutineStatement {
    this.use('tableFunction', this.definition.pos);
    const parameters = this.parameterList();
    const body = new Lines(1);
    this.tableResult = this.createLocal(table, columns, body, this.definition.pos);
    this.statements(this.definition.body, body, true);
    const target = quoteQualified(this.context.target.schema, this.context.target.name);
    const returns = `TABLE(${this.tableResult.columns.map((c) => `${quoteIdent(c.name)} ${c.info.targetType}`).join(', ')})`;
    return { kind: 'function', sql: `CREATE FUNCTION ${target}(${parameters}) RETURNS ${returns} LANGUAGE plpgsql VOLATILE AS ${dollarQuote(this.plpgsql(body))};` };
  }

  private trigger(header: RoutineDefinition['header'] & { kind: 'trigger' }): RoutineStatement[] {
    const table = this.context.triggerTable;
    if (table === undefined) throw new Refusal(t('refusal.triggerTableNotMigrated', { table: header.table.join('.') }), this.definition.pos);
    if (header.timing === 'instead of') throw new RefusedConstruct('insteadOf', this.definition.pos);
    this.use('trigger', this.definition.pos);
    if (this.signature.commits) this.use('triggerRollback', this.definition.pos);
    const bodies = header.events.map((event) => {
      this.triggerEvent = event;
      this.wrote = false;
      const body = this.body(this.definition.body, 2);
      return { event, text: body.lines.join('\n'), body };
    });
    this.triggerEvent = undefined;
    const main = new Lines(1);
    const distinct = [...new Set(bodies.map((b) => b.text))];
    if (distinct.length === 1) main.lines.push(...(bodies[0]?.body.lines ?? []).map((l) => l.slice(2)));
    else {
      bodies.forEach((b, i) => {
        main.add(`${i === 0 ? 'IF' : 'ELSIF'} TG_OP = '${b.event.toUpperCase()}' THEN`);
        main.lines.push(...b.body.lines);
      });
      main.add('END IF;');
    }
    const fn = quoteQualified(this.context.target.schema, this.context.target.name);
    const statements: RoutineStatement[] = [{ kind: 'function', sql: `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS ${dollarQuote(this.plpgsql(main, { trigger: true }))};` }];
    for (const event of header.events) {
      const name = header.events.length === 1 ? this.context.target.name : `${this.context.target.name}_${event}`;
      const referencing = event === 'insert' ? 'NEW TABLE AS inserted' : event === 'delete' ? 'OLD TABLE AS deleted' : 'NEW TABLE AS inserted OLD TABLE AS deleted';
      statements.push({
        kind: 'trigger',
        sql: `CREATE TRIGGER ${quoteIdent(name)} AFTER ${event.toUpperCase()} ON ${quoteQualified(table.schema, table.name)} REFERENCING ${referencing} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}();`,
      });
    }
    return statements;
  }

  // ---- names

  private queryContext(): ViewContext {
    return {
      defaultSchema: this.context.defaultSchema,
      relation: (schema, name) => this.relation(schema, name),
      variable: (name, pos) => this.variable(name, pos),
      call: (call, translator) => this.call(call, translator),
    };
  }

  private queries(): QueryTranslator {
    return new QueryTranslator(this.queryContext());
  }

  /** Expression notes, recorded at the statement being translated. */
  private collect(translator: QueryTranslator): void {
    for (const note of translator.notes) {
      const pos = this.current;
      if (!this.uses.some((u) => u.construct === 'expressionNote' && u.detail === note)) this.uses.push({ construct: 'expressionNote', line: pos.line, col: pos.col, detail: note });
    }
  }

  private relation(schema: string | undefined, name: string): RelationInfo | undefined {
    const key = name.toLowerCase();
    if (schema === undefined && (key.startsWith('#') || key.startsWith('@'))) {
      const local = this.locals.get(key);
      if (local === undefined) throw new Refusal(t(key.startsWith('#') ? 'refusal.temporaryTableNotCreated' : 'refusal.tableVariableNotCreated', { name }), this.definition.pos);
      return { schema: 'pg_temp', name: local.pg, sql: `pg_temp.${quoteIdent(local.pg)}`, column: (c) => local.columns.find((l) => l.name === c.toLowerCase())?.info, columns: local.columns.map((c) => ({ source: c.name, info: c.info, generated: c.generated })) };
    }
    const table = this.context.triggerTable;
    if (schema === undefined && table !== undefined && (key === 'inserted' || key === 'deleted') && this.triggerEvent !== undefined) {
      const present = key === 'inserted' ? this.triggerEvent !== 'delete' : this.triggerEvent !== 'insert';
      // The transition table an event does not have reads as an empty table of the same columns.
      return { ...table, name: key, sql: present ? key : `(SELECT * FROM ${quoteQualified(table.schema, table.name)} LIMIT 0)` };
    }
    return this.context.relation(schema, name);
  }

  private variable(name: string, pos: Position): Typed {
    if (name.startsWith('@@')) return this.systemVariable(name, pos);
    const found = this.variables.get(name);
    if (found === undefined) throw new Refusal(t('refusal.variableNotDeclared', { name }), pos);
    const sql = this.qualify ? `${this.label}.${found.pg}` : found.pg;
    // A SQL function has no prologue to convert its arguments to the parameter types (see plpgsql()).
    if (this.sqlFunction && found.pgType.includes('(')) return { ...atom(`CAST(${sql} AS ${found.pgType})`, found.type), pgType: found.pgType };
    return { ...atom(sql, found.type), pgType: found.pgType };
  }

  private systemVariable(name: string, pos: Position): Typed {
    switch (name) {
      case '@@rowcount':
        this.special.add('rowcount');
        return atom('_rowcount', INT);
      case '@@trancount':
        this.special.add('trancount');
        this.use('trancount', pos);
        return atom('_trancount', INT);
      case '@@fetch_status':
        this.special.add('fetchStatus');
        this.use('fetchStatus', pos);
        return atom('_fetch_status', INT);
      case '@@error':
        this.use('atError', pos);
        return atom('0', INT);
      case '@@identity':
        this.use('atIdentity', pos);
        this.special.add('identity');
        return atom('_identity', sqlType('decimal', [38, 0]));
      case '@@spid':
        return atom('pg_backend_pid()', INT);
      default:
        throw new Refusal(t('refusal.systemFunction', { name: name.toUpperCase() }), pos);
    }
  }

  private call(call: Expr & { kind: 'call' }, translator: ExpressionTranslator): Typed | undefined {
    const name = call.name.toLowerCase();
    if (ERROR_FUNCTIONS.has(name)) return this.errorFunction(name, call.pos);
    switch (name) {
      case 'scope_identity':
        this.use('scopeIdentity', call.pos);
        this.special.add('identity');
        return atom('_identity', sqlType('decimal', [38, 0]));
      case 'xact_state':
        this.special.add('trancount');
        this.use('trancount', call.pos);
        return atom('CASE WHEN _trancount > 0 THEN 1 ELSE 0 END', INT);
      case 'update':
        return this.updated(call);
      case 'quotename': {
        if (call.args.length !== 1 || call.args[0] === undefined) throw new Refusal(t('refusal.quotenameCharacter'), call.pos);
        const value = translator.text(translator.translate(call.args[0]), call.pos);
        return { sql: `'[' || replace(${value.sql}, ']', ']]') || ']'`, prec: PREC.other, type: sqlType('nvarchar', [258]) };
      }
      default:
        break;
    }
    const called = userFunctionCall(call, translator, this.context.routine, this.context.defaultSchema);
    if (called !== undefined) this.calls.push(called.callee);
    return called?.value;
  }

  /** UPDATE(column) in a trigger: decided from the transition tables (a value changed). */
  private updated(call: Expr & { kind: 'call' }): Typed {
    const table = this.context.triggerTable;
    const [arg] = call.args;
    if (table === undefined || this.triggerEvent === undefined || call.args.length !== 1 || arg?.kind !== 'column') throw new Refusal(t('refusal.updateOutsideTrigger'), call.pos);
    const column = table.column(arg.parts[arg.parts.length - 1] ?? '');
    if (column === undefined) throw new Refusal(t('refusal.updateUnknownColumn', { column: arg.parts.join('.') }), call.pos);
    if (this.triggerEvent !== 'update') return atom(this.triggerEvent === 'insert' ? 'true' : 'false', CONDITION);
    this.use('updateFunction', call.pos);
    const name = quoteIdent(column.name);
    return atom(`EXISTS (SELECT ${name} FROM inserted EXCEPT ALL SELECT ${name} FROM deleted)`, CONDITION);
  }

  private errorFunction(name: string, pos: Position): Typed {
    if (this.catchDepth === 0) throw new Refusal(t('refusal.outsideCatch', { name: `${name.toUpperCase()}()` }), pos);
    this.use('errorFunctions', pos);
    this.errorFunctionUses++;
    for (const s of ['errorState', 'errorMessage', 'errorDetail'] as const) this.special.add(s);
    switch (name) {
      case 'error_message':
        return atom('_error_message', sqlType('nvarchar', [4000]));
      case 'error_number':
        this.usesErrorNumber = true;
        return atom('ms2pg.error_number(_sqlstate, _error_detail)', INT);
      case 'error_severity':
        return atom('16', INT);
      case 'error_state':
        return atom(`coalesce(CAST(substring(_error_detail FROM ', state (\\d+)$') AS integer), 1)`, INT);
      case 'error_line':
        this.special.add('errorLine');
        return atom('_error_line', INT);
      default:
        return atom(quoteLiteral(this.context.target.name), sqlType('nvarchar', [128]));
    }
  }

  // ---- values

  /** A value for a variable, parameter or column of `type`, converted the way T-SQL converts on assignment. */
  /**
   * A PL/pgSQL expression. Variables are left unqualified there unless the expression holds a
   * query, where a column of the same name would capture them.
   */
  private plain<T>(expr: Expr, work: (translator: ExpressionTranslator) => T): T {
    const before = this.qualify;
    this.qualify = this.qualify || contains(expr, (n) => n.kind === 'subquery' || n.kind === 'exists' || n.kind === 'inQuery');
    try {
      const queries = this.queries();
      const translator = queries.expressions(undefined);
      const value = work(translator);
      queries.collect(translator);
      this.collect(queries);
      return value;
    } finally {
      this.qualify = before;
    }
  }

  private coerce(expr: Expr, type: SqlType, pgType: string, purpose: 'variable' | 'column' | 'parameter' | 'argument'): Typed {
    return this.plain(expr, (translator) => coerceValue(translator, expr, type, pgType, purpose));
  }

  private expression(expr: Expr): Typed {
    return this.plain(expr, (translator) => translator.translate(expr));
  }

  private condition(expr: Expr): string {
    return this.plain(expr, (translator) => translator.condition(expr).sql);
  }

  // ---- statements

  private body(statements: readonly Statement[], depth = 1): Lines {
    const lines = new Lines(depth);
    this.statements(statements, lines, true);
    return lines;
  }

  /**
   * @@ROWCOUNT is read right after the statement it counts (or first thing in a trigger): that
   * statement captures its count for the reader that follows.
   */
  private statements(statements: readonly Statement[], out: Lines, top = false): void {
    let counted = top && this.triggerEvent !== undefined;
    if (counted && statements[0]?.kind !== 'block' && statements.some(readsRowcount)) {
      this.special.add('rowcount');
      out.add(`_rowcount := (SELECT count(*) FROM ${this.triggerEvent === 'delete' ? 'deleted' : 'inserted'});`);
    }
    statements.forEach((statement, i) => {
      if (statement.kind === 'empty') return;
      this.current = statement.pos;
      if (statement.kind === 'block' && top && i === 0) {
        // A trigger's BEGIN ... END: its first statement is still the first of the trigger.
        this.use('controlFlow', statement.pos);
        this.statements(statement.body, out, true);
        return;
      }
      if (readsRowcount(statement)) {
        if (!counted) throw new RefusedConstruct('rowcountLate', statement.pos);
        this.use('rowcount', statement.pos);
      }
      if (this.tracksErrorLine && this.tryDepth > 0 && this.catchDepth === 0 && !['block', 'try', 'if', 'while'].includes(statement.kind)) {
        this.special.add('errorLine');
        out.add(`_error_line := ${statement.pos.line};`);
      }
      this.statement(statement, out, statements.slice(i + 1));
      const next = statements.slice(i + 1).find((s) => s.kind !== 'empty');
      counted = next !== undefined && readsRowcount(next) && this.countRows(statement, out);
    });
  }

  /** Emits what sets _rowcount after `statement`, as T-SQL sets @@ROWCOUNT; false when that is not known. */
  private countRows(statement: Statement, out: Lines): boolean {
    this.special.add('rowcount');
    switch (statement.kind) {
      case 'insert':
      case 'update':
      case 'delete':
      case 'fetch':
        out.add('GET DIAGNOSTICS _rowcount = ROW_COUNT;');
        return true;
      case 'select':
        if (statement.query.body.kind === 'select' && statement.query.body.items.some((i) => i.kind === 'assign') && statement.query.body.from.length > 0) return false;
        out.add(statement.query.body.kind === 'select' && statement.query.body.from.length === 0 ? '_rowcount := 1;' : 'GET DIAGNOSTICS _rowcount = ROW_COUNT;');
        return true;
      case 'set':
        out.add('_rowcount := 1;');
        return true;
      case 'setOption':
      case 'print':
      case 'transaction':
        out.add('_rowcount := 0;');
        return true;
      default:
        return false;
    }
  }

  private statement(statement: Statement, out: Lines, rest: readonly Statement[]): void {
    switch (statement.kind) {
      case 'empty':
        return;
      case 'block':
        this.use('controlFlow', statement.pos);
        this.statements(statement.body, out);
        return;
      case 'declare':
        { this.declare(statement, out); return; }
      case 'declareTable':
        this.use('tableVariable', statement.pos);
        this.createLocal(statement.name, statement.columns, out, statement.pos);
        return;
      case 'declareCursor':
        { this.declareCursor(statement); return; }
      case 'set':
        { this.set(statement.variable, statement.op, statement.value, statement.pos, out); return; }
      case 'setOption':
        { this.setOption(statement); return; }
      case 'select':
        { this.select(statement.query, statement.pos, out); return; }
      case 'insert':
        { this.insert(statement, out); return; }
      case 'update':
        { this.update(statement, out); return; }
      case 'delete':
        { this.delete(statement, out); return; }
      case 'merge':
        throw new RefusedConstruct('merge', statement.pos);
      case 'if': {
        this.use('controlFlow', statement.pos);
        // PL/pgSQL ends an IF condition at the first THEN outside parentheses, a CASE's included.
        const condition = this.condition(statement.condition);
        out.add(`IF ${/\bCASE\b/.test(condition) ? `(${condition})` : condition} THEN`);
        this.statements([statement.then], out.nested());
        if (statement.otherwise !== undefined) {
          out.add('ELSE');
          this.statements([statement.otherwise], out.nested());
        }
        out.add('END IF;');
        return;
      }
      case 'while': {
        this.use('controlFlow', statement.pos);
        out.add(`WHILE ${this.condition(statement.condition)} LOOP`);
        this.statements([statement.body], out.nested());
        out.add('END LOOP;');
        return;
      }
      case 'break':
        this.use('controlFlow', statement.pos);
        out.add('EXIT;');
        return;
      case 'continue':
        this.use('controlFlow', statement.pos);
        out.add('CONTINUE;');
        return;
      case 'return':
        { this.return(statement, out); return; }
      case 'try':
        { this.tryCatch(statement, out); return; }
      case 'throw':
        { this.throw(statement, out); return; }
      case 'raiserror':
        { this.raiserror(statement, out, rest); return; }
      case 'print':
        this.use('print', statement.pos);
        out.add(`RAISE NOTICE '%', ${this.expression(statement.value).sql};`);
        return;
      case 'transaction':
        { this.transaction(statement, out, rest); return; }
      case 'exec':
        { this.exec(statement, out); return; }
      case 'execString':
        throw new RefusedConstruct('dynamicSql', statement.pos);
      case 'cursor':
        { this.cursor(statement, out); return; }
      case 'fetch':
        { this.fetch(statement, out); return; }
      case 'createTable':
        this.use('tempTable', statement.pos);
        if (!statement.name.startsWith('#')) throw new Refusal(t('refusal.createTableInRoutine', { name: statement.name }), statement.pos);
        this.createLocal(statement.name, statement.columns, out, statement.pos);
        return;
      case 'dropTable':
        for (const name of statement.names) {
          const local = this.locals.get(name.toLowerCase());
          if (local === undefined) throw new Refusal(t('refusal.dropTableInRoutine', { name }), statement.pos);
          out.add(`DROP TABLE ${statement.ifExists ? 'IF EXISTS ' : ''}pg_temp.${quoteIdent(local.pg)};`);
          this.dropped.add(local);
        }
        return;
      case 'truncate': {
        this.use('truncate', statement.pos);
        const target = this.target(statement.target);
        out.add(`TRUNCATE TABLE ${target.sql} RESTART IDENTITY;`);
        this.wrote = true;
        return;
      }
      case 'goto':
      case 'label':
        throw new RefusedConstruct('goto', statement.pos);
      case 'waitfor':
        throw new RefusedConstruct('unsupported', statement.pos, 'WAITFOR');
    }
  }

  private declare(statement: Statement & { kind: 'declare' }, out: Lines): void {
    for (const v of statement.variables) {
      this.use('declare', v.pos);
      const { sql, type } = pgTypeOf(v.type);
      const pg = quoteIdent(v.name.slice(1));
      if (pg.startsWith('_')) throw new Refusal(t('refusal.underscoreVariable', { name: v.name }), v.pos);
      if (this.declaredOnce(v.name, v.pos)) {
        this.variables.set(v.name, { pg, type, pgType: sql });
        this.declarations.push(`${pg} ${sql}`);
      }
      if (v.value !== undefined) out.add(`${pg} := ${this.coerce(v.value, type, sql, 'variable').sql};`);
    }
  }

  /** True the first time `name` is declared; a trigger's body is translated once per event, so the same declaration comes again. */
  private declaredOnce(name: string, pos: Position): boolean {
    const at = `${pos.line}:${pos.col}`;
    const previous = this.declared.get(name);
    if (previous === undefined) {
      this.declared.set(name, at);
      return true;
    }
    if (previous !== at) throw new Refusal(t('refusal.declaredTwice', { name }), pos);
    return false;
  }

  private set(name: string, op: string, valueExpr: Expr, pos: Position, out: Lines): void {
    this.use('assign', pos);
    const variable = this.variables.get(name);
    if (variable === undefined) throw new Refusal(t('refusal.variableNotDeclared', { name }), pos);
    const value: Expr = op === '=' ? valueExpr : { kind: 'binary', op: op.slice(0, 1), left: { kind: 'variable', name, pos }, right: valueExpr, pos };
    out.add(`${variable.pg} := ${this.coerce(value, variable.type, variable.pgType, 'variable').sql};`);
  }

  private setOption(statement: Statement & { kind: 'setOption' }): void {
    const option = statement.option;
    if (['NOCOUNT', 'ANSI_NULLS', 'QUOTED_IDENTIFIER', 'ANSI_WARNINGS', 'ARITHABORT', 'ANSI_PADDING', 'CONCAT_NULL_YIELDS_NULL'].includes(option) || (option === 'XACT_ABORT' && statement.value === 'ON')) {
      this.use('setNoop', statement.pos);
      return;
    }
    if (option === 'ROWCOUNT' && typeof statement.value !== 'string' && statement.value.kind === 'number') {
      this.use('setRowcount', statement.pos);
      this.rowcountLimit = statement.value.text === '0' ? undefined : statement.value.text;
      return;
    }
    throw new RefusedConstruct('setOption', statement.pos, `SET ${option}`);
  }

  // ---- queries in statements

  private inQuery<T>(work: () => T): T {
    const before = this.qualify;
    this.qualify = true;
    try {
      return work();
    } finally {
      this.qualify = before;
    }
  }

  /** A result set's query with every column cast to the type RETURNS TABLE declares. */
  private resultQuery(query: Query, pos: Position): { sql: string; columns: { name: string; type: string }[] } {
    return this.inQuery(() => {
      const first = this.queries();
      const printed = first.query(query, undefined, undefined, false);
      const select = query.body.kind === 'select' ? query.body : undefined;
      if (select?.items.some((i) => i.kind === 'star') === true) throw new Refusal(t('refusal.starResultSet'), pos);
      const count = select?.items.length ?? printed.columns.length;
      if (printed.columns.length !== count) throw new Refusal(t('refusal.unnamedResultColumns'), pos);
      const columns = printed.columns.map((c, i) => ({ name: (c.source === '' ? `column${i + 1}` : c.source).toLowerCase(), type: resultType(c, pos) }));
      if (new Set(columns.map((c) => c.name)).size !== columns.length) throw new Refusal(t('refusal.duplicateResultColumns'), pos);
      let final = printed.sql;
      if (printed.columns.some((c, i) => c.pgType !== columns[i]?.type)) {
        // Cast what is not a plain column of the declared type, so the rows match RETURNS TABLE exactly.
        const second = this.queries();
        const cast = (expr: Expr, i: number, translator: ExpressionTranslator): Typed => {
          const value = translator.translate(expr);
          const declared = columns[i]?.type ?? 'text';
          return value.pgType === declared ? value : atom(`CAST(${value.sql} AS ${declared})`, value.type);
        };
        final = second.query(query, undefined, columns.map((c) => c.name), false, cast).sql;
        this.collect(second);
      }
      this.collect(first);
      if (this.rowcountLimit !== undefined) final = `${final} LIMIT ${this.rowcountLimit}`;
      return { sql: final, columns };
    });
  }

  private select(query: Query, pos: Position, out: Lines): void {
    const body = query.body;
    if (body.kind === 'select' && body.into !== undefined) { this.selectInto(query, body, pos, out); return; }
    if (body.kind === 'select' && body.items.some((item) => item.kind === 'assign')) { this.selectAssign(query, body, pos, out); return; }
    if (this.signature.shape === 'scalar' || this.signature.shape === 'procedure' || this.signature.shape === 'trigger') throw new RefusedConstruct(this.signature.shape === 'procedure' ? 'twoResultSets' : 'unsupported', pos, t('refusal.resultSetHere'));
    if (this.signature.shape === 'table') throw new Refusal(t('refusal.resultSetInTableFunction'), pos);
    const { sql, columns } = this.resultQuery(query, pos);
    if (this.resultColumns === undefined) this.resultColumns = columns;
    else if (this.resultColumns.length !== columns.length || this.resultColumns.some((c, i) => c.type !== columns[i]?.type)) throw new RefusedConstruct('twoResultSets', pos, t('refusal.differentResultSets'));
    out.add(`RETURN QUERY ${sql};`);
  }

  private selectInto(query: Query, select: Select, pos: Position, out: Lines): void {
    this.use('tempTable', pos);
    const name = select.into?.name.toLowerCase() ?? '';
    if (!name.startsWith('#')) throw new Refusal(t('refusal.selectIntoTable', { name }), pos);
    const printed = this.inQuery(() => {
      const queries = this.queries();
      const result = queries.query({ ...query, body: withoutInto(select) }, undefined, undefined, false);
      this.collect(queries);
      return result;
    });
    const pg = name.slice(1).toLowerCase();
    this.locals.set(name, { pg, columns: printed.columns.map((c) => ({ name: c.source.toLowerCase(), info: { name: c.sql.replace(/^"|"$/g, ''), sourceType: c.type.name, targetType: c.pgType ?? 'text' }, generated: false })) });
    out.add(`CREATE TEMP TABLE ${quoteIdent(pg)} AS ${printed.sql};`);
  }

  private selectAssign(query: Query, select: Select, pos: Position, out: Lines): void {
    this.use('selectAssign', pos);
    const assigns = select.items.map((item) => {
      if (item.kind !== 'assign') throw new Refusal(t('refusal.assignAndReturn'), pos);
      const variable = this.variables.get(item.variable);
      if (variable === undefined) throw new Refusal(t('refusal.variableNotDeclared', { name: item.variable }), item.pos);
      const value: Expr = item.op === '=' ? item.expr : { kind: 'binary', op: item.op.slice(0, 1), left: { kind: 'variable', name: item.variable, pos: item.pos }, right: item.expr, pos: item.pos };
      return { item, variable, value };
    });
    if (select.from.length === 0 && select.where === undefined && query.ctes.length === 0) {
      for (const a of assigns) out.add(`${a.variable.pg} := ${this.coerce(a.value, a.variable.type, a.variable.pgType, 'variable').sql};`);
      return;
    }
    const assigned = new Set(assigns.map((a) => a.item.variable));
    if (assigns.some((a) => contains(a.value, (n) => n.kind === 'variable' && typeof n.name === 'string' && assigned.has(n.name)))) throw new RefusedConstruct('accumulate', pos);
    const items: SelectItem[] = assigns.map((a) => ({ kind: 'expr', expr: a.value }));
    const coerce = (expr: Expr, i: number, translator: ExpressionTranslator): Typed => {
      const variable = assigns[i]?.variable;
      if (variable === undefined) throw new Refusal(t('refusal.assignment'), pos);
      return coerceValue(translator, expr, variable.type, variable.pgType, 'variable');
    };
    const printed = this.inQuery(() => {
      const queries = this.queries();
      const result = queries.query({ ...query, body: { ...select, items } }, undefined, undefined, false, coerce);
      this.collect(queries);
      return result;
    });
    const targets = assigns.map((a) => a.variable.pg).join(', ');
    // One row for sure (aggregates without GROUP BY): SELECT ... INTO. Otherwise a loop keeps T-SQL's
    // rule: the last row wins, and no row leaves the variables unchanged.
    const oneRow = select.groupBy.length === 0 && select.items.every((i) => i.kind === 'assign' && isAggregate(i.expr));
    out.add(oneRow ? `${printed.sql} INTO ${targets};` : `FOR ${targets} IN ${printed.sql} LOOP END LOOP;`);
  }

  private tableTarget(target: TargetTable, scope: Scope, queries: QueryTranslator): { sql: string; relation: RelationInfo; alias?: string } {
    const parts = target.parts;
    const name = parts[parts.length - 1] ?? '';
    const schema = parts.length >= 2 ? parts[parts.length - 2] : undefined;
    const relation = this.relation(schema, name);
    if (relation === undefined) throw new Refusal(t('refusal.tableNotMigrated', { name: parts.join('.') }), target.pos);
    const sql = queries.table({ kind: 'table', parts, ...(target.alias === undefined ? {} : { alias: target.alias }), hints: [], pos: target.pos }, scope);
    return { sql, relation, ...(target.alias === undefined ? {} : { alias: target.alias }) };
  }

  private target(target: TargetTable): { sql: string; relation: RelationInfo } {
    const queries = this.queries();
    return this.tableTarget(target, new Scope(undefined), queries);
  }

  private noteWrite(pos: Position): void {
    if (this.rowcountLimit !== undefined) throw new RefusedConstruct('setOption', pos, t('refusal.rowcountBeforeDml'));
    if (this.tryDepth > 0) this.tryWrote = true;
    if (this.transactionDepth === 0 && this.tryDepth === 0 && this.signature.shape === 'procedure') {
      if (this.wrote && !this.xactAbort()) this.use('autocommit', pos);
      this.wrote = true;
    }
  }

  private xactAbort(): boolean {
    return contains(this.definition.body, (n) => n.kind === 'setOption' && n.option === 'XACT_ABORT' && n.value === 'ON');
  }

  private insert(statement: Statement & { kind: 'insert' }, out: Lines): void {
    if (statement.source.kind === 'exec') throw new RefusedConstruct('insertExec', statement.source.pos);
    if (statement.top !== undefined) throw new RefusedConstruct('unsupported', statement.top.pos, 'INSERT TOP (n)');
    if (statement.output !== undefined) throw new RefusedConstruct('outputClause', statement.output.pos);
    this.noteWrite(statement.pos);
    const sql = this.inQuery(() => {
      const queries = this.queries();
      const scope = new Scope(undefined);
      const ctes = queries.withClause(statement.ctes, scope);
      const target = this.tableTarget(statement.target, new Scope(undefined), queries);
      const relation = target.relation;
      const names = statement.columns ?? relation.columns?.filter((c) => !c.generated).map((c) => c.source);
      if (names === undefined) throw new Refusal(t('refusal.insertWithoutColumns', { table: statement.target.parts.join('.') }), statement.pos);
      const columns = names.map((n) => {
        const info = relation.column(n);
        if (info === undefined) throw new Refusal(t('refusal.unknownColumnOf', { column: n, table: statement.target.parts.join('.') }), statement.pos);
        return info;
      });
      const list = `(${columns.map((c) => quoteIdent(c.name)).join(', ')})`;
      let source: string;
      switch (statement.source.kind) {
        case 'defaultValues':
          source = 'DEFAULT VALUES';
          break;
        case 'values': {
          const translator = queries.expressions(scope);
          const rows = statement.source.rows.map((row) => {
            if (row.length !== columns.length) throw new Refusal(t('refusal.valuesForColumns', { values: row.length, columns: columns.length }), statement.pos);
            return `(${row.map((value, i) => {
              const column = columns[i];
              if (column === undefined) throw new Refusal(t('refusal.moreValuesThanColumns'), statement.pos);
              if (value.kind === 'column' && value.parts.length === 1 && value.parts[0]?.toLowerCase() === 'default') return 'DEFAULT';
              return coerceValue(translator, value, sqlTypeOfColumn(column), column.targetType, 'column').sql;
            }).join(', ')})`;
          });
          queries.collect(translator);
          source = `VALUES ${rows.join(', ')}`;
          break;
        }
        case 'query': {
          const query = statement.source.query;
          const select = query.body.kind === 'select' ? query.body : undefined;
          if (select !== undefined && select.items.length !== columns.length) throw new Refusal(t('refusal.queryColumnsFor', { query: select.items.length, columns: columns.length }), statement.pos);
          const coerce = (expr: Expr, i: number, translator: ExpressionTranslator): Typed => {
            const column = columns[i];
            if (column === undefined) throw new Refusal(t('refusal.queryMoreColumnsThan', { columns: columns.length }), statement.pos);
            return coerceValue(translator, expr, sqlTypeOfColumn(column), column.targetType, 'column');
          };
          source = queries.query(query, scope, undefined, false, coerce).sql;
          break;
        }
        case 'exec':
          throw new RefusedConstruct('insertExec', statement.source.pos);
      }
      let returning = '';
      if (this.special.has('identity') || contains(this.definition.body, (n) => (n.kind === 'call' && typeof n.name === 'string' && n.name.toLowerCase() === 'scope_identity') || (n.kind === 'variable' && n.name === '@@identity'))) {
        if (relation.identity !== undefined) {
          if (statement.source.kind !== 'values' || statement.source.rows.length !== 1) throw new Refusal(t('refusal.scopeIdentityMultiRow'), statement.pos);
          this.special.add('identity');
          returning = ` RETURNING ${quoteIdent(relation.identity)} INTO _identity`;
        }
      }
      this.collect(queries);
      return `${ctes}INSERT INTO ${target.sql} ${list} ${source}${returning};`;
    });
    out.add(sql);
  }

  /**
   * Splits T-SQL's UPDATE/DELETE ... FROM: the target's own entry in FROM (by alias or name) leaves
   * FROM, and the ON conditions of the inner joins that held it move to WHERE.
   */
  private dmlFrom(target: TargetTable, from: readonly TableSource[]): { target: TargetTable; from: TableSource[]; conditions: Expr[] } {
    const single = target.parts.length === 1 ? (target.parts[0] ?? '').toLowerCase() : undefined;
    const matches = (source: TableSource): boolean =>
      source.kind === 'table' && (source.alias !== undefined ? source.alias.toLowerCase() === single : source.parts.map((p) => p.toLowerCase()).join('.') === target.parts.map((p) => p.toLowerCase()).join('.'));
    const conditions: Expr[] = [];
    let found: (TableSource & { kind: 'table' }) | undefined;
    const unwrap = (source: TableSource): TableSource | undefined => {
      if (matches(source)) {
        found = source as TableSource & { kind: 'table' };
        return undefined;
      }
      if (source.kind !== 'join') return source;
      const left = unwrap(source.left);
      if (left !== undefined) return source;
      if (source.type !== 'INNER' && source.type !== 'CROSS') throw new RefusedConstruct('unsupported', source.pos, t('refusal.joinToChangedTable', { join: source.type }));
      if (source.on !== undefined) conditions.push(source.on);
      return source.right;
    };
    const rest = from.map(unwrap).filter((s): s is TableSource => s !== undefined);
    if (found === undefined) return { target, from: [...from], conditions };
    const located: TableSource & { kind: 'table' } = found;
    return { target: { parts: located.parts, ...(located.alias === undefined ? {} : { alias: located.alias }), pos: located.pos }, from: rest, conditions };
  }

  private update(statement: Statement & { kind: 'update' }, out: Lines): void {
    this.dml(statement, out, 'FROM', (target, translator) => `UPDATE ${target.sql} SET ${statement.set.map((item) => this.setItem(item, target.relation, translator)).join(', ')}`);
  }

  /** UPDATE and DELETE alike: T-SQL's FROM with joins split into the target, other sources and conditions; TOP as a ctid condition. */
  private dml(
    statement: Statement & { kind: 'update' | 'delete' },
    out: Lines,
    sourcesKeyword: 'FROM' | 'USING',
    head: (target: { sql: string; relation: RelationInfo }, translator: ExpressionTranslator) => string,
  ): void {
    if (statement.output !== undefined) throw new RefusedConstruct('outputClause', statement.output.pos);
    this.noteWrite(statement.pos);
    if (statement.from.length > 0) this.use('updateFrom', statement.pos);
    const split = this.dmlFrom(statement.target, statement.from);
    const sql = this.inQuery(() => {
      const queries = this.queries();
      const scope = new Scope(undefined);
      const ctes = queries.withClause(statement.ctes, scope);
      const target = this.tableTarget(split.target, scope, queries);
      const translator = queries.expressions(scope);
      const sources = split.from.map((s) => queries.source(s, scope, translator));
      const start = head(target, translator);
      const conditions = [...split.conditions, ...(statement.where === undefined ? [] : [statement.where])].map((c) => translator.condition(c));
      let where = conditions.map((c) => operand(c, PREC.and)).join(' AND ');
      if (statement.top !== undefined) where = this.topCondition(statement.top, target, where, translator);
      queries.collect(translator);
      this.collect(queries);
      return `${ctes}${start}${sources.length > 0 ? ` ${sourcesKeyword} ${sources.join(', ')}` : ''}${where === '' ? '' : ` WHERE ${where}`};`;
    });
    out.add(sql);
  }

  private topCondition(top: NonNullable<(Statement & { kind: 'update' })['top']>, target: { relation: RelationInfo; alias?: string }, where: string, translator: ExpressionTranslator): string {
    this.use('topDml', top.pos);
    const count = translator.translate(top.count).sql;
    const table = target.relation.sql ?? quoteQualified(target.relation.schema, target.relation.name);
    const qualifier = quoteIdent(target.alias ?? target.relation.name);
    return `${qualifier}.ctid IN (SELECT ${qualifier}.ctid FROM ${table} AS ${qualifier}${where === '' ? '' : ` WHERE ${where}`} LIMIT ${count})`;
  }

  private setItem(item: SetItem, relation: RelationInfo, translator: ExpressionTranslator): string {
    if (item.column.length === 1 && (item.column[0] ?? '').startsWith('@')) throw new RefusedConstruct('unsupported', item.pos, t('refusal.setVariableInUpdate'));
    const name = item.column[item.column.length - 1] ?? '';
    const column = relation.column(name);
    if (column === undefined) throw new Refusal(t('refusal.unknownColumn', { name: item.column.join('.') }), item.pos);
    const value: Expr = item.op === '=' ? item.value : { kind: 'binary', op: item.op.slice(0, 1), left: { kind: 'column', parts: item.column, pos: item.pos }, right: item.value, pos: item.pos };
    if (value.kind === 'column' && value.parts.length === 1 && value.parts[0]?.toLowerCase() === 'default') return `${quoteIdent(column.name)} = DEFAULT`;
    return `${quoteIdent(column.name)} = ${coerceValue(translator, value, sqlTypeOfColumn(column), column.targetType, 'column').sql}`;
  }

  private delete(statement: Statement & { kind: 'delete' }, out: Lines): void {
    this.dml(statement, out, 'USING', (target) => `DELETE FROM ${target.sql}`);
  }

  // ---- locals

  private createLocal(name: string, columns: readonly ColumnDefinition[], out: Lines, pos: Position): LocalTable {
    const key = name.toLowerCase();
    const pg = key.slice(1);
    if (this.declaredOnce(key, pos) && [...this.locals.values()].some((l) => l.pg === pg)) throw new Refusal(t('refusal.tableAndVariableSameName', { name }), pos);
    const translator = this.queries().expressions(undefined);
    const definitions = columns.map((c) => {
      const { sql, type } = pgTypeOf(c.type);
      const parts = [quoteIdent(c.name.toLowerCase()), sql];
      if (c.identity) parts.push('GENERATED BY DEFAULT AS IDENTITY');
      if (!c.nullable) parts.push('NOT NULL');
      if (c.primaryKey) parts.push('PRIMARY KEY');
      if (c.default !== undefined) parts.push(`DEFAULT ${coerceValue(translator, c.default, type, sql, 'column').sql}`);
      return { text: parts.join(' '), column: { name: c.name.toLowerCase(), info: { name: c.name.toLowerCase(), sourceType: renderType(c.type), targetType: sql }, generated: c.identity } };
    });
    const local: LocalTable = { pg, columns: definitions.map((d) => d.column) };
    this.locals.set(key, local);
    out.add(`CREATE TEMP TABLE ${quoteIdent(pg)} (${definitions.map((d) => d.text).join(', ')});`);
    return local;
  }

  /** Temporary tables live as long as the routine: dropped at its end (after RETURN QUERY, which has read them). */
  private dropLocals(out: Lines): void {
    for (const local of this.locals.values()) if (!this.dropped.has(local)) out.add(`DROP TABLE pg_temp.${quoteIdent(local.pg)};`);
  }

  /** Before a RETURN: the routine's temporary tables that exist there. */
  private exitLines(out: Lines): void {
    for (const local of this.locals.values()) if (local !== this.tableResult && !this.dropped.has(local)) out.add(`DROP TABLE pg_temp.${quoteIdent(local.pg)};`);
  }

  // ---- control

  private return(statement: Statement & { kind: 'return' }, out: Lines): void {
    this.use('return', statement.pos);
    const shape = this.signature.shape;
    if (shape === 'scalar') {
      if (statement.value === undefined || this.returnType === undefined) throw new Refusal(t('refusal.returnWithoutValue'), statement.pos);
      const type = this.returnType;
      const value = this.coerce(statement.value, type, this.signature.returns?.pgType ?? '', 'variable');
      this.exitLines(out);
      out.add(`RETURN ${value.sql};`);
      return;
    }
    if (shape === 'table' && this.tableResult !== undefined) {
      const local = this.tableResult;
      out.add(`RETURN QUERY SELECT ${local.columns.map((c) => quoteIdent(c.info.name)).join(', ')} FROM pg_temp.${quoteIdent(local.pg)};`);
      this.exitLines(out);
      out.add(`DROP TABLE pg_temp.${quoteIdent(local.pg)};`);
      out.add('RETURN;');
      return;
    }
    if (shape === 'trigger') {
      out.add('RETURN NULL;');
      return;
    }
    if (statement.value !== undefined) {
      if (!this.signature.returnStatus) throw new Refusal(t('refusal.returnStatusHere'), statement.pos);
      out.add(`return_status := ${this.coerce(statement.value, INT, 'integer', 'variable').sql};`);
    }
    this.exitLines(out);
    out.add('RETURN;');
  }

  private tryCatch(statement: Statement & { kind: 'try' }, out: Lines): void {
    this.use('tryCatch', statement.pos);
    out.add('BEGIN');
    this.tryDepth++;
    const [wrote, depth] = [this.tryWrote, this.transactionDepth];
    this.tryWrote = false;
    this.statements(statement.body, out.nested());
    this.tryDepth--;
    this.tryWrote = wrote;
    out.add('EXCEPTION WHEN OTHERS THEN');
    const start = out.lines.length;
    const before = this.errorFunctionUses;
    this.catchDepth++;
    this.transactionDepth = depth;
    this.statements(statement.handler, out.nested());
    this.catchDepth--;
    // The handler reads the error: capture it first thing, before any statement can replace it.
    if (this.errorFunctionUses > before) out.lines.splice(start, 0, `${'  '.repeat(out.depth + 1)}GET STACKED DIAGNOSTICS _sqlstate = RETURNED_SQLSTATE, _error_message = MESSAGE_TEXT, _error_detail = PG_EXCEPTION_DETAIL;`);
    out.add('END;');
  }

  private throw(statement: Statement & { kind: 'throw' }, out: Lines): void {
    if (statement.error === undefined) {
      if (this.catchDepth === 0) throw new Refusal(t('refusal.rethrowOutsideCatch'), statement.pos);
      this.use('rethrow', statement.pos);
      out.add('RAISE;');
      return;
    }
    this.use('throw', statement.pos);
    const number = this.expression(statement.error.number).sql;
    const message = this.expression(statement.error.message);
    const state = this.expression(statement.error.state).sql;
    out.add(`RAISE EXCEPTION USING MESSAGE = ${message.sql}, DETAIL = ${detail(number, state)};`);
  }

  private raiserror(statement: Statement & { kind: 'raiserror' }, out: Lines, rest: readonly Statement[]): void {
    const severity = statement.severity.kind === 'number' ? Number(statement.severity.text) : undefined;
    if (severity === undefined) throw new Refusal(t('refusal.raiserrorSeverityNotNumber'), statement.severity.pos);
    if (severity > 18) throw new Refusal(t('refusal.raiserrorSeverity', { severity }), statement.pos);
    if (statement.message.kind === 'number') throw new Refusal(t('refusal.raiserrorMessageNumber'), statement.pos);
    const args = statement.args.map((a) => this.expression(a));
    const message = this.expression(statement.message);
    let text: string;
    if (statement.message.kind === 'string') {
      const format = printfToFormat(statement.message.value, statement.pos);
      text = args.length === 0 && !format.includes('%') ? quoteLiteral(statement.message.value) : `format(${quoteLiteral(format)}${args.map((a) => `, ${a.sql}`).join('')})`;
    } else {
      if (args.length > 0) throw new Refusal(t('refusal.raiserrorVariableWithArguments'), statement.pos);
      text = message.sql;
    }
    if (severity <= 10) {
      this.use('raiserrorNotice', statement.pos);
      out.add(`RAISE NOTICE '%', ${text};`);
      return;
    }
    const [next] = rest.filter((s) => s.kind !== 'empty');
    const ends = this.tryDepth > 0 || next === undefined || next.kind === 'return' || (next.kind === 'transaction' && next.action === 'rollback' && this.signature.shape === 'trigger');
    if (!ends) throw new RefusedConstruct('raiserrorContinues', statement.pos);
    this.use('raiserror', statement.pos);
    const state = this.expression(statement.state).sql;
    out.add(`RAISE EXCEPTION USING MESSAGE = ${text}, DETAIL = ${detail('50000', state)};`);
  }

  private transaction(statement: Statement & { kind: 'transaction' }, out: Lines, rest: readonly Statement[]): void {
    const pos = statement.pos;
    if (statement.action === 'save') throw new RefusedConstruct('transactionRefused', pos, 'SAVE TRANSACTION');
    if (this.signature.shape === 'trigger') {
      if (statement.action !== 'rollback') throw new RefusedConstruct('transactionRefused', pos, t('refusal.inTrigger', { statement: statement.action.toUpperCase() }));
      this.use('triggerRollback', pos);
      const [next] = rest.filter((s) => s.kind !== 'empty');
      if (next === undefined || next.kind === 'return') out.add(`RAISE EXCEPTION USING MESSAGE = 'The transaction ended in the trigger. The batch has been aborted.', DETAIL = ${detail('3609', '1')};`);
      return;
    }
    if (this.signature.shape !== 'procedure') throw new RefusedConstruct('transactionRefused', pos, t('refusal.transactionInFunction'));
    const counting = contains(this.definition.body, (n) => (n.kind === 'variable' && n.name === '@@trancount') || (n.kind === 'call' && typeof n.name === 'string' && n.name.toLowerCase() === 'xact_state'));
    if (this.tryDepth > 0 || this.catchDepth > 0) {
      // Inside TRY the exception block is the transaction: nothing to commit or undo by hand.
      const allowed = (statement.action === 'begin' && this.tryDepth > 0 && !this.tryWrote) || (statement.action === 'commit' && this.tryDepth > 0 && rest.every((s) => !isWrite(s))) || (statement.action === 'rollback' && this.catchDepth > 0);
      if (!allowed) throw new RefusedConstruct('transactionRefused', pos, t('refusal.inTryCatchHere', { statement: statement.action.toUpperCase() }));
      this.use('transactionInTry', pos);
      if (statement.action === 'begin') {
        if (this.wrote) out.add('COMMIT;');
        this.transactionDepth++;
      } else this.transactionDepth = Math.max(0, this.transactionDepth - 1);
      if (counting) out.add(statement.action === 'begin' ? '_trancount := _trancount + 1;' : '_trancount := 0;');
      return;
    }
    this.use('transaction', pos);
    if (statement.action === 'begin') {
      // What ran before BEGIN TRANSACTION was committed statement by statement in SQL Server.
      if (this.wrote) out.add('COMMIT;');
      this.transactionDepth++;
      if (counting) out.add('_trancount := _trancount + 1;');
      return;
    }
    out.add(statement.action === 'commit' ? 'COMMIT;' : 'ROLLBACK;');
    this.transactionDepth = Math.max(0, this.transactionDepth - 1);
    this.wrote = false;
    if (counting) out.add('_trancount := 0;');
  }

  private exec(statement: Statement & { kind: 'exec' }, out: Lines): void {
    const parts = statement.procedure;
    const name = parts[parts.length - 1] ?? '';
    const schema = parts.length >= 2 ? parts[parts.length - 2] : undefined;
    if (name.toLowerCase() === 'sp_executesql') throw new RefusedConstruct('dynamicSql', statement.pos);
    const callee = this.context.routine(schema, name);
    if (callee === undefined) throw new Refusal(t('refusal.execNotConverted', { name: parts.join('.') }), statement.pos);
    if (callee.shape === 'rows' || callee.shape === 'table') throw new RefusedConstruct('execRows', statement.pos);
    if (callee.shape !== 'procedure') throw new Refusal(t('refusal.execNotProcedure', { name: parts.join('.') }), statement.pos);
    if (callee.commits && (this.tryDepth > 0 || this.catchDepth > 0 || this.transactionDepth > 0 || this.signature.shape !== 'procedure')) throw new RefusedConstruct('callsCommitting', statement.pos);
    this.use('exec', statement.pos);
    this.noteWrite(statement.pos);
    this.calls.push({ schema: schema ?? this.context.defaultSchema, name });
    const args: string[] = [];
    statement.args.forEach((arg, i) => {
      const p = arg.name === undefined ? callee.parameters[i] : callee.parameters.find((cp) => cp.source === arg.name);
      if (p === undefined) throw new Refusal(t('refusal.execNoParameter', { name: parts.join('.'), parameter: arg.name ?? String(i + 1) }), statement.pos);
      if (arg.isDefault) return;
      let value: string;
      if (p.output) {
        if (arg.output && arg.value.kind === 'variable') value = this.variable(arg.value.name, statement.pos).sql;
        else {
          // PostgreSQL assigns an INOUT argument back; T-SQL only when OUTPUT is written: pass a copy.
          const scratch = `_arg${++this.scratch}`;
          this.declarations.push(`${scratch} ${p.pgType}`);
          out.add(`${scratch} := ${this.coerce(arg.value, p.type, p.pgType, 'variable').sql};`);
          value = scratch;
        }
      } else value = this.coerce(arg.value, p.type, p.pgType, 'argument').sql;
      args.push(`${quoteIdent(p.name)} => ${value}`);
    });
    if (callee.returnStatus) {
      if (statement.returnVariable !== undefined) args.push(`return_status => ${this.variable(statement.returnVariable, statement.pos).sql}`);
      else {
        const scratch = `_arg${++this.scratch}`;
        this.declarations.push(`${scratch} integer`);
        args.push(`return_status => ${scratch}`);
      }
    } else if (statement.returnVariable !== undefined) {
      const variable = this.variable(statement.returnVariable, statement.pos);
      out.add(`CALL ${quoteQualified(callee.target.schema, callee.target.name)}(${args.join(', ')});`);
      out.add(`${variable.sql} := 0;`);
      return;
    }
    out.add(`CALL ${quoteQualified(callee.target.schema, callee.target.name)}(${args.join(', ')});`);
  }

  // ---- cursors

  private declareCursor(statement: Statement & { kind: 'declareCursor' }): void {
    const options = statement.options;
    this.use(options.includes('STATIC') || options.includes('INSENSITIVE') ? 'staticCursor' : 'cursor', statement.pos);
    if (!this.declaredOnce(statement.name, statement.pos)) return;
    const sql = this.inQuery(() => {
      const queries = this.queries();
      const printed = queries.query(statement.query, undefined, undefined, false);
      this.collect(queries);
      return printed.sql;
    });
    this.cursorNames.add(statement.name);
    this.cursors.push(`${quoteIdent(statement.name)} ${options.includes('SCROLL') ? 'SCROLL ' : 'NO SCROLL '}CURSOR FOR ${sql}`);
  }

  private cursor(statement: Statement & { kind: 'cursor' }, out: Lines): void {
    if (!this.cursorNames.has(statement.cursor)) throw new Refusal(t('refusal.cursorNotDeclared', { name: statement.cursor }), statement.pos);
    this.use('cursor', statement.pos);
    if (statement.action === 'open') out.add(`OPEN ${quoteIdent(statement.cursor)};`);
    else if (statement.action === 'close') out.add(`CLOSE ${quoteIdent(statement.cursor)};`);
  }

  private fetch(statement: Statement & { kind: 'fetch' }, out: Lines): void {
    if (!this.cursorNames.has(statement.cursor)) throw new Refusal(t('refusal.cursorNotDeclared', { name: statement.cursor }), statement.pos);
    if (statement.direction !== 'NEXT') throw new RefusedConstruct('unsupported', statement.pos, `FETCH ${statement.direction}`);
    const targets = statement.into.map((name) => {
      const variable = this.variables.get(name);
      if (variable === undefined) throw new Refusal(t('refusal.variableNotDeclared', { name }), statement.pos);
      return variable.pg;
    });
    out.add(`FETCH ${quoteIdent(statement.cursor)}${targets.length > 0 ? ` INTO ${targets.join(', ')}` : ''};`);
    if (contains(this.definition.body, readsVariable('@@fetch_status'))) {
      this.special.add('fetchStatus');
      out.add('_fetch_status := CASE WHEN FOUND THEN 0 ELSE -1 END;');
    }
  }
}

export function coerceValue(translator: ExpressionTranslator, expr: Expr, type: SqlType, pgType: string, purpose: 'variable' | 'column' | 'parameter' | 'argument'): Typed {
  const cast = (): Typed => translator.translate({ kind: 'cast', fn: 'CAST', operand: expr, type: typeName(type, expr.pos), pos: expr.pos });
  if (expr.kind === 'null') return purpose === 'argument' ? atom(`CAST(NULL AS ${pgType})`, type) : atom('NULL', type);
  if (type.booleanColumn === true) return translator.coerceTo(atom('', type), expr).type.booleanColumn === true ? translator.coerceTo(atom('', type), expr) : cast();
  const value = translator.translate(expr);
  const from = value.type;
  if (from.family === 'null') return value;
  if (type.family === 'integer' && (from.family === 'decimal' || from.family === 'float' || from.family === 'string')) return cast();
  if ((type.family === 'date' || type.family === 'datetime') && from.family === 'string') return cast();
  if (type.family === 'string' && from.family !== 'string') return cast();
  if (type.family === 'string' && purpose === 'variable' && typeof type.length === 'number' && !(typeof from.length === 'number' && from.length <= type.length)) {
    // T-SQL cuts a longer string assigned to a variable; an explicit CAST does the same in PostgreSQL.
    return atom(`CAST(${value.sql} AS ${pgType})`, type);
  }
  if (type.family === 'decimal' && from.family === 'float') return cast();
  if (purpose === 'argument' && value.pgType !== pgType && (from.family !== type.family || (from.name !== type.name && type.family === 'integer'))) return atom(`CAST(${value.sql} AS ${pgType})`, type);
  return value;
}


/** A call of a converted scalar user function (schema.function(...)), in a routine or a view. */
export function userFunctionCall(call: Expr & { kind: 'call' }, translator: ExpressionTranslator, routine: RoutineContext['routine'], defaultSchema: string): { value: Typed; callee: Qualified } | undefined {
  if (!call.name.includes('.')) return undefined;
  const parts = call.name.split('.');
  const name = parts[parts.length - 1] ?? '';
  const schema = parts.length > 1 ? parts[parts.length - 2] : undefined;
  const callee = routine(schema, name);
  if (callee?.shape !== 'scalar' || callee.returns === undefined) throw new Refusal(t(callee === undefined ? 'refusal.userFunctionNotConverted' : 'refusal.userFunction', { name: call.name }), call.pos);
  if (call.args.length > callee.parameters.length) throw new Refusal(t('refusal.argumentsCount', { name: call.name, count: call.args.length }), call.pos);
  const args = call.args.map((arg, i) => {
    const p = callee.parameters[i];
    if (arg.kind === 'column' && arg.parts.length === 1 && arg.parts[0]?.toLowerCase() === 'default') return 'DEFAULT';
    if (p === undefined) throw new Refusal(t('refusal.tooManyArguments', { name: call.name }), arg.pos);
    return coerceValue(translator, arg, p.type, p.pgType, 'argument').sql;
  });
  return { value: atom(`${quoteQualified(callee.target.schema, callee.target.name)}(${args.join(', ')})`, callee.returns.type), callee: { schema: schema ?? defaultSchema, name } };
}

function detail(number: string, state: string): string {
  return `format('SQL Server error %s, state %s', ${number}, ${state})`;
}

function withoutInto(select: Select): Select {
  const copy: { -readonly [K in keyof Select]: Select[K] } = { ...select };
  delete copy.into;
  return copy;
}

function isAggregate(expr: Expr): boolean {
  return contains(expr, (n) => n.kind === 'call' && typeof n.name === 'string' && ['count', 'count_big', 'sum', 'min', 'max', 'avg'].includes(n.name.toLowerCase()) && n.over === undefined);
}

function renderType(type: TypeName): string {
  return type.args.length === 0 ? type.name : `${type.name}(${type.args.join(',')})`;
}

function sqlTypeOfColumn(column: ColumnInfo): SqlType {
  const match = /^\s*([a-z0-9_ ]+?)\s*(?:\((.*)\))?\s*$/i.exec(column.sourceType);
  const args = (match?.[2] ?? '')
    .split(',')
    .map((a) => a.trim().toLowerCase())
    .filter((a) => a !== '')
    .map((a) => (a === 'max' || a === '-1' ? ('max' as const) : Number(a)));
  const type = sqlType((match?.[1] ?? column.sourceType).toLowerCase(), args);
  return column.targetType === 'boolean' ? { ...type, booleanColumn: true } : type;
}

/** RAISERROR's printf-style message as a format() string: %s, %d, %i and %u become %s. */
function printfToFormat(message: string, pos: Position): string {
  return message.replace(/%(%|[-+ 0#]*\d*(?:\.\d+)?(?:h|l|I64)?[a-zA-Z])/g, (whole, spec: string) => {
    if (spec === '%') return '%%';
    if (/^[sdiu]$/.test(spec)) return '%s';
    throw new Refusal(t('refusal.raiserrorPlaceholder', { placeholder: whole }), pos);
  });
}
