/**
 * PostgreSQL type names as a mapping rule writes them (`INTEGER`, `int4`, `character varying(20)`,
 * `timestamp(3) with time zone`), parsed and made canonical: the one spelling the plan records and
 * the rest of ms2pg compares (`integer`, `varchar(20)`, `timestamptz(3)`). A name PostgreSQL does
 * not know is refused, unless it is schema-qualified (a domain or an extension's type).
 */
import { closest } from '../../suggest.js';

export interface TargetType {
  /** Canonical spelling: `integer`, `numeric(19,4)`, `varchar(20)`, `timestamptz(3)`, `text[]`. */
  readonly sql: string;
  /** The extension the plan must create for it. */
  readonly extension?: string;
}

export type ParsedType = { readonly type: TargetType } | { readonly error: string };

interface Spec {
  readonly canonical: string;
  /** How many integer modifiers it takes, their meaning and range; none when absent. */
  readonly modifiers?: readonly { readonly what: string; readonly min: number; readonly max: number }[];
  /** The spelling with its modifiers; by default `canonical(m1,m2)`, or `canonical` without any. */
  readonly render?: (values: readonly number[]) => string | { error: string };
  /** Modifiers of the extension's own syntax (geometry(Point,4326)), passed on as written. */
  readonly freeModifiers?: boolean;
  readonly extension?: string;
}

const LENGTH = [{ what: 'length', min: 1, max: 10_485_760 }];
const FRACTION = [{ what: 'precision', min: 0, max: 6 }];
const plain = (canonical: string, extension?: string): Spec => ({ canonical, ...(extension === undefined ? {} : { extension }) });

/** Every name a rule may use, aliases included, to its spec. */
const TYPES = new Map<string, Spec>([
  ...['boolean', 'bool'].map((n): [string, Spec] => [n, plain('boolean')]),
  ...['smallint', 'int2'].map((n): [string, Spec] => [n, plain('smallint')]),
  ...['integer', 'int', 'int4'].map((n): [string, Spec] => [n, plain('integer')]),
  ...['bigint', 'int8'].map((n): [string, Spec] => [n, plain('bigint')]),
  ...['real', 'float4'].map((n): [string, Spec] => [n, plain('real')]),
  ...['double precision', 'float8'].map((n): [string, Spec] => [n, plain('double precision')]),
  ['float', { canonical: 'double precision', modifiers: [{ what: 'precision', min: 1, max: 53 }], render: ([p]) => (p === undefined || p > 24 ? 'double precision' : 'real') }],
  ...['numeric', 'decimal'].map((n): [string, Spec] => [
    n,
    {
      canonical: 'numeric',
      modifiers: [{ what: 'precision', min: 1, max: 1000 }, { what: 'scale', min: 0, max: 1000 }],
      render: ([p, s = 0]) => (p === undefined ? 'numeric' : s > p ? { error: `numeric scale ${s} is greater than its precision ${p}` } : `numeric(${p},${s})`),
    },
  ]),
  ...['varchar', 'character varying', 'char varying'].map((n): [string, Spec] => [n, { canonical: 'varchar', modifiers: LENGTH }]),
  ...['char', 'character'].map((n): [string, Spec] => [n, { canonical: 'char', modifiers: LENGTH, render: ([n = 1]) => `char(${n})` }]),
  ['bit', { canonical: 'bit', modifiers: [{ what: 'length', min: 1, max: 83_886_080 }], render: ([n = 1]) => `bit(${n})` }],
  ...['varbit', 'bit varying'].map((n): [string, Spec] => [n, { canonical: 'varbit', modifiers: [{ what: 'length', min: 1, max: 83_886_080 }] }]),
  ...['timestamp', 'timestamptz', 'time', 'timetz', 'interval'].map((n): [string, Spec] => [n, { canonical: n, modifiers: FRACTION }]),
  // oid: a large object's, for `transform: large-object`.
  ...['money', 'text', 'bytea', 'uuid', 'xml', 'json', 'jsonb', 'date', 'inet', 'cidr', 'macaddr', 'macaddr8', 'tsvector', 'tsquery', 'pg_lsn', 'oid']
    .concat(['point', 'line', 'lseg', 'box', 'path', 'polygon', 'circle', 'int4range', 'int8range', 'numrange', 'tsrange', 'tstzrange', 'daterange'])
    .map((n): [string, Spec] => [n, plain(n)]),
  ['citext', plain('citext', 'citext')],
  ['hstore', plain('hstore', 'hstore')],
  ['ltree', plain('ltree', 'ltree')],
  ...['geometry', 'geography'].map((n): [string, Spec] => [n, { canonical: n, freeModifiers: true, extension: 'postgis' }]),
]);

/** `timestamp with time zone` is timestamptz; `time with time zone` is timetz. */
const WITH_TIME_ZONE: Readonly<Record<string, string>> = { timestamp: 'timestamptz', time: 'timetz' };

type Token = { readonly kind: 'word' | 'quoted' | 'number' | 'punct'; readonly text: string };

