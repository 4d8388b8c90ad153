/**
 * T-SQL expression and view translation, as the planner sees it. Every expression the source
 * carries (defaults, checks, computed columns, index filters) goes through `translateExpression`,
 * every view through `translateView`; what cannot be translated is refused with a reason naming
 * the construct and its position, and lands in manual.sql, never in executable DDL.
 *
 * The text is parsed into a syntax tree (parser.ts), typed bottom-up and printed for PostgreSQL
 * (expressions.ts, functions.ts, casts.ts, views.ts); nothing is rewritten as text.
 */
import type { CommonTableExpression, Expr, ViewDefinition } from './ast.js';
import { ExpressionTranslator, type NameResolver } from './expressions.js';
import { Parser } from './parser.js';
import { Refusal } from './refusal.js';
import { PREC, atom, type Typed } from './sql-text.js';
import { parseTypeText, type NondeterministicText, type SqlType } from './types.js';
import { translateViewDefinition } from './views.js';
import { quoteIdent } from '../target/postgres/quote.js';
import { t } from '../i18n/index.js';

export type ExpressionKind = 'default' | 'check' | 'computed' | 'filter';

export type Translation =
  | {
      readonly ok: true;
      readonly sql: string;
      /** The T-SQL type of the expression, inferred bottom-up (a computed column's real type). */
      readonly type: SqlType;
      readonly confidence: 'exact' | 'review';
      readonly notes: readonly string[];
    }
  | { readonly ok: false; readonly reason: string };

export interface ColumnInfo {
  /** Target name, unquoted. */
  readonly name: string;
  /** T-SQL type text, e.g. nvarchar(50). */
  readonly sourceType: string;
  /** PostgreSQL type, e.g. varchar(50); a bit column mapped to boolean is compared with true/false. */
  readonly targetType: string;
  /** Set when the column's PostgreSQL collation is nondeterministic. */
  readonly nondeterministic?: NondeterministicText;
}

export interface ExpressionContext {
  /** The target column's PostgreSQL type (defaults depend on it, e.g. getdate() into timestamp, 1 into boolean). */
  readonly targetType?: string;
  /** Resolves a column referenced by the expression (source name, matched case-insensitively like SQL Server); undefined = unknown -> refuse. */
  readonly column?: (sourceName: string) => ColumnInfo | undefined;
}

export interface RelationInfo {
  /** Target names, unquoted. */
  readonly schema: string;
  readonly name: string;
  readonly column: (sourceName: string) => ColumnInfo | undefined;
  /** Every column in order, by source name, with whether the column takes no inserted value (identity, computed). */
  readonly columns?: readonly { readonly source: string; readonly info: ColumnInfo; readonly generated: boolean }[];
  /** The identity column's target name (routines: SCOPE_IDENTITY()). */
  readonly identity?: string;
  /** How a query reads it when not by schema.name: a trigger's transition table, or an empty stand-in for one. */
  readonly sql?: string;
  /** The table's full-text index, when it has one PostgreSQL can search (fulltext.ts). */
  readonly fullText?: FullTextInfo;
}

export interface FullTextInfo {
  /** The full-text key column (CONTAINSTABLE's KEY), source and target names. */
  readonly key: { readonly source: string; readonly target: string };
  /** The indexed columns: source name, target name and text search configuration. */
  readonly columns: readonly { readonly source: string; readonly target: string; readonly config: string }[];
}

export interface ViewContext {
  /** The view's own source schema (for unqualified names). */
  readonly defaultSchema: string;
  /** Resolves a table or view by source schema (undefined = default schema) and name, case-insensitively; undefined = not migrated -> refuse. */
  readonly relation: (schema: string | undefined, name: string) => RelationInfo | undefined;
  /**
   * Target name of one of the view's own output columns, by its source name (optional). Without
   * it, aliases keep their source spelling and plain column references their target column name.
   */
  readonly columnName?: (sourceName: string) => string;
  /** Routines: their variables, parameters and @@functions. */
  readonly variable?: NameResolver['variable'];
  /** Routines: user functions and routine-only built-ins. */
  readonly call?: NameResolver['call'];
}

export type ViewTranslation =
  | {
      readonly ok: true;
      /** The SELECT statement (with WITH ... if CTEs), no CREATE VIEW. */
      readonly sql: string;
      /** The named output columns (by source name) and their types, for views that read this one. */
      readonly columns: readonly { readonly name: string; readonly type: SqlType }[];
      readonly confidence: 'exact' | 'review';
      readonly notes: readonly string[];
    }
  | { readonly ok: false; readonly reason: string };

