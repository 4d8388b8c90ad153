/**
 * Queries: the SELECT of a CREATE VIEW, and the queries and DML sources of routines, printed for
 * PostgreSQL. Every name is resolved through the scopes of the query (tables, views, CTEs, derived
 * tables and their aliases) and printed as the object it resolved to, so renamed tables and columns
 * are referenced by their target names and references that differ only in case (legal in SQL
 * Server) print the same.
 */
import type { CommonTableExpression, Expr, FullTextColumns, Query, QueryBody, Select, TableSource, ViewDefinition } from './ast.js';
import { ExpressionTranslator } from './expressions.js';
import { containsQuery, freetextQuery, fullTextPredicate, fullTextRank, fullTextVector, type FullTextColumn } from './fulltext.js';
import { Refusal, type Position } from './refusal.js';
import { atom, type Typed } from './sql-text.js';
import { INT, UNKNOWN, parseTypeText, type SqlType } from './types.js';
import type { FullTextInfo, ViewContext } from './translator.js';
import { quoteIdent, quoteQualified } from '../target/postgres/quote.js';
import { t } from '../i18n/index.js';

export interface OutputColumn {
  /** The name SQL Server code uses for it. */
  readonly source: string;
  /** The printed (quoted) target name. */
  readonly sql: string;
  readonly type: SqlType;
  /** The PostgreSQL type when the column is a plain column of a table or view. */
  readonly pgType?: string;
}

type ColumnLookup = (sourceName: string) => OutputColumn | undefined;

interface Source {
  /** Lower-cased alias, when the source has one: then only the alias qualifies its columns. */
  readonly alias?: string;
  /** Lower-cased source schema and name of a table or view without alias. */
  readonly table?: { readonly schema: string; readonly name: string };
  /** How the printed query qualifies its columns. */
  readonly qualifier: string;
  readonly column: ColumnLookup;
  /** A table with a full-text index. */
  readonly fullText?: FullTextInfo;
}

/** The full-text columns of a source (all, or those named), as the query searches them. */
function fullTextColumns(source: Source, names: readonly string[] | 'all', pos: Position): FullTextColumn[] {
  const info = source.fullText;
  if (info === undefined) throw new Refusal(t('refusal.fullTextNoIndex', { source: source.table?.name ?? source.alias ?? t('refusal.what.aSource') }), pos);
  const chosen = names === 'all' ? info.columns : names.map((name) => info.columns.find((c) => c.source.toLowerCase() === name.toLowerCase()) ?? refuse(t('refusal.fullTextColumnNoIndex', { column: name }), pos));
  if (chosen.length === 0) throw new Refusal(t('refusal.fullTextNoSearchableColumn'), pos);
  return chosen.map((c) => ({ vector: fullTextVector(c.config, `${source.qualifier}.${quoteIdent(c.target)}`), config: c.config }));
}

function refuse(construct: string, pos: Position): never {
  throw new Refusal(construct, pos);
}

interface Cte {
  readonly printed: string;
  readonly column: ColumnLookup;
}

export class Scope {
  readonly sources: Source[] = [];
  readonly ctes = new Map<string, Cte | 'pending'>();

  constructor(readonly parent: Scope | undefined) {}

  cte(name: string, pos: Position): Cte | undefined {
    const found = this.ctes.get(name.toLowerCase());
    if (found === 'pending') throw new Refusal(t('refusal.recursiveCte', { name }), pos);
    return found ?? this.parent?.cte(name, pos);
  }

  private static matches(source: Source, qualifier: readonly string[]): boolean {
    if (qualifier.length === 0) return true;
    const last = (qualifier[qualifier.length - 1] ?? '').toLowerCase();
    if (source.alias !== undefined) return qualifier.length === 1 && last === source.alias;
    if (source.table?.name !== last) return false;
    return qualifier.length < 2 || (qualifier[qualifier.length - 2] ?? '').toLowerCase() === source.table.schema;
  }

