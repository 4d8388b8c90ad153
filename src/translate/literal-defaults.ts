/**
 * Defaults that are a literal or a well-known niladic function, as SQL Server stores them:
 * `((0))`, `(N'text')`, `('2024-01-01')`, `((-1.5))`, `(NULL)`, `(getdate())`, `(newid())`.
 * Read with a tokenizer, not pattern-replaced; anything else is refused.
 */
import { quoteLiteral } from '../target/postgres/quote.js';
import type { Translation } from './translator.js';

type Token = { kind: 'open' | 'close' } | { kind: 'number'; text: string } | { kind: 'string'; text: string } | { kind: 'word'; text: string } | { kind: 'minus' };

function tokenize(text: string): Token[] | undefined {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    const single = ch === '(' ? 'open' : ch === ')' ? 'close' : ch === '-' ? 'minus' : undefined;
    if (/\s/.test(ch)) i++;
    else if (single !== undefined) {
      tokens.push({ kind: single });
      i++;
    } else if (/[0-9.]/.test(ch)) {
      const match = /^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?/i.exec(text.slice(i));
      if (match === null) return undefined;
      tokens.push({ kind: 'number', text: match[0] });
      i += match[0].length;
    } else if (ch === "'" || ((ch === 'N' || ch === 'n') && text.charAt(i + 1) === "'")) {
      let j = ch === "'" ? i + 1 : i + 2;
      let value = '';
      for (;;) {
        if (j >= text.length) return undefined;
        if (text.charAt(j) === "'") {
          if (text.charAt(j + 1) === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += text.charAt(j);
        j++;
      }
      tokens.push({ kind: 'string', text: value });
      i = j + 1;
    } else if (/[A-Za-z_]/.test(ch)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
      if (match === null) return undefined;
      tokens.push({ kind: 'word', text: match[0] });
      i += match[0].length;
    } else return undefined;
  }
  return tokens;
}

/** Niladic T-SQL functions and their PostgreSQL equivalents, by target type family. */
function niladic(name: string, targetType: string): { sql: string; notes: string[] } | undefined {
  const tz = /^timestamptz|with time zone/.test(targetType);
  const localNow = tz ? 'now()' : 'LOCALTIMESTAMP';
  switch (name.toLowerCase()) {
    case 'getdate':
    case 'sysdatetime':
    case 'current_timestamp':
      return { sql: localNow, notes: tz ? [] : ["the server's local time, as in SQL Server (set the PostgreSQL TimeZone accordingly)"] };
    case 'getutcdate':
    case 'sysutcdatetime':
      return { sql: tz ? 'now()' : "(now() AT TIME ZONE 'UTC')", notes: [] };
    case 'sysdatetimeoffset':
      return { sql: 'now()', notes: [] };
    case 'newid':
      return { sql: 'gen_random_uuid()', notes: [] };
    case 'newsequentialid':
      return { sql: 'gen_random_uuid()', notes: ['newsequentialid() values were ordered; gen_random_uuid() values are random'] };
    default:
      return undefined;
  }
}

export function translateLiteralDefault(tsql: string, targetType: string): Translation {
  const tokens = tokenize(tsql);
  const refuse: Translation = { ok: false, reason: 'only literal defaults and getdate()/sysdatetime()/getutcdate()/newid() are translated so far' };
  if (tokens === undefined) return refuse;
  // Strip the balanced parentheses SQL Server wraps defaults in.
  let start = 0;
  let end = tokens.length;
  while (tokens[start]?.kind === 'open' && tokens[end - 1]?.kind === 'close') {
    start++;
    end--;
  }
  const body = tokens.slice(start, end);
  const [first, second, third] = body;
  const isBoolean = targetType === 'boolean';
  if (body.length === 1 && first?.kind === 'number') {
    if (isBoolean && (first.text === '0' || first.text === '1')) return { ok: true, sql: first.text === '1' ? 'true' : 'false', confidence: 'exact', notes: [] };
    return { ok: true, sql: first.text, confidence: 'exact', notes: [] };
  }
  if (body.length === 2 && first?.kind === 'minus' && second?.kind === 'number') return { ok: true, sql: `-${second.text}`, confidence: 'exact', notes: [] };
  if (body.length === 1 && first?.kind === 'string') {
    if (isBoolean && (first.text === '0' || first.text === '1')) return { ok: true, sql: first.text === '1' ? 'true' : 'false', confidence: 'exact', notes: [] };
    return { ok: true, sql: quoteLiteral(first.text), confidence: 'exact', notes: [] };
  }
  if (body.length === 1 && first?.kind === 'word' && first.text.toUpperCase() === 'NULL') return { ok: true, sql: 'NULL', confidence: 'exact', notes: [] };
  if (body.length === 1 && first?.kind === 'word' && first.text.toUpperCase() === 'CURRENT_TIMESTAMP') {
    const fn = niladic(first.text, targetType);
    if (fn !== undefined) return { ok: true, sql: fn.sql, confidence: fn.notes.length === 0 ? 'exact' : 'review', notes: fn.notes };
  }
  if (body.length === 3 && first?.kind === 'word' && second?.kind === 'open' && third?.kind === 'close') {
    const fn = niladic(first.text, targetType);
    if (fn !== undefined) return { ok: true, sql: fn.sql, confidence: fn.notes.length === 0 ? 'exact' : 'review', notes: fn.notes };
  }
  return refuse;
}
