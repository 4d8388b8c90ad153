/**
 * Which COPY encoder writes a value of each PostgreSQL type. The plan records the name per column;
 * types without a binary encoder fall back to text COPY for their table.
 */
const ENCODERS: readonly [RegExp, string][] = [
  [/^boolean$/, 'bool'],
  [/^smallint$/, 'int2'],
  [/^integer$/, 'int4'],
  [/^bigint$/, 'int8'],
  [/^numeric(\(.*\))?$/, 'numeric'],
  [/^real$/, 'float4'],
  [/^double precision$/, 'float8'],
  [/^date$/, 'date'],
  [/^timestamp(\(\d\))?$/, 'timestamp'],
  [/^timestamptz(\(\d\))?$/, 'timestamptz'],
  [/^time(\(\d\))?$/, 'time'],
  [/^(text|citext|varchar(\(\d+\))?|char(\(\d+\))?)$/, 'text'],
  [/^bytea$/, 'bytea'],
  [/^uuid$/, 'uuid'],
  [/^xml$/, 'xml'],
  [/^jsonb?$/, 'json'],
];

export function encoderFor(targetType: string): string {
  return ENCODERS.find(([pattern]) => pattern.test(targetType))?.[1] ?? 'text-fallback';
}

/** Types whose values are text of some kind, to which a collation can apply. */
export function isTextual(targetType: string): boolean {
  return encoderFor(targetType) === 'text';
}