  source(qualifier: readonly string[]): Source | undefined {
    return this.sources.find((s) => Scope.matches(s, qualifier)) ?? this.parent?.source(qualifier);
  }

  /** The columns a CONTAINS or FREETEXT names: `*` is every full-text column of the query's one full-text table. */
  fullText(columns: FullTextColumns, pos: Position): FullTextColumn[] {
    if (columns === 'all') {
      const tables = this.sources.filter((s) => s.fullText !== undefined);
      const [only] = tables;
      if (only === undefined || tables.length > 1) throw new Refusal(t(tables.length === 0 ? 'refusal.fullTextStarNoTable' : 'refusal.fullTextStarManyTables'), pos);
      return fullTextColumns(only, 'all', pos);
    }
    return columns.flatMap((parts) => {
      const name = parts[parts.length - 1] ?? '';
      const qualifier = parts.slice(0, -1);
      const source = qualifier.length > 0 ? this.source(qualifier) : this.sources.find((s) => s.column(name) !== undefined);
      if (source === undefined) {
        if (this.parent !== undefined) return this.parent.fullText([parts], pos);
        throw new Refusal(t('refusal.unknownColumn', { name: parts.join('.') }), pos);
      }
      return fullTextColumns(source, [name], pos);
    });
  }

  resolve(parts: readonly string[], pos: Position): Typed {
    const name = parts[parts.length - 1] ?? '';
    const qualifier = parts.slice(0, -1);
    if (qualifier.length > 0) {
      const source = this.source(qualifier);
      if (source === undefined) throw new Refusal(t('refusal.unknownTableOrAlias', { name: qualifier.join('.') }), pos);
      const column = source.column(name);
      if (column === undefined) throw new Refusal(t('refusal.unknownColumn', { name: parts.join('.') }), pos);
      return columnValue(`${source.qualifier}.${column.sql}`, column);
    }
    const found = this.sources.flatMap((source) => {
      const column = source.column(name);
      return column === undefined ? [] : [{ source, column }];
    });
    if (found.length > 1) throw new Refusal(t('refusal.ambiguousColumn', { name }), pos);
    const [hit] = found;
    if (hit !== undefined) return columnValue(`${hit.source.qualifier}.${hit.column.sql}`, hit.column);
    if (this.parent !== undefined) return this.parent.resolve(parts, pos);
    throw new Refusal(t('refusal.unknownColumn', { name: `[${name}]` }), pos);
  }
}

function columnValue(sql: string, column: OutputColumn): Typed {
  return { ...atom(sql, column.type), ...(column.pgType === undefined ? {} : { pgType: column.pgType }) };
}

/** Translates the select item at `index` in place of the plain translation. */
export type ItemAdjust = (expr: Expr, index: number, translator: ExpressionTranslator) => Typed;

export interface Printed {
  readonly sql: string;
  readonly column: ColumnLookup;
  /** Output columns in order (named ones only; a * contributes none). */
  readonly columns: readonly OutputColumn[];
}

export class QueryTranslator {
  readonly notes = new Set<string>();

  constructor(private readonly context: ViewContext) {}

  expressions(scope: Scope | undefined): ExpressionTranslator {
    const { variable, call } = this.context;
    const translator = new ExpressionTranslator(
      {
        aggregates: true,
        ...(variable === undefined ? {} : { variable }),
        ...(call === undefined ? {} : { call }),
        column: (parts, pos) => {
          if (scope === undefined) throw new Refusal(t('refusal.columnWhereNone', { name: parts.join('.') }), pos);
          return scope.resolve(parts, pos);
        },
        subquery: (query) => {
          const printed = this.query(query, scope, undefined, false);
          return atom(`(${printed.sql})`, printed.columns[0]?.type ?? UNKNOWN);
        },
        fullText: (columns, pos) => {
          if (scope === undefined) throw new Refusal(t('refusal.fullTextWhereNone'), pos);
          return scope.fullText(columns, pos);
        },
      },
      'view',
    );
    return translator;
  }