function tokenize(text: string): Token[] | { error: string } {
  const tokens: Token[] = [];
  const pattern = /\s*(?:([A-Za-z_][A-Za-z0-9_$]*)|("(?:[^"]|"")+")|(\d+)|([(),.[\]])|(\S))/gy;
  for (let match = pattern.exec(text); match !== null && match[0] !== ''; match = pattern.exec(text)) {
    const [, word, quoted, number, punct, other] = match;
    if (other !== undefined) return { error: `unexpected "${other}" after ${tokens.map((t) => t.text).join(' ') || 'the start'}` };
    if (word !== undefined) tokens.push({ kind: 'word', text: word.toLowerCase() });
    else if (quoted !== undefined) tokens.push({ kind: 'quoted', text: quoted });
    else if (number !== undefined) tokens.push({ kind: 'number', text: number });
    else tokens.push({ kind: 'punct', text: punct ?? '' });
  }
  return tokens;
}

export function parseTargetType(text: string): ParsedType {
  const tokens = tokenize(text);
  if ('error' in tokens) return tokens;
  if (tokens.length === 0) return { error: 'empty type' };
  let i = 0;
  const peek = (offset = 0): Token | undefined => tokens[i + offset];
  const isWord = (word: string, offset = 0): boolean => peek(offset)?.kind === 'word' && peek(offset)?.text === word;

  let sql: string;
  let spec: Spec | undefined;
  const first = peek();
  if (first === undefined || (first.kind !== 'word' && first.kind !== 'quoted')) return { error: `a type name must come first, not "${first?.text ?? ''}"` };
  if (peek(1)?.text === '.') {
    // schema.name: a domain or an extension's type, taken as written (PostgreSQL checks it at apply).
    const name = peek(2);
    if (name === undefined || (name.kind !== 'word' && name.kind !== 'quoted')) return { error: `a type name must follow "${first.text}."` };
    sql = `${first.text}.${name.text}`;
    i += 3;
  } else {
    if (first.kind === 'quoted') return { error: `quoted type ${first.text} must be schema-qualified, e.g. public.${first.text}` };
    // Two-word names: double precision, character varying, bit varying.
    const two = `${first.text} ${peek(1)?.text ?? ''}`;
    const name = peek(1)?.kind === 'word' && TYPES.has(two) ? two : first.text;
    spec = TYPES.get(name);
    if (spec === undefined) {
      const guess = closest(name, TYPES.keys(), 2);
      return { error: `unknown PostgreSQL type "${name}"${guess === undefined ? '' : ` (did you mean ${guess}?)`}; a type of your own or of an extension is written schema-qualified, e.g. public.${name}` };
    }
    sql = spec.canonical;
    i += name.split(' ').length;
  }

  // (modifiers)
  let modifiers: Token[] | undefined;
  if (peek()?.text === '(') {
    modifiers = [];
    i++;
    for (let token = peek(); token !== undefined && token.text !== ')'; token = peek()) {
      if (token.text !== ',') modifiers.push(token);
      else if (peek(-1)?.text === '(' || peek(-1)?.text === ',') return { error: `empty modifier in ${sql}(...)` };
      i++;
    }
    if (peek()?.text !== ')') return { error: 'missing ")"' };
    i++;
  }
  if (spec !== undefined) {
    const rendered = renderModifiers(spec, sql, modifiers);
    if (typeof rendered !== 'string') return rendered;
    sql = rendered;
  } else if (modifiers !== undefined) {
    sql = `${sql}(${modifiers.map((m) => m.text).join(',')})`;
  }

  // with / without time zone
  const zoned = WITH_TIME_ZONE[spec?.canonical ?? ''];
  if (zoned !== undefined && (isWord('with') || isWord('without')) && isWord('time', 1) && isWord('zone', 2)) {
    if (isWord('with')) sql = sql.replace(/^[a-z]+/, zoned);
    i += 3;
  }

  // Arrays: type[], type[3][], type ARRAY (sizes are not enforced by PostgreSQL).
  let arrays = 0;
  for (;;) {
    if (peek()?.text === '[' && (peek(1)?.text === ']' || (peek(1)?.kind === 'number' && peek(2)?.text === ']'))) {
      i += peek(1)?.text === ']' ? 2 : 3;
      arrays++;
    } else if (isWord('array')) {
      i++;
      arrays++;
    } else break;
  }
  const rest = peek();
  if (rest !== undefined) return { error: `unexpected "${rest.text}" after ${sql}` };
  return { type: { sql: `${sql}${'[]'.repeat(arrays)}`, ...(spec?.extension === undefined ? {} : { extension: spec.extension }) } };
}

function renderModifiers(spec: Spec, name: string, modifiers: readonly Token[] | undefined): string | { error: string } {
  if (spec.freeModifiers === true) return modifiers === undefined ? name : `${name}(${modifiers.map((m) => m.text).join(',')})`;
  const allowed = spec.modifiers ?? [];
  const given = modifiers ?? [];
  if (given.length > 0 && allowed.length === 0) return { error: `${name} takes no modifiers` };
  if (given.length > allowed.length) return { error: `${name} takes at most ${allowed.length} modifier${allowed.length === 1 ? '' : 's'}` };
  if (given.some((m) => m.kind !== 'number')) return { error: `${name} modifiers must be integers: (${given.map((m) => m.text).join(',')})` };
  const values = given.map((m) => Number(m.text));
  for (const [k, value] of values.entries()) {
    const range = allowed[k];
    if (range !== undefined && (value < range.min || value > range.max)) return { error: `${name} ${range.what} ${value} is out of range ${range.min}..${range.max}` };
  }
  if (spec.render !== undefined) return spec.render(values);
  return values.length === 0 ? name : `${name}(${values.join(',')})`;
}
