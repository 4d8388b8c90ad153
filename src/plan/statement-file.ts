/**
 * pre-data.sql and post-data.sql are what `migrate apply` runs: every statement follows a marker
 * comment with its plan id, so the file a DBA reviewed (and edited) is read back statement by
 * statement. A statement's text is everything between its marker and the next marker (or the end
 * marker), without the comment and blank lines at its edges; a statement whose text is deleted or
 * commented out is not run. The markers are comments, so `psql -f` runs the same file.
 */
import { MigrateError } from '../errors.js';
import { t } from '../i18n/index.js';

const MARKER_PREFIX = '-- ms2pg:statement ';
export const END_MARKER = '-- ms2pg:end';

/** The id as a JSON string: no line break or other character that could end the comment survives. */
export function statementMarker(id: string): string {
  return `${MARKER_PREFIX}${JSON.stringify(id).replace(/[\u0085\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)}`;
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

type LexState = { kind: 'code' } | { kind: 'quoted'; close: string; backslash: boolean } | { kind: 'block'; depth: number };

/**
 * For each line, whether it begins outside any string, quoted identifier, dollar quote or block
 * comment: only such a line can be a marker, or a comment line at a statement's edge. A quoted name
 * holding a line break and "-- ms2pg:end" is text, not the end of the file.
 */
function linesInCode(lines: readonly string[]): boolean[] {
  let state: LexState = { kind: 'code' };
  return lines.map((line) => {
    const inCode = state.kind === 'code';
    state = scanLine(line, state);
    return inCode;
  });
}

function scanLine(line: string, start: LexState): LexState {
  let state = start;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] ?? '';
    if (state.kind === 'quoted') {
      if (state.backslash && ch === '\\') i++;
      else if (line.startsWith(state.close, i)) {
        // A doubled quote is one quote inside the text; a dollar quote's close is not doubled.
        if (state.close.length === 1 && line[i + 1] === state.close) i++;
        else {
          i += state.close.length - 1;
          state = { kind: 'code' };
        }
      }
    } else if (state.kind === 'block') {
      if (line.startsWith('/*', i)) {
        state = { kind: 'block', depth: state.depth + 1 };
        i++;
      } else if (line.startsWith('*/', i)) {
        state = state.depth === 1 ? { kind: 'code' } : { kind: 'block', depth: state.depth - 1 };
        i++;
      }
    } else if (line.startsWith('--', i)) {
      return state;
    } else if (line.startsWith('/*', i)) {
      state = { kind: 'block', depth: 1 };
      i++;
    } else if (ch === "'" || ch === '"') {
      const escapes = ch === "'" && /[Ee]/.test(line[i - 1] ?? '') && !/[\w$]/.test(line[i - 2] ?? '');
      state = { kind: 'quoted', close: ch, backslash: escapes };
    } else if (ch === '$' && !/[\w$]/.test(line[i - 1] ?? '')) {
      const tag = /^\$([A-Za-z_][A-Za-z_0-9]*)?\$/.exec(line.slice(i))?.[0];
      if (tag !== undefined) {
        state = { kind: 'quoted', close: tag, backslash: false };
        i += tag.length - 1;
      }
    }
  }
  return state;
}

const isCommentOrBlank = (line: string): boolean => /^\s*(--.*)?$/.test(line);

/** A statement's text without the comment and blank lines at its edges: how the file is read back. */
export function trimStatement(text: string): string {
  const lines = text.split(/\r?\n/);
  const inCode = linesInCode(lines);
  const edge = (i: number): boolean => inCode[i] === true && isCommentOrBlank(lines[i] ?? '');
  let start = 0;
  let end = lines.length;
  while (start < end && edge(start)) start++;
  while (end > start && edge(end - 1)) end--;
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
  const inCode = linesInCode(lines);
  for (const [index, line] of lines.entries()) {
    if (inCode[index] !== true) {
      current?.body.push(line);
      continue;
    }
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
    if (typeof id !== 'string') throw new MigrateError('STATEMENT_FILE_MALFORMED', 'usage', t('error.STATEMENT_FILE_MALFORMED.marker', { file, line: index + 1 }));
    if (statements.has(id)) throw new MigrateError('STATEMENT_FILE_MALFORMED', 'usage', t('error.STATEMENT_FILE_MALFORMED.twice', { file, line: index + 1, id, first: statements.get(id)?.line ?? 0 }));
    current = { id, line: index + 1, body: [] };
  }
  throw new MigrateError('STATEMENT_FILE_MALFORMED', 'usage', t('error.STATEMENT_FILE_MALFORMED.end', { file, marker: END_MARKER }), { hint: t('hint.STATEMENT_FILE_MALFORMED.end') });
}