  collect(translator: ExpressionTranslator): void {
    for (const note of translator.notes) this.notes.add(note);
  }

  /** `names`: output names imposed by a column list (view or CTE); `topLevel`: the view's own SELECT. */
  /** `adjust`: rewrites each select item of the outermost SELECT(s), e.g. casts to a declared result type (routines). */
  query(query: Query, parent: Scope | undefined, names: readonly string[] | undefined, topLevel: boolean, adjust?: ItemAdjust): Printed {
    const scope = new Scope(parent);
    const ctes = this.withClause(query.ctes, scope);
    const body = query.body;
    const select = body.kind === 'select' ? body : undefined;
    const printedBody = select === undefined ? this.setOperation(body, scope, names, topLevel, adjust) : this.select(select, scope, names, topLevel, adjust);
    let sql = `${ctes}${printedBody.sql}`;
    let top = select?.top;
    let orderBy = query.orderBy;
    if (top?.percent === true) {
      if (!(top.count.kind === 'number' && Number(top.count.text) === 100)) throw new Refusal('TOP ... PERCENT', top.pos);
      // TOP 100 PERCENT ... ORDER BY is the classic way to put ORDER BY into a view; SQL Server ignores both.
      this.notes.add(t('note.top100Percent'));
      top = undefined;
      orderBy = [];
    }
    if (orderBy.length > 0) {
      const expressions = this.expressions(printedBody.scope);
      const resolve = (expr: Expr): Typed => {
        if (expr.kind === 'column' && expr.parts.length === 1) {
          const output = printedBody.column(expr.parts[0] ?? '');
          if (output !== undefined && (select === undefined || printedBody.columns.includes(output))) return atom(output.sql, output.type);
        }
        if (expr.kind === 'number') throw new Refusal(t('refusal.orderByPosition'), expr.pos);
        if (select === undefined) throw new Refusal(t('refusal.orderByAfterUnion'), expr.pos);
        return expressions.translate(expr);
      };
      sql += ` ORDER BY ${expressions.orderBy(orderBy, resolve)}`;
      this.collect(expressions);
      if (topLevel && top !== undefined) this.notes.add(t('note.viewKeepsOrderBy'));
    }
    const constant = this.expressions(undefined);
    if (query.offset !== undefined) {
      sql += ` OFFSET ${constant.translate(query.offset.skip).sql} ROWS`;
      if (query.offset.fetch !== undefined) sql += ` FETCH NEXT ${constant.translate(query.offset.fetch).sql} ROWS ONLY`;
    }
    if (top !== undefined) {
      const count = constant.translate(top.count).sql;
      if (top.withTies) {
        if (orderBy.length === 0) throw new Refusal(t('refusal.withTiesWithoutOrderBy'), top.pos);
        sql += ` FETCH FIRST ${count} ROWS WITH TIES`;
      } else sql += ` LIMIT ${count}`;
    }
    this.collect(constant);
    return { sql, column: printedBody.column, columns: printedBody.columns };
  }

  /** `WITH ... ` (with its trailing space) for the CTEs, registered in `scope`; empty without CTEs. */
  withClause(list: readonly CommonTableExpression[], scope: Scope): string {
    const ctes: string[] = [];
    for (const cte of list) {
      const key = cte.name.toLowerCase();
      scope.ctes.set(key, 'pending');
      const columnNames = cte.columns?.map((c) => c.toLowerCase());
      const printed = this.query(cte.query, scope, columnNames, false);
      const name = quoteIdent(key);
      ctes.push(`${name}${columnNames === undefined ? '' : `(${columnNames.map(quoteIdent).join(', ')})`} AS (${printed.sql})`);
      scope.ctes.set(key, { printed: name, column: printed.column });
    }
    return ctes.length > 0 ? `WITH ${ctes.join(', ')} ` : '';
  }

