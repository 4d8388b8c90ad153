/**
 * The T-SQL statement tree of procedures, functions and triggers: one node type per statement, each
 * with its position, beside the expression tree of ast.ts. The routine translator walks it and prints
 * PL/pgSQL; constructs it does not translate are parsed all the same, so the refusal names them and
 * their position.
 */
import type { CommonTableExpression, Expr, Query, TableSource, Top, TypeName } from './ast.js';
import type { Position } from './refusal.js';

export interface ColumnDefinition {
  readonly name: string;
  readonly type: TypeName;
  readonly nullable: boolean;
  readonly primaryKey: boolean;
  readonly identity: boolean;
  readonly default?: Expr;
  readonly pos: Position;
}

export interface VariableDeclaration {
  /** Lower case, with its @. */
  readonly name: string;
  readonly type: TypeName;
  readonly value?: Expr;
  readonly pos: Position;
}

/** A table written to by INSERT, UPDATE, DELETE or MERGE: a table, `#temp` or `@variable`, or an alias of the FROM clause. */
export interface TargetTable {
  readonly parts: readonly string[];
  readonly alias?: string;
  readonly pos: Position;
}

export interface ExecArgument {
  /** `@name = value`: the parameter's name, lower case with its @. */
  readonly name?: string;
  readonly value: Expr;
  readonly output: boolean;
  /** `DEFAULT` passed explicitly. */
  readonly isDefault: boolean;
}

export interface SetItem {
  /** A column (parts) or a `@variable`. */
  readonly column: readonly string[];
  readonly op: string;
  readonly value: Expr;
  readonly pos: Position;
}

export interface OutputClause {
  readonly pos: Position;
}

export type Statement =
  | { readonly kind: 'block'; readonly body: readonly Statement[]; readonly pos: Position }
  | { readonly kind: 'declare'; readonly variables: readonly VariableDeclaration[]; readonly pos: Position }
  | { readonly kind: 'declareTable'; readonly name: string; readonly columns: readonly ColumnDefinition[]; readonly pos: Position }
  | { readonly kind: 'declareCursor'; readonly name: string; readonly options: readonly string[]; readonly query: Query; readonly pos: Position }
  | { readonly kind: 'set'; readonly variable: string; readonly op: string; readonly value: Expr; readonly pos: Position }
  | { readonly kind: 'setOption'; readonly option: string; readonly value: Expr | string; readonly pos: Position }
  | { readonly kind: 'select'; readonly query: Query; readonly pos: Position }
  | {
      readonly kind: 'insert';
      readonly ctes: readonly CommonTableExpression[];
      readonly top?: Top;
      readonly target: TargetTable;
      readonly columns?: readonly string[];
      readonly source: { readonly kind: 'values'; readonly rows: readonly (readonly Expr[])[] } | { readonly kind: 'query'; readonly query: Query } | { readonly kind: 'defaultValues' } | { readonly kind: 'exec'; readonly pos: Position };
      readonly output?: OutputClause;
      readonly pos: Position;
    }
  | {
      readonly kind: 'update';
      readonly ctes: readonly CommonTableExpression[];
      readonly top?: Top;
      readonly target: TargetTable;
      readonly set: readonly SetItem[];
      readonly from: readonly TableSource[];
      readonly where?: Expr;
      readonly output?: OutputClause;
      readonly pos: Position;
    }
  | {
      readonly kind: 'delete';
      readonly ctes: readonly CommonTableExpression[];
      readonly top?: Top;
      readonly target: TargetTable;
      readonly from: readonly TableSource[];
      readonly where?: Expr;
      readonly output?: OutputClause;
      readonly pos: Position;
    }
  | {
      readonly kind: 'merge';
      readonly target: TargetTable;
      readonly source: TableSource;
      readonly on: Expr;
      readonly clauses: readonly MergeClause[];
      readonly output?: OutputClause;
      readonly pos: Position;
    }
  | { readonly kind: 'if'; readonly condition: Expr; readonly then: Statement; readonly otherwise?: Statement; readonly pos: Position }
  | { readonly kind: 'while'; readonly condition: Expr; readonly body: Statement; readonly pos: Position }
  | { readonly kind: 'break'; readonly pos: Position }
  | { readonly kind: 'continue'; readonly pos: Position }
  | { readonly kind: 'return'; readonly value?: Expr; readonly pos: Position }
  | { readonly kind: 'try'; readonly body: readonly Statement[]; readonly handler: readonly Statement[]; readonly pos: Position }
  | { readonly kind: 'throw'; readonly error?: { readonly number: Expr; readonly message: Expr; readonly state: Expr }; readonly pos: Position }
  | { readonly kind: 'raiserror'; readonly message: Expr; readonly severity: Expr; readonly state: Expr; readonly args: readonly Expr[]; readonly options: readonly string[]; readonly pos: Position }
  | { readonly kind: 'print'; readonly value: Expr; readonly pos: Position }
  | { readonly kind: 'transaction'; readonly action: 'begin' | 'commit' | 'rollback' | 'save'; readonly name?: string; readonly pos: Position }
  | { readonly kind: 'exec'; readonly returnVariable?: string; readonly procedure: readonly string[]; readonly args: readonly ExecArgument[]; readonly pos: Position }
  | { readonly kind: 'execString'; readonly sql: Expr; readonly pos: Position }
  | { readonly kind: 'cursor'; readonly action: 'open' | 'close' | 'deallocate'; readonly cursor: string; readonly pos: Position }
  | { readonly kind: 'fetch'; readonly direction: string; readonly cursor: string; readonly into: readonly string[]; readonly pos: Position }
  | { readonly kind: 'createTable'; readonly name: string; readonly columns: readonly ColumnDefinition[]; readonly pos: Position }
  | { readonly kind: 'dropTable'; readonly names: readonly string[]; readonly ifExists: boolean; readonly pos: Position }
  | { readonly kind: 'truncate'; readonly target: TargetTable; readonly pos: Position }
  | { readonly kind: 'goto'; readonly label: string; readonly pos: Position }
  | { readonly kind: 'label'; readonly label: string; readonly pos: Position }
  | { readonly kind: 'waitfor'; readonly pos: Position }
  | { readonly kind: 'empty'; readonly pos: Position };

