/**
 * pre-data.sql and post-data.sql are what `migrate apply` runs: every statement follows a marker
 * comment with its plan id, so the file a DBA reviewed (and edited) is read back statement by
 * statement. A statement's text is everything between its marker and the next marker (or the end
 * marker), without the comment and blank lines at its edges; a statement whose text is deleted or
 * commented out is not run. The markers are comments, so `psql -f` runs the same file.
 */
import { MigrateError } from '../errors.js';

const MARKER_PREFIX = '-- ms2pg:statement ';
export const END_MARKER = '-- ms2pg:end';

/** The id as a JSON string: no line break or other character that could end the comment survives. */
export function statementMarker(id: string): string {
  return `${MARKER_PREFIX}${JSON.stringify(id).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}`;
}

export interface ReviewedStatement {
  /** The text to run; empty when the statement was deleted or commented out. */
  readonly sql: string;
  /** 1-based line of the marker. */
  readonly line: number;
}

/** A phase's file as reviewed: statement texts by id, and the file's name for messages. */
export interface ReviewedPhase {
  readonly file: string;
  readonly statements: ReadonlyMap<string, ReviewedStatement>;
}

const isCommentOrBlank = (line: string): boolean => /^\s*(--.*)?$/.test(line);

/** A statement's text without the comment and blank lines at its edges: how the file is read back. */
export function trimStatement(text: string): string {
  const lines = text.split(/\r?\n/);
  let start = 0;
  let end = lines.length;
  while (start < end && isCommentOrBlank(lines[start] ?? '')) start++;
  while (end > start && isCommentOrBlank(lines[end - 1] ?? '')) end--;
  return lines.slice(start, end).join('\n');
}

/** Statement texts by id, in file order. Throws on a malformed or repeated marker, naming the line. */
export function parseStatementFile(text: string, file: string): Map<string, ReviewedStatement> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const statements = new Map<string, ReviewedStatement>();
  let current: { id: string; line: number; body: string[] } | undefined;
  const finish = (): void => {
    if (current === undefined) return;
    statements.set(current.id, { sql: trimStatement(current.body.join('\n')), line: current.line });
    current = undefined;
  };
  for (const [index, line] of lines.entries()) {
    if (line.trimEnd() === END_MARKER) {
      finish();
      return statements;
    }
    if (!line.startsWith(MARKER_PREFIX)) {
      current?.body.push(line);
      continue;
    }
    finish();
    let id: unknown;
    try {
      id = JSON.parse(line.slice(MARKER_PREFIX.length));
    } catch {
      id = undefined;
    }
    if (typeof id !== 'string') throw new MigrateError('STATEMENT_FILE_MALFORMED', 'usage', `${file}:${index + 1}: a statement marker must be followed by its id as a JSON string`);
    if (statements.has(id)) throw new MigrateError('STATEMENT_FILE_MALFORMED', 'usage', `${file}:${index + 1}: statement ${id} appears twice (first at line ${statements.get(id)?.line ?? 0})`);
    current = { id, line: index + 1, body: [] };
  }
  throw new MigrateError('STATEMENT_FILE_MALFORMED', 'usage', `${file}: the end marker "${END_MARKER}" is missing (the file may be cut short)`, {
    hint: 'regenerate the plan with migrate plan, or restore the last line',
  });
}