  private setOperation(body: QueryBody, scope: Scope, names: readonly string[] | undefined, topLevel: boolean, adjust?: ItemAdjust): Printed & { scope: Scope } {
    if (body.kind === 'select') {
      if (body.top !== undefined) throw new Refusal(t('refusal.topInsideUnion'), body.top.pos);
      return this.select(body, scope, names, topLevel, adjust);
    }
    const left = this.setOperation(body.left, scope, names, topLevel, adjust);
    const right = this.setOperation(body.right, scope, undefined, false, adjust);
    const needsParens = (side: QueryBody, isRight: boolean): boolean => side.kind === 'setOperation' && (isRight || (body.op === 'INTERSECT' && side.op !== 'INTERSECT'));
    const wrap = (side: QueryBody, sql: string, isRight: boolean): string => (needsParens(side, isRight) ? `(${sql})` : sql);
    return { ...left, sql: `${wrap(body.left, left.sql, false)} ${body.op} ${wrap(body.right, right.sql, true)}` };
  }

  private select(select: Select, parent: Scope, names: readonly string[] | undefined, topLevel: boolean, adjust?: ItemAdjust): Printed & { scope: Scope } {
    const scope = new Scope(parent);
    const expressions = this.expressions(scope);
    const from = select.from.map((source) => this.source(source, scope, expressions));
    const columns: OutputColumn[] = [];
    const starSources: (Source | undefined)[] = [];
    const items = select.items.map((item, index) => {
      if (item.kind === 'star') {
        if (item.qualifier.length === 0) {
          if (scope.sources.length === 0) throw new Refusal(t('refusal.starWithoutFrom'), item.pos);
          starSources.push(undefined);
          return '*';
        }
        const source = scope.source(item.qualifier);
        if (source === undefined) throw new Refusal(t('refusal.unknownTableOrAlias', { name: item.qualifier.join('.') }), item.pos);
        starSources.push(source);
        return `${source.qualifier}.*`;
      }
      if (item.kind === 'assign') throw new Refusal(t('refusal.assignmentInQuery', { variable: item.variable }), item.pos);
      const value = adjust === undefined ? expressions.translate(item.expr) : adjust(item.expr, index, expressions);
      const natural = item.expr.kind === 'column' && adjust === undefined ? value.sql.slice(value.sql.lastIndexOf('.') + 1) : undefined;
      const sourceName = item.alias ?? (item.expr.kind === 'column' ? item.expr.parts[item.expr.parts.length - 1] : undefined);
      const imposed = names?.[index];
      const wanted = imposed !== undefined ? (topLevel ? (this.context.columnName?.(imposed) ?? imposed) : imposed) : item.alias !== undefined ? (topLevel ? (this.context.columnName?.(item.alias) ?? item.alias) : item.alias.toLowerCase()) : topLevel && sourceName !== undefined ? this.context.columnName?.(sourceName) : undefined;
      const printedName = wanted === undefined ? natural : quoteIdent(wanted);
      if (printedName !== undefined) columns.push({ source: imposed ?? sourceName ?? '', sql: printedName, type: value.type, ...(value.pgType === undefined ? {} : { pgType: value.pgType }) });
      return printedName === undefined || printedName === natural ? value.sql : `${value.sql} AS ${printedName}`;
    });
    if (names !== undefined && names.length !== select.items.length) throw new Refusal(t('refusal.columnListCount', { names: names.length, items: select.items.length }), select.pos);
    const parts = [`SELECT ${select.distinct ? 'DISTINCT ' : ''}${items.join(', ')}`];
    if (from.length > 0) parts.push(`FROM ${from.join(', ')}`);
    if (select.where !== undefined) parts.push(`WHERE ${expressions.condition(select.where).sql}`);
    if (select.groupBy.length > 0) parts.push(`GROUP BY ${select.groupBy.map((e) => expressions.translate(e).sql).join(', ')}`);
    if (select.having !== undefined) parts.push(`HAVING ${expressions.condition(select.having).sql}`);
    this.collect(expressions);
    const column: ColumnLookup = (name) => {
      const key = name.toLowerCase();
      const named = columns.find((c) => c.source.toLowerCase() === key);
      if (named !== undefined) return named;
      for (const star of starSources) {
        const candidates = star === undefined ? scope.sources : [star];
        for (const source of candidates) {
          const found = source.column(name);
          if (found !== undefined) return found;
        }
      }
      return undefined;
    };
    return { sql: parts.join(' '), column, columns, scope };
  }

