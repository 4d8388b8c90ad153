/**
 * T-SQL LIKE patterns: `%` and `_` as in PostgreSQL LIKE, plus `[a-z]` / `[^x]` character sets that
 * PostgreSQL LIKE lacks. Plain patterns stay LIKE; patterns with sets become SIMILAR TO, whose
 * `%`/`_` are the same and whose other metacharacters are escaped. PATINDEX patterns become
 * anchored regular expressions.
 */
import { Refusal, type Position } from './refusal.js';
import { t } from '../i18n/index.js';

type Piece = { kind: 'any' } | { kind: 'one' } | { kind: 'set'; negated: boolean; body: string } | { kind: 'char'; char: string };

function pieces(pattern: string, escape: string | undefined, pos: Position): Piece[] {
  const result: Piece[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern.charAt(i);
    if (escape !== undefined && ch === escape) {
      if (i + 1 >= pattern.length) throw new Refusal(t('refusal.likeEndsInEscape'), pos);
      result.push({ kind: 'char', char: pattern.charAt(++i) });
    } else if (ch === '%') result.push({ kind: 'any' });
    else if (ch === '_') result.push({ kind: 'one' });
    else if (ch === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) {
        result.push({ kind: 'char', char: ch });
        continue;
      }
      const inner = pattern.slice(i + 1, end);
      const negated = inner.startsWith('^');
      const body = negated ? inner.slice(1) : inner;
      // [%] [_] [[] are T-SQL's way of escaping a single character.
      if (!negated && body.length === 1) result.push({ kind: 'char', char: body });
      else result.push({ kind: 'set', negated, body });
      i = end;
    } else result.push({ kind: 'char', char: ch });
  }
  return result;
}

/** Characters inside a bracket expression: only the backslash needs escaping in PostgreSQL's regex dialect. */
function setBody(body: string): string {
  return body.replace(/\\/g, '\\\\');
}

export function likePattern(pattern: string, escape: string | undefined, pos: Position): { operator: 'LIKE' | 'SIMILAR TO'; pattern: string } {
  const parts = pieces(pattern, escape, pos);
  if (!parts.some((p) => p.kind === 'set')) {
    const text = parts.map((p) => (p.kind === 'any' ? '%' : p.kind === 'one' ? '_' : p.kind === 'char' ? (/[%_\\]/.test(p.char) ? `\\${p.char}` : p.char) : '')).join('');
    return { operator: 'LIKE', pattern: text };
  }
  const text = parts
    .map((p) => {
      switch (p.kind) {
        case 'any':
          return '%';
        case 'one':
          return '_';
        case 'set':
          return `[${p.negated ? '^' : ''}${setBody(p.body)}]`;
        case 'char':
          return /[|*+?{}()[\]%_\\^$.]/.test(p.char) ? `\\${p.char}` : p.char;
      }
    })
    .join('');
  return { operator: 'SIMILAR TO', pattern: text };
}

/** A PATINDEX pattern as a POSIX regular expression (anchored where the pattern has no leading/trailing %). */
export function patternRegex(pattern: string, pos: Position): string {
  const parts = pieces(pattern, undefined, pos);
  const first = parts[0];
  const last = parts[parts.length - 1];
  const body = parts
    .slice(first?.kind === 'any' ? 1 : 0, last?.kind === 'any' && parts.length > 1 ? -1 : undefined)
    .map((p) => {
      switch (p.kind) {
        case 'any':
          return '.*?';
        case 'one':
          return '.';
        case 'set':
          return `[${p.negated ? '^' : ''}${setBody(p.body)}]`;
        case 'char':
          return /[|*+?{}()[\]\\^$.]/.test(p.char) ? `\\${p.char}` : p.char;
      }
    })
    .join('');
  return `${first?.kind === 'any' ? '' : '^'}${body}${last?.kind === 'any' ? '' : '$'}`;
}
