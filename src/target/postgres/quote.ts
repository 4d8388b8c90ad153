/** The only place PostgreSQL identifiers and literals are quoted. */

// PostgreSQL reserved key words (and the non-reserved ones that cannot be column or table names).
const RESERVED = new Set(
  `all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation column
concurrently constraint create cross current_catalog current_date current_role current_schema current_time current_timestamp
current_user default deferrable desc distinct do else end except false fetch for foreign freeze from full grant group having
ilike in initially inner intersect into is isnull join lateral leading left like limit localtime localtimestamp natural not
notnull null offset on only or order outer overlaps placing primary references returning right select session_user similar
some symmetric system_user table tablesample then to trailing true union unique user using variadic verbose when where window with`.split(/\s+/),
);

/** Quotes only when needed: lower-case simple names that are not reserved stay bare, so DDL reads well. */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

export function quoteQualified(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/** Standard-conforming string literal; E'' is never needed because backslashes are not special. */
export function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Every way a line can end, for psql (\n, \r) or for an editor showing the file (NEL, U+2028, U+2029). */
const LINE_BREAK = /\r\n|[\n\r\u0085\u2028\u2029]/;
// Control characters but tab, and the Unicode line and paragraph separators.
const UNPRINTABLE = /(?!\t)[\p{Cc}\u2028\u2029]/gu;
const ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r' };

/**
 * Text for one `--` comment line: line breaks and other control characters are shown as escapes
 * (`\n`, `\u2028`), so a name or a message cannot end the comment and start a statement.
 */
export function commentText(text: string): string {
  return text.replace(UNPRINTABLE, (ch) => ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Multi-line source text kept for reference (T-SQL): each of its lines becomes a `prefix` comment line. */
export function commentLines(text: string, prefix: string): string {
  return text
    .split(LINE_BREAK)
    .map((line) => `${prefix}${commentText(line)}`)
    .join('\n');
}