export type MergeClause =
  | { readonly kind: 'matched'; readonly condition?: Expr; readonly action: { readonly kind: 'update'; readonly set: readonly SetItem[] } | { readonly kind: 'delete' }; readonly pos: Position }
  | { readonly kind: 'notMatched'; readonly bySource: boolean; readonly condition?: Expr; readonly action: { readonly kind: 'insert'; readonly columns?: readonly string[]; readonly values: readonly Expr[] } | { readonly kind: 'update'; readonly set: readonly SetItem[] } | { readonly kind: 'delete' }; readonly pos: Position };

export interface Parameter {
  /** Lower case, with its @. */
  readonly name: string;
  readonly type: TypeName;
  readonly default?: Expr;
  readonly output: boolean;
  readonly readonly: boolean;
  readonly pos: Position;
}

export type RoutineHeader =
  | { readonly kind: 'procedure'; readonly parameters: readonly Parameter[] }
  | { readonly kind: 'scalarFunction'; readonly parameters: readonly Parameter[]; readonly returns: TypeName }
  | { readonly kind: 'inlineFunction'; readonly parameters: readonly Parameter[] }
  | { readonly kind: 'tableFunction'; readonly parameters: readonly Parameter[]; readonly table: string; readonly columns: readonly ColumnDefinition[] }
  | { readonly kind: 'trigger'; readonly table: readonly string[]; readonly timing: 'after' | 'instead of'; readonly events: readonly ('insert' | 'update' | 'delete')[] };

export interface RoutineDefinition {
  readonly name: readonly string[];
  readonly header: RoutineHeader;
  /** WITH options of the CREATE (EXECUTE AS, SCHEMABINDING, RECOMPILE, ...), upper case. */
  readonly options: readonly string[];
  /** Statements of the body; an inline function's body is its one query. */
  readonly body: readonly Statement[];
  readonly query?: Query;
  readonly pos: Position;
}
