/**
 * SQL Server full-text search in PostgreSQL: a full-text column becomes `to_tsvector(config, col)`,
 * indexed by GIN (fullTextVector, shared by the planner's index and the translated queries, which
 * must spell it alike for the index to serve them), and the search conditions of CONTAINS, FREETEXT
 * and their table-valued forms become tsquery text. The search condition is parsed from its T-SQL
 * literal here, so views, and routines later, translate it the same way; every translation is for
 * review, since stemming, stop words and ranking are PostgreSQL's.
 *
 * SQL Server's language ids (LCIDs) choose the text search configuration: 1049 russian,
 * 1033 english, 0 (neutral) simple.
 */
import { Refusal, type Position } from './refusal.js';
import { quoteLiteral } from '../target/postgres/quote.js';
import { t } from '../i18n/index.js';

/** PostgreSQL's built-in text search configurations by primary language id (the LCID's low 10 bits). */
const CONFIGS: Readonly<Record<number, string>> = {
  0x01: 'arabic',
  0x03: 'catalan',
  0x06: 'danish',
  0x07: 'german',
  0x08: 'greek',
  0x09: 'english',
  0x0a: 'spanish',
  0x0b: 'finnish',
  0x0c: 'french',
  0x0e: 'hungarian',
  0x10: 'italian',
  0x13: 'dutch',
  0x14: 'norwegian',
  0x16: 'portuguese',
  0x18: 'romanian',
  0x19: 'russian',
  0x1a: 'serbian',
  0x1d: 'swedish',
  0x1f: 'turkish',
  0x21: 'indonesian',
  0x27: 'lithuanian',
  0x2b: 'armenian',
  0x2d: 'basque',
  0x39: 'hindi',
  0x3c: 'irish',
  0x3d: 'yiddish',
  0x49: 'tamil',
  0x61: 'nepali',
};

/** The text search configuration for an LCID; `exact` is false when PostgreSQL has none for the language (simple is used). */
export function textSearchConfig(lcid: number): { readonly config: string; readonly exact: boolean } {
  if (lcid === 0) return { config: 'simple', exact: true };
  const config = CONFIGS[lcid & 0x3ff];
  return config === undefined ? { config: 'simple', exact: false } : { config, exact: true };
}

/** The search vector of a full-text column: the index's expression and the queries' alike. */
export function fullTextVector(config: string, column: string): string {
  return `to_tsvector(${quoteLiteral(config)}::regconfig, COALESCE(${column}::text, ''))`;
}

/** A full-text column as a query sees it: its vector (qualified as the query needs) and configuration. */
export interface FullTextColumn {
  readonly vector: string;
  readonly config: string;
}

/** What a search translates to: tsquery text for to_tsquery, and notes for review. */
export interface SearchQuery {
  readonly tsquery: string;
  readonly notes: readonly string[];
}

/** A term of tsquery text: quoted, so to_tsquery normalizes it (a quoted phrase becomes word <-> word). */
function quoteTerm(text: string, prefix: boolean): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'${prefix ? ':*' : ''}`;
}

type Token = { readonly kind: 'word' | 'phrase'; readonly text: string } | { readonly kind: 'symbol'; readonly text: string };

function tokenize(text: string, pos: Position): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < text.length; ) {
    const c = text.charAt(i);
    if (/\s/u.test(c)) {
      i++;
    } else if (c === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) throw new Refusal(t('refusal.fullTextUnclosedQuote'), pos);
      tokens.push({ kind: 'phrase', text: text.slice(i + 1, end) });
      i = end + 1;
    } else if ('()&|!~,'.includes(c)) {
      tokens.push({ kind: 'symbol', text: c });
      i++;
    } else {
      const word = /^[^\s"()&|!~,]+/u.exec(text.slice(i))?.[0] ?? c;
      tokens.push({ kind: 'word', text: word });
      i += word.length;
    }
  }
  return tokens;
}

/**
 * The search condition of CONTAINS (a T-SQL string literal) as tsquery text: words and "phrases"
 * (a trailing * makes a prefix term), AND/&, OR/|, AND NOT/&!, parentheses; FORMSOF(INFLECTIONAL |
 * THESAURUS, ...) and NEAR become what PostgreSQL can say (noted); ISABOUT (weighted terms) is refused.
 */
