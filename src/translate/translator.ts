/**
 * T-SQL expression translation, as the planner sees it. Every expression the source carries
 * (defaults, checks, computed columns, index filters) goes through `translateExpression`; what it
 * cannot translate is refused with a reason and lands in manual.sql, never in executable DDL.
 */
import { translateLiteralDefault } from './literal-defaults.js';

export type ExpressionKind = 'default' | 'check' | 'computed' | 'filter';

export type Translation =
  | { readonly ok: true; readonly sql: string; readonly confidence: 'exact' | 'review'; readonly notes: readonly string[] }
  | { readonly ok: false; readonly reason: string };

export interface ExpressionContext {
  /** The target column's PostgreSQL type (defaults depend on it, e.g. getdate() into timestamp). */
  readonly targetType?: string;
}

export function translateExpression(kind: ExpressionKind, tsql: string, context: ExpressionContext): Translation {
  if (kind === 'default') return translateLiteralDefault(tsql, context.targetType ?? '');
  return { ok: false, reason: `${kind === 'filter' ? 'index filter' : kind === 'computed' ? 'computed column' : 'check constraint'} expressions are not translated yet` };
}
