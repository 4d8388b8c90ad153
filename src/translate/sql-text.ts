/**
 * PostgreSQL text fragments with their precedence, so the printer adds exactly the parentheses
 * PostgreSQL needs (its precedence differs from T-SQL: `+` binds tighter than `|`, IS is below `=`).
 */
import type { SqlType } from './types.js';

/** PostgreSQL operator precedence, lowest first (docs: "Operator Precedence"). */
export const PREC = { or: 1, and: 2, not: 3, is: 4, comparison: 5, like: 6, other: 7, additive: 8, multiplicative: 9, unary: 11, atom: 12 } as const;

export interface Typed {
  readonly sql: string;
  readonly prec: number;
  readonly type: SqlType;
  /** A string literal's value, kept so LIKE patterns and formats can be rewritten. */
  readonly literal?: string;
  /** The exact PostgreSQL type, when the value is a column or variable of a known type. */
  readonly pgType?: string;
}

export function atom(sql: string, type: SqlType): Typed {
  return { sql, prec: PREC.atom, type };
}

/** The operand's text, parenthesized when it binds looser than `min`. */
export function operand(value: Typed, min: number): string {
  return value.prec < min ? `(${value.sql})` : value.sql;
}

export function call(name: string, args: readonly Typed[], type: SqlType): Typed {
  return atom(`${name}(${args.map((a) => a.sql).join(', ')})`, type);
}

export function castTo(value: Typed, pgType: string, type: SqlType): Typed {
  return atom(`CAST(${value.sql} AS ${pgType})`, type);
}