export function containsQuery(condition: string, pos: Position): SearchQuery {
  const tokens = tokenize(condition, pos);
  const notes = new Set<string>([t('note.fullText')]);
  let at = 0;
  const peek = (): Token | undefined => tokens[at];
  const isWord = (token: Token | undefined, ...words: string[]): boolean => token?.kind === 'word' && words.includes(token.text.toUpperCase());
  const isSymbol = (token: Token | undefined, symbol: string): boolean => token?.kind === 'symbol' && token.text === symbol;
  const expectSymbol = (symbol: string): void => {
    if (!isSymbol(peek(), symbol)) throw new Refusal(t('refusal.fullTextExpected', { symbol, condition }), pos);
    at++;
  };

  const term = (token: Token | undefined): string => {
    if (token === undefined || token.kind === 'symbol') throw new Refusal(t('refusal.fullTextExpectedTerm', { condition }), pos);
    at++;
    const text = token.text.trim();
    const prefix = token.kind === 'phrase' && text.endsWith('*');
    const words = prefix ? text.slice(0, -1).trim() : text;
    if (words === '') throw new Refusal(t('refusal.fullTextEmptyTerm', { condition }), pos);
    return quoteTerm(words, prefix);
  };

  const termList = (): string[] => {
    const terms = [term(peek())];
    while (isSymbol(peek(), ',')) {
      at++;
      terms.push(term(peek()));
    }
    return terms;
  };

  const primary = (): string => {
    const token = peek();
    if (isSymbol(token, '(')) {
      at++;
      const inner = or();
      expectSymbol(')');
      return `(${inner})`;
    }
    if (isWord(token, 'FORMSOF') && isSymbol(tokens[at + 1], '(')) {
      at += 2;
      const kind = peek();
      if (!isWord(kind, 'INFLECTIONAL', 'THESAURUS')) throw new Refusal(t('refusal.formsofKind', { condition }), pos);
      at++;
      expectSymbol(',');
      const terms = termList();
      expectSymbol(')');
      notes.add(
        isWord(kind, 'THESAURUS') ? t('note.formsofThesaurus') : t('note.formsofInflectional'),
      );
      return terms.length === 1 ? (terms[0] ?? '') : `(${terms.join(' | ')})`;
    }
    if (isWord(token, 'NEAR') && isSymbol(tokens[at + 1], '(')) {
      // NEAR((a, b), distance, order): both terms; PostgreSQL's <N> is an exact distance, not "within".
      at += 2;
      expectSymbol('(');
      const terms = termList();
      expectSymbol(')');
      while (!isSymbol(peek(), ')') && peek() !== undefined) at++;
      expectSymbol(')');
      notes.add(t('note.near'));
      return `(${terms.join(' & ')})`;
    }
    if (isWord(token, 'ISABOUT')) throw new Refusal(t('refusal.isabout', { condition }), pos);
    if (isWord(token, 'AND', 'OR', 'NOT')) throw new Refusal(t('refusal.fullTextOperatorForTerm', { word: token?.text ?? '', condition }), pos);
    return term(token);
  };

  /** A term with `NEAR` or `~` after it: all must occur. */
  const near = (): string => {
    const terms = [primary()];
    while (isWord(peek(), 'NEAR') || isSymbol(peek(), '~')) {
      at++;
      terms.push(primary());
    }
    if (terms.length === 1) return terms[0] ?? '';
    notes.add(t('note.near'));
    return `(${terms.join(' & ')})`;
  };

  const and = (): string => {
    let out = near();
    for (;;) {
      if (isWord(peek(), 'AND') || isSymbol(peek(), '&')) {
        at++;
        const negated = isWord(peek(), 'NOT') || isSymbol(peek(), '!');
        if (negated) at++;
        out = `${out} & ${negated ? '!' : ''}${near()}`;
      } else return out;
    }
  };

  const or = (): string => {
    let out = and();
    while (isWord(peek(), 'OR') || isSymbol(peek(), '|')) {
      at++;
      if (isWord(peek(), 'NOT')) throw new Refusal(t('refusal.fullTextOrNot', { condition }), pos);
      out = `${out} | ${and()}`;
    }
    return out;
  };

  const tsquery = or();
  if (at !== tokens.length) throw new Refusal(t('refusal.fullTextUnexpected', { word: tokens[at]?.text ?? '', condition }), pos);
  return { tsquery, notes: [...notes] };
}

/** FREETEXT's text as tsquery text: any of its words (FREETEXT ignores operators and quotes). */
export function freetextQuery(text: string, pos: Position): SearchQuery {
  const words = [...new Set(text.match(/[\p{L}\p{N}_]+/gu) ?? [])];
  if (words.length === 0) throw new Refusal(t('refusal.freetextNoWord', { condition: text }), pos);
  return {
    tsquery: words.map((w) => quoteTerm(w, false)).join(' | '),
    notes: [t('note.fullText'), t('note.freetext')],
  };
}

/** `column @@ query` over each column (any of them may match, as in SQL Server), the query stemmed with each column's configuration unless a LANGUAGE is given. */
export function fullTextPredicate(columns: readonly FullTextColumn[], query: SearchQuery, language: string | undefined): string {
  const tests = columns.map((c) => `${c.vector} @@ to_tsquery(${quoteLiteral(language ?? c.config)}::regconfig, ${quoteLiteral(query.tsquery)})`);
  return tests.length === 1 ? (tests[0] ?? '') : `(${tests.join(' OR ')})`;
}

/**
 * CONTAINSTABLE's RANK: SQL Server's is an integer from 0 to 1000; this is ts_rank scaled to that
 * range (the best column's), so its type and range match, not its values.
 */
export function fullTextRank(columns: readonly FullTextColumn[], query: SearchQuery, language: string | undefined): string {
  const ranks = columns.map((c) => `ts_rank(${c.vector}, to_tsquery(${quoteLiteral(language ?? c.config)}::regconfig, ${quoteLiteral(query.tsquery)}))`);
  return `CAST(round(${ranks.length === 1 ? (ranks[0] ?? '0') : `GREATEST(${ranks.join(', ')})`} * 1000) AS integer)`;
}

