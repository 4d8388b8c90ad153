import { describe, expect, it } from 'vitest';
import { parseTargetType } from '../../../src/target/postgres/types.js';

const canonical = (text: string): string => {
  const parsed = parseTargetType(text);
  if ('error' in parsed) throw new Error(`${text}: ${parsed.error}`);
  return parsed.type.sql;
};
const refusal = (text: string): string => {
  const parsed = parseTargetType(text);
  if ('type' in parsed) throw new Error(`${text} was accepted as ${parsed.type.sql}`);
  return parsed.error;
};

describe('PostgreSQL target types', () => {
  it.each([
    ['integer', 'integer'],
    ['INTEGER', 'integer'],
    ['int4', 'integer'],
    ['Int', 'integer'],
    ['int2', 'smallint'],
    ['INT8', 'bigint'],
    ['bool', 'boolean'],
    ['float8', 'double precision'],
    ['DOUBLE   PRECISION', 'double precision'],
    ['float', 'double precision'],
    ['float(24)', 'real'],
    ['float(25)', 'double precision'],
    ['float4', 'real'],
    ['decimal(19, 4)', 'numeric(19,4)'],
    ['NUMERIC(10)', 'numeric(10,0)'],
    ['numeric', 'numeric'],
    ['character varying(20)', 'varchar(20)'],
    ['VARCHAR', 'varchar'],
    ['character(3)', 'char(3)'],
    ['char', 'char(1)'],
    ['timestamp(3) without time zone', 'timestamp(3)'],
    ['timestamp with time zone', 'timestamptz'],
    ['TIMESTAMP (6) WITH TIME ZONE', 'timestamptz(6)'],
    ['timestamptz(0)', 'timestamptz(0)'],
    ['time with time zone', 'timetz'],
    ['time(6)', 'time(6)'],
    ['bit', 'bit(1)'],
    ['bit varying(8)', 'varbit(8)'],
    ['TEXT', 'text'],
    ['jsonb', 'jsonb'],
    ['text[]', 'text[]'],
    ['integer ARRAY', 'integer[]'],
    ['money', 'money'],
    ['CITEXT', 'citext'],
    ['geometry(Point, 4326)', 'geometry(point,4326)'],
    ['public.my_domain', 'public.my_domain'],
    ['"Accounts"."Amount"', '"Accounts"."Amount"'],
  ])('%s -> %s', (text, expected) => {
    expect(canonical(text)).toBe(expected);
  });

  it('names the extension a type needs', () => {
    const extension = (text: string): string | undefined => {
      const parsed = parseTargetType(text);
      return 'type' in parsed ? parsed.type.extension : undefined;
    };
    expect(extension('citext')).toBe('citext');
    expect(extension('geography')).toBe('postgis');
    expect(extension('geometry(Point,4326)')).toBe('postgis');
    expect(extension('integer')).toBeUndefined();
  });

  it.each([
    ['floaty', 'unknown PostgreSQL type "floaty" (did you mean float?); a type of your own or of an extension is written schema-qualified, e.g. public.floaty'],
    ['numeric(19,4', 'missing ")"'],
    ['numeric(19,4))', 'unexpected ")" after numeric(19,4)'],
    ['numeric(4,19)', 'numeric scale 19 is greater than its precision 4'],
    ['numeric(0)', 'numeric precision 0 is out of range 1..1000'],
    ['timestamp(7)', 'timestamp precision 7 is out of range 0..6'],
    ['varchar(0)', 'varchar length 0 is out of range 1..10485760'],
    ['integer(4)', 'integer takes no modifiers'],
    ['varchar(a)', 'varchar modifiers must be integers: (a)'],
    ['numeric(1,2,3)', 'numeric takes at most 2 modifiers'],
    ['', 'empty type'],
    ['integer; DROP TABLE x', 'unexpected ";" after integer'],
    ['timestamp with zone', 'unexpected "with" after timestamp'],
  ])('refuses %j: %s', (text, message) => {
    expect(refusal(text)).toBe(message);
  });
});
