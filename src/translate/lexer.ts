/**
 * T-SQL tokens with their line and column, so refusals can point at the construct. Comments are
 * skipped (nested block comments as SQL Server nests them); variables and money literals become
 * tokens of their own so the parser can refuse them by name.
 */
import { Refusal, type Position } from './refusal.js';
import { t, type MessageKey } from '../i18n/index.js';

export type Token =
  | { readonly kind: 'word'; readonly text: string; readonly pos: Position }
  | { readonly kind: 'quotedIdent'; readonly text: string; readonly pos: Position }
  | { readonly kind: 'string'; readonly text: string; readonly national: boolean; readonly pos: Position }
  | { readonly kind: 'number'; readonly text: string; readonly pos: Position }
  | { readonly kind: 'binary'; readonly hex: string; readonly pos: Position }
  | { readonly kind: 'variable'; readonly text: string; readonly pos: Position }
  | { readonly kind: 'money'; readonly text: string; readonly pos: Position }
  | { readonly kind: 'symbol'; readonly text: string; readonly pos: Position }
  | { readonly kind: 'eof'; readonly pos: Position };

const SYMBOLS = ['<>', '!=', '!<', '!>', '<=', '>=', '::', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', ':', '(', ')', ',', '.', ';', '+', '-', '*', '/', '%', '&', '|', '^', '~', '=', '<', '>'];

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const position = (at: number): Position => ({ line, col: at - lineStart + 1 });
  const advanceTo = (end: number): void => {
    for (let k = i; k < end; k++) {
      if (text.charAt(k) === '\n') {
        line++;
        lineStart = k + 1;
      }
    }
    i = end;
  };
  const closing = (open: number, close: string, unterminated: MessageKey): number => {
    // Quoted text ends at the first unpaired closing character; doubled ones stand for themselves.
    let j = open;
    for (;;) {
      const at = text.indexOf(close, j);
      if (at < 0) throw new Refusal(t(unterminated), position(open));
      if (text.charAt(at + 1) === close) j = at + 2;
      else return at;
    }
  };

  while (i < text.length) {
    const ch = text.charAt(i);
    const rest = text.slice(i);
    const pos = position(i);
    if (/\s/.test(ch)) {
      advanceTo(i + 1);
    } else if (rest.startsWith('--')) {
      const end = text.indexOf('\n', i);
      advanceTo(end < 0 ? text.length : end);
    } else if (rest.startsWith('/*')) {
      let depth = 0;
      let j = i;
      do {
        if (text.startsWith('/*', j)) {
          depth++;
          j += 2;
        } else if (text.startsWith('*/', j)) {
          depth--;
          j += 2;
        } else if (j >= text.length) throw new Refusal(t('refusal.unterminatedComment'), pos);
        else j++;
      } while (depth > 0);
      advanceTo(j);
    } else if (ch === "'" || (/[Nn]/.test(ch) && text.charAt(i + 1) === "'")) {
      const national = ch !== "'";
      const open = i + (national ? 2 : 1);
      const end = closing(open, "'", 'refusal.unterminatedString');
      tokens.push({ kind: 'string', text: text.slice(open, end).replace(/''/g, "'"), national, pos });
      advanceTo(end + 1);
    } else if (ch === '[') {
      const end = closing(i + 1, ']', 'refusal.unterminatedBracketed');
      tokens.push({ kind: 'quotedIdent', text: text.slice(i + 1, end).replace(/\]\]/g, ']'), pos });
      advanceTo(end + 1);
    } else if (ch === '"') {
      const end = closing(i + 1, '"', 'refusal.unterminatedQuoted');
      tokens.push({ kind: 'quotedIdent', text: text.slice(i + 1, end).replace(/""/g, '"'), pos });
      advanceTo(end + 1);
    } else if (/^0x/i.test(rest)) {
      const hex = /^0x([0-9a-f]*)/i.exec(rest)?.[1] ?? '';
      tokens.push({ kind: 'binary', hex: hex.toLowerCase(), pos });
      advanceTo(i + 2 + hex.length);
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(text.charAt(i + 1)))) {
      const match = /^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?/i.exec(rest)?.[0] ?? ch;
      tokens.push({ kind: 'number', text: match, pos });
      advanceTo(i + match.length);
    } else if (ch === '@') {
      const match = /^@@?[\p{L}\p{N}_@#$]*/u.exec(rest)?.[0] ?? ch;
      tokens.push({ kind: 'variable', text: match, pos });
      advanceTo(i + match.length);
    } else if (ch === '$' && /[0-9.]/.test(text.charAt(i + 1))) {
      const match = /^\$[0-9.]+/.exec(rest)?.[0] ?? ch;
      tokens.push({ kind: 'money', text: match, pos });
      advanceTo(i + match.length);
    } else if (/[\p{L}_#]/u.test(ch)) {
      const match = /^[\p{L}_#][\p{L}\p{N}_@#$]*/u.exec(rest)?.[0] ?? ch;
      tokens.push({ kind: 'word', text: match, pos });
      advanceTo(i + match.length);
    } else {
      const symbol = SYMBOLS.find((s) => rest.startsWith(s));
      if (symbol === undefined) throw new Refusal(t('refusal.unexpectedCharacter', { character: JSON.stringify(ch) }), pos);
      tokens.push({ kind: 'symbol', text: symbol, pos });
      advanceTo(i + symbol.length);
    }
  }
  tokens.push({ kind: 'eof', pos: position(i) });
  return tokens;
}
