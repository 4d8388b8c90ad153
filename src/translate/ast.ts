/** The T-SQL syntax tree the parser builds and the PostgreSQL printer walks. */
import type { Position } from './refusal.js';

export interface TypeName {
  readonly name: string;
  /** Length, precision or 'max', as written. */
  readonly args: readonly (number | 'max')[];
  readonly pos: Position;
}

export interface OrderItem {
  readonly expr: Expr;
  readonly descending: boolean;
}

export interface WindowSpec {
  readonly partitionBy: readonly Expr[];
  readonly orderBy: readonly OrderItem[];
  /** Frame clause (ROWS/RANGE ...) copied as words: the syntax is the same in PostgreSQL. */
  readonly frame?: string;
}

/** The columns of a full-text search: `all` for `*` (every full-text column of the table), or column names. */
export type FullTextColumns = 'all' | readonly (readonly string[])[];

export type Expr =
  | { readonly kind: 'number'; readonly text: string; readonly pos: Position }
  | { readonly kind: 'string'; readonly value: string; readonly national: boolean; readonly pos: Position }
  | { readonly kind: 'binaryLiteral'; readonly hex: string; readonly pos: Position }
  | { readonly kind: 'null'; readonly pos: Position }
  | { readonly kind: 'column'; readonly parts: readonly string[]; readonly pos: Position }
  /** `@name` (a routine's variable or parameter) or `@@name` (a system function such as @@ROWCOUNT), lower case. */
  | { readonly kind: 'variable'; readonly name: string; readonly pos: Position }
  | { readonly kind: 'star'; readonly qualifier: readonly string[]; readonly pos: Position }
  | { readonly kind: 'unary'; readonly op: '-' | '+' | '~' | 'NOT'; readonly operand: Expr; readonly pos: Position }
  | { readonly kind: 'binary'; readonly op: string; readonly left: Expr; readonly right: Expr; readonly pos: Position }
  | { readonly kind: 'like'; readonly negated: boolean; readonly subject: Expr; readonly pattern: Expr; readonly escape?: Expr; readonly pos: Position }
  | { readonly kind: 'between'; readonly negated: boolean; readonly subject: Expr; readonly low: Expr; readonly high: Expr; readonly pos: Position }
  | { readonly kind: 'in'; readonly negated: boolean; readonly subject: Expr; readonly list: readonly Expr[]; readonly pos: Position }
  | { readonly kind: 'inQuery'; readonly negated: boolean; readonly subject: Expr; readonly query: Query; readonly pos: Position }
  | { readonly kind: 'isNull'; readonly negated: boolean; readonly subject: Expr; readonly pos: Position }
  | { readonly kind: 'exists'; readonly query: Query; readonly pos: Position }
  | { readonly kind: 'subquery'; readonly query: Query; readonly pos: Position }
  | { readonly kind: 'case'; readonly operand?: Expr; readonly whens: readonly { readonly when: Expr; readonly then: Expr }[]; readonly otherwise?: Expr; readonly pos: Position }
  | { readonly kind: 'cast'; readonly fn: 'CAST' | 'TRY_CAST' | 'CONVERT' | 'TRY_CONVERT'; readonly operand: Expr; readonly type: TypeName; readonly style?: Expr; readonly pos: Position }
  | { readonly kind: 'fullText'; readonly fn: 'CONTAINS' | 'FREETEXT'; readonly columns: FullTextColumns; readonly search: Expr; readonly language?: Expr; readonly pos: Position }
  | {
      readonly kind: 'call';
      readonly name: string;
      readonly args: readonly Expr[];
      readonly distinct: boolean;
      readonly withinGroup?: readonly OrderItem[];
      readonly over?: WindowSpec;
      readonly pos: Position;
    };

export type SelectItem =
  | { readonly kind: 'expr'; readonly expr: Expr; readonly alias?: string }
  | { readonly kind: 'star'; readonly qualifier: readonly string[]; readonly pos: Position }
  /** `SELECT @v = expr` in a routine: assigns instead of returning a column. */
  | { readonly kind: 'assign'; readonly variable: string; readonly op: string; readonly expr: Expr; readonly pos: Position };

export type TableSource =
  | { readonly kind: 'table'; readonly parts: readonly string[]; readonly alias?: string; readonly hints: readonly string[]; readonly pos: Position }
  | { readonly kind: 'derived'; readonly query: Query; readonly alias: string; readonly columns?: readonly string[]; readonly pos: Position }
  | {
      readonly kind: 'fullTextTable';
      readonly fn: 'CONTAINSTABLE' | 'FREETEXTTABLE';
      readonly table: readonly string[];
      readonly columns: FullTextColumns;
      readonly search: Expr;
      readonly language?: Expr;
      /** top_n_by_rank */
      readonly top?: Expr;
      readonly alias: string;
      readonly pos: Position;
    }
  | {
      readonly kind: 'join';
      readonly type: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS' | 'CROSS APPLY' | 'OUTER APPLY';
      readonly left: TableSource;
      readonly right: TableSource;
      readonly on?: Expr;
      readonly pos: Position;
    };

export interface Top {
  readonly count: Expr;
  readonly percent: boolean;
  readonly withTies: boolean;
  readonly pos: Position;
}

export interface Select {
  readonly kind: 'select';
  readonly distinct: boolean;
  readonly top?: Top;
  readonly items: readonly SelectItem[];
  readonly from: readonly TableSource[];
  readonly where?: Expr;
  readonly groupBy: readonly Expr[];
  readonly having?: Expr;
  /** SELECT ... INTO #table (routines only). */
  readonly into?: { readonly name: string; readonly pos: Position };
  readonly pos: Position;
}

export interface SetOperation {
  readonly kind: 'setOperation';
  readonly op: 'UNION' | 'UNION ALL' | 'EXCEPT' | 'INTERSECT';
  readonly left: QueryBody;
  readonly right: QueryBody;
}

export type QueryBody = Select | SetOperation;

export interface CommonTableExpression {
  readonly name: string;
  readonly columns?: readonly string[];
  readonly query: Query;
  readonly pos: Position;
}

export interface Query {
  readonly ctes: readonly CommonTableExpression[];
  readonly body: QueryBody;
  readonly orderBy: readonly OrderItem[];
  readonly offset?: { readonly skip: Expr; readonly fetch?: Expr };
}

export interface ViewDefinition {
  readonly columns?: readonly string[];
  readonly options: readonly string[];
  readonly query: Query;
  readonly checkOption: boolean;
}