function columnTranslator(kind: ExpressionKind, context: ExpressionContext): ExpressionTranslator {
  return new ExpressionTranslator(
    {
      aggregates: false,
      column: (parts, pos) => {
        const name = parts[parts.length - 1] ?? '';
        if (parts.length !== 1) throw new Refusal(t('refusal.qualifiedColumn', { name: parts.join('.') }), pos);
        const info = context.column?.(name);
        if (info === undefined) throw new Refusal(t('refusal.unknownColumn', { name: `[${name}]` }), pos);
        const type = parseTypeText(info.sourceType, info.targetType === 'boolean', info.nondeterministic);
        // PostgreSQL's money has no operators with numbers: such a column is read as numeric.
        return info.targetType === 'money' ? atom(`${quoteIdent(info.name)}::numeric`, type) : atom(quoteIdent(info.name), type);
      },
    },
    kind,
    context.targetType ?? '',
  );
}

function translateTree(kind: ExpressionKind, expr: Expr, translator: ExpressionTranslator): Typed {
  if (kind === 'check' || kind === 'filter') return translator.condition(expr);
  if (kind === 'default' && translator.targetType === 'boolean') {
    return translator.coerceTo(atom('', { family: 'bit', name: 'bit', booleanColumn: true }), expr);
  }
  const value = translator.translate(expr);
  if (value.type.family === 'condition') throw new Refusal(t(kind === 'default' ? 'refusal.conditionAsDefault' : 'refusal.conditionAsComputed'), expr.pos);
  // DEFAULT takes a restricted expression in PostgreSQL (no comparisons or IS without parentheses).
  return kind === 'default' && value.prec < PREC.other ? { ...value, sql: `(${value.sql})` } : value;
}

export function translateExpression(kind: ExpressionKind, tsql: string, context: ExpressionContext): Translation {
  try {
    const expr = new Parser(tsql).parseStandaloneExpression();
    const translator = columnTranslator(kind, context);
    const { sql, type } = translateTree(kind, expr, translator);
    const notes = [...translator.notes];
    return { ok: true, sql, type, confidence: notes.length === 0 ? 'exact' : 'review', notes };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, reason: error.message };
    throw error;
  }
}

export interface RelationReference {
  /** As written; undefined when the name has no schema (the view's own schema applies). */
  readonly schema: string | undefined;
  readonly name: string;
}

/**
 * The tables and views a view's SELECT reads, from its parsed body (FROM, JOIN, APPLY and
 * subqueries anywhere, CTE names left out): what the planner orders views by, whatever the server's
 * dependency catalog says. Undefined when the definition does not parse.
 */
export function viewReferences(definition: string): RelationReference[] | undefined {
  let view: ViewDefinition;
  try {
    view = new Parser(definition).parseViewDefinition();
  } catch (error) {
    if (error instanceof Refusal) return undefined;
    throw error;
  }
  const tables: (readonly string[])[] = [];
  const ctes = new Set<string>();
  // The tree is plain data: every table source is a { kind: 'table', parts } node, wherever it sits.
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const record = node as Readonly<Record<string, unknown>>;
    if (record.kind === 'table' && Array.isArray(record.parts)) tables.push(record.parts as readonly string[]);
    if (Array.isArray(record.ctes)) for (const cte of record.ctes as readonly CommonTableExpression[]) ctes.add(cte.name.toLowerCase());
    for (const value of Object.values(record)) walk(value);
  };
  walk(view.query);
  return tables
    .filter((parts) => !(parts.length === 1 && ctes.has((parts[0] ?? '').toLowerCase())))
    .map((parts) => {
      const schema = parts.length >= 2 ? parts[parts.length - 2] : undefined;
      return { schema: schema === '' ? undefined : schema, name: parts[parts.length - 1] ?? '' };
    });
}

/** `definition` is the full CREATE VIEW text as stored by SQL Server (may start with comments, CREATE VIEW [s].[v] (cols) WITH SCHEMABINDING AS ...). */
export function translateView(definition: string, context: ViewContext): ViewTranslation {
  try {
    const view = new Parser(definition).parseViewDefinition();
    const { sql, notes, columns } = translateViewDefinition(view, context);
    return { ok: true, sql, columns, confidence: notes.length === 0 ? 'exact' : 'review', notes };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, reason: error.message };
    throw error;
  }
}
