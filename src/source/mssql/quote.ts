/** The only place T-SQL identifiers and string literals are quoted. */

/**
 * `[name]`, or `"name"` when the name contains `]`: doubling `]]` is standard T-SQL but some TDS
 * servers (Babelfish) refuse it, and ms2pg connections always run with QUOTED_IDENTIFIER ON.
 */
export function quoteMssqlIdent(name: string): string {
  return name.includes(']') ? `"${name.replace(/"/g, '""')}"` : `[${name}]`;
}

export function quoteMssqlName(schema: string, name: string): string {
  return `${quoteMssqlIdent(schema)}.${quoteMssqlIdent(name)}`;
}

/** N'...' literal: Unicode-safe. */
export function quoteMssqlString(text: string): string {
  return `N'${text.replace(/'/g, "''")}'`;
}