  source(source: TableSource, scope: Scope, expressions: ExpressionTranslator): string {
    switch (source.kind) {
      case 'table':
        return this.table(source, scope);
      case 'derived': {
        const printed = this.query(source.query, scope.parent, source.columns?.map((c) => c.toLowerCase()), false);
        return this.derived(printed, source.alias, source.columns, scope);
      }
      case 'fullTextTable':
        return this.fullTextTable(source, scope, expressions);
      case 'join': {
        const left = this.source(source.left, scope, expressions);
        if (source.type === 'CROSS APPLY' || source.type === 'OUTER APPLY') {
          if (source.right.kind !== 'derived') throw new Refusal(t('refusal.applyNotSubquery', { join: source.type }), source.pos);
          // LATERAL: the subquery sees the sources to its left, as APPLY does.
          const printed = this.query(source.right.query, scope, source.right.columns?.map((c) => c.toLowerCase()), false);
          const right = this.derived(printed, source.right.alias, source.right.columns, scope);
          return source.type === 'CROSS APPLY' ? `${left} CROSS JOIN LATERAL ${right}` : `${left} LEFT JOIN LATERAL ${right} ON true`;
        }
        const right = this.source(source.right, scope, expressions);
        if (source.type === 'CROSS') return `${left} CROSS JOIN ${right}`;
        if (source.on === undefined) throw new Refusal(t('refusal.joinWithoutOn', { join: source.type }), source.pos);
        const on = expressions.condition(source.on).sql;
        return `${left} ${source.type === 'INNER' ? '' : `${source.type} `}JOIN ${right} ON ${on}`;
      }
    }
  }

  /**
   * CONTAINSTABLE / FREETEXTTABLE: the matching rows' keys and ranks, as a derived table with the
   * columns KEY and RANK (top_n_by_rank: the best n by rank).
   */
  private fullTextTable(source: TableSource & { kind: 'fullTextTable' }, scope: Scope, expressions: ExpressionTranslator): string {
    const inner = new Scope(undefined);
    const table = this.table({ kind: 'table', parts: source.table, alias: 'ft_table', hints: [], pos: source.pos }, inner);
    const [searched] = inner.sources;
    if (searched?.fullText === undefined) throw new Refusal(t('refusal.fullTextTableNoIndex', { name: source.fn, table: source.table.join('.') }), source.pos);
    const columns = fullTextColumns(searched, source.columns === 'all' ? 'all' : source.columns.map((parts) => parts[parts.length - 1] ?? ''), source.pos);
    const query = expressions.fullTextSearch(source.fn === 'CONTAINSTABLE' ? containsQuery : freetextQuery, source.search);
    const language = expressions.fullTextLanguage(source.language);
    const key = searched.column(searched.fullText.key.source);
    if (key === undefined) throw new Refusal(t('refusal.fullTextKey', { name: source.fn, table: source.table.join('.') }), source.pos);
    this.notes.add(t('note.fullTextRank'));
    const top = source.top === undefined ? '' : ` ORDER BY 2 DESC LIMIT ${expressions.translate(source.top).sql}`;
    const sql = `(SELECT ${searched.qualifier}.${key.sql} AS "key", ${fullTextRank(columns, query, language)} AS "rank" FROM ${table} WHERE ${fullTextPredicate(columns, query, language)}${top})`;
    const alias = source.alias.toLowerCase();
    const output: readonly OutputColumn[] = [
      { source: 'KEY', sql: '"key"', type: key.type },
      { source: 'RANK', sql: '"rank"', type: INT },
    ];
    scope.sources.push({ alias, qualifier: quoteIdent(alias), column: (name) => output.find((c) => c.source.toLowerCase() === name.toLowerCase()) });
    return `${sql} AS ${quoteIdent(alias)}`;
  }

