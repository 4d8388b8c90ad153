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
  [/^oid$/, 'oid'],
];

export function encoderFor(targetType: string): string {
  return ENCODERS.find(([pattern]) => pattern.test(targetType))?.[1] ?? 'text-fallback';
}

/** Types whose values are text of some kind, to which a collation can apply. */
export function isTextual(targetType: string): boolean {
  return encoderFor(targetType) === 'text';
}

/**
 * The most bytes one bytea or text value can hold. PostgreSQL allocates at most 1 GB - 1 byte for one
 * value (MaxAllocSize), header included, and storing a value first tries to compress it into a buffer
 * 12 bytes larger than the value: a longer value fails with "invalid memory alloc request size".
 */
export const VALUE_MAX_BYTES = 0x3fffffff - 16;