  private derived(printed: Printed, alias: string, columns: readonly string[] | undefined, scope: Scope): string {
    const key = alias.toLowerCase();
    scope.sources.push({ alias: key, qualifier: quoteIdent(key), column: printed.column });
    return `(${printed.sql}) AS ${quoteIdent(key)}${columns === undefined ? '' : `(${columns.map((c) => quoteIdent(c.toLowerCase())).join(', ')})`}`;
  }

  table(source: TableSource & { kind: 'table' }, scope: Scope): string {
    const parts = source.parts;
    if (parts.length > 3) throw new Refusal(t('refusal.fourPartName', { name: parts.join('.') }), source.pos);
    if (parts.length === 3) this.notes.add(t('note.databaseNameDropped', { database: parts[0] ?? '', name: parts.join('.') }));
    const name = parts[parts.length - 1] ?? '';
    const schemaPart = parts.length >= 2 ? parts[parts.length - 2] : undefined;
    const schema = schemaPart === undefined || schemaPart === '' ? undefined : schemaPart;
    if (source.hints.length > 0) this.notes.add(t('note.tableHintDropped', { hints: source.hints.join(', ') }));
    const alias = source.alias?.toLowerCase();
    const cte = parts.length === 1 ? scope.cte(name, source.pos) : undefined;
    if (cte !== undefined) {
      scope.sources.push({ ...(alias === undefined ? { table: { schema: '', name: name.toLowerCase() } } : { alias }), qualifier: alias === undefined ? cte.printed : quoteIdent(alias), column: cte.column });
      return `${cte.printed}${alias === undefined ? '' : ` AS ${quoteIdent(alias)}`}`;
    }
    const relation = this.context.relation(schema, name);
    if (relation === undefined) throw new Refusal(t('refusal.relationNotMigrated', { name: parts.join('.') }), source.pos);
    const column: ColumnLookup = (sourceName) => {
      const info = relation.column(sourceName);
      if (info === undefined) return undefined;
      // PostgreSQL's money has no operators with numbers: such a column is read as numeric.
      const money = info.targetType === 'money';
      const sql = money ? `${quoteIdent(info.name)}::numeric` : quoteIdent(info.name);
      return { source: sourceName, sql, type: parseTypeText(info.sourceType, info.targetType === 'boolean', info.nondeterministic), pgType: money ? 'numeric' : info.targetType };
    };
    const table = { schema: (schema ?? this.context.defaultSchema).toLowerCase(), name: name.toLowerCase() };
    scope.sources.push({ ...(alias === undefined ? { table } : { alias }), qualifier: quoteIdent(alias ?? relation.name), column, ...(relation.fullText === undefined ? {} : { fullText: relation.fullText }) });
    if (relation.sql !== undefined) return `${relation.sql}${alias === undefined ? (relation.sql === quoteIdent(relation.name) ? '' : ` AS ${quoteIdent(relation.name)}`) : ` AS ${quoteIdent(alias)}`}`;
    return `${quoteQualified(relation.schema, relation.name)}${alias === undefined ? '' : ` AS ${quoteIdent(alias)}`}`;
  }
}

export function translateViewDefinition(view: ViewDefinition, context: ViewContext): { sql: string; notes: string[]; columns: { name: string; type: SqlType }[] } {
  const translator = new QueryTranslator(context);
  const printed = translator.query(view.query, undefined, view.columns, true);
  if (view.checkOption) translator.notes.add(t('note.withCheckOption'));
  return { sql: printed.sql, notes: [...translator.notes], columns: printed.columns.map((c) => ({ name: c.source, type: c.type })) };
}

