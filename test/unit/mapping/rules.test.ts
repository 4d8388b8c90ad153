import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapColumn, renderTypeTemplate } from '../../../src/mapping/engine.js';
import { loadMappings } from '../../../src/mapping/load.js';
import { textInLanguage } from '../../../src/mapping/rule-schema.js';
import type { Column, TypeRef } from '../../../src/model/catalog.js';
import { migrateFailure } from '../../support/failure.js';

const defaults = loadMappings([], process.cwd());

function column(type: TypeRef, extra: Partial<Column> = {}): Column {
  return { name: 'c', type, nullable: true, ...extra };
}

function target(type: TypeRef, extra: Partial<Column> = {}): { type: string | undefined; rule: string | undefined; loss: string | undefined } {
  const decision = mapColumn({ schema: 'dbo', table: 't', column: column(type, extra) }, defaults.rules);
  return { type: decision.mapping?.targetType, rule: decision.mapping?.rule.id, loss: decision.mapping?.rule.loss === undefined ? undefined : textInLanguage(decision.mapping.rule.loss) };
}

function writeFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ms2pg-map-')), 'overrides.yaml');
  writeFileSync(path, text);
  return path;
}

describe('default mapping rules', () => {
  it.each([
    [{ name: 'bit' }, 'boolean'],
    [{ name: 'tinyint' }, 'smallint'],
    [{ name: 'smallint' }, 'smallint'],
    [{ name: 'int' }, 'integer'],
    [{ name: 'bigint' }, 'bigint'],
    [{ name: 'decimal', precision: 18, scale: 4 }, 'numeric(18,4)'],
    [{ name: 'numeric', precision: 38, scale: 0 }, 'numeric(38,0)'],
    [{ name: 'money' }, 'numeric(19,4)'],
    [{ name: 'smallmoney' }, 'numeric(10,4)'],
    [{ name: 'float' }, 'double precision'],
    [{ name: 'real' }, 'real'],
    [{ name: 'date' }, 'date'],
    [{ name: 'datetime' }, 'timestamp(3)'],
    [{ name: 'smalldatetime' }, 'timestamp(0)'],
    [{ name: 'datetime2', scale: 3 }, 'timestamp(3)'],
    [{ name: 'datetime2', scale: 7 }, 'timestamp(6)'],
    [{ name: 'time', scale: 0 }, 'time(0)'],
    [{ name: 'time', scale: 7 }, 'time(6)'],
    [{ name: 'datetimeoffset', scale: 3 }, 'timestamptz(3)'],
    [{ name: 'datetimeoffset', scale: 7 }, 'timestamptz(6)'],
    [{ name: 'char', length: 10 }, 'char(10)'],
    [{ name: 'nchar', length: 5 }, 'char(5)'],
    [{ name: 'varchar', length: 100 }, 'varchar(100)'],
    [{ name: 'nvarchar', length: 4000 }, 'varchar(4000)'],
    [{ name: 'varchar', length: 'max' }, 'text'],
    [{ name: 'nvarchar', length: 'max' }, 'text'],
    [{ name: 'text' }, 'text'],
    [{ name: 'ntext' }, 'text'],
    [{ name: 'binary', length: 16 }, 'bytea'],
    [{ name: 'varbinary', length: 'max' }, 'bytea'],
    [{ name: 'image' }, 'bytea'],
    [{ name: 'rowversion' }, 'bytea'],
    [{ name: 'uniqueidentifier' }, 'uuid'],
    [{ name: 'xml' }, 'xml'],
    [{ name: 'sql_variant' }, 'text'],
    [{ name: 'hierarchyid' }, 'text'],
    [{ name: 'geography' }, 'text'],
    [{ name: 'geometry' }, 'text'],
  ] as [TypeRef, string][])('%o -> %s', (type, expected) => {
    expect(target(type).type).toBe(expected);
  });

  it('declares the losses: datetime ticks, 100 ns, the datetimeoffset offset', () => {
    expect(target({ name: 'datetime' }).loss).toMatch(/1\/300 s/);
    expect(target({ name: 'datetime2', scale: 7 }).loss).toMatch(/100 ns/);
    expect(target({ name: 'datetime2', scale: 6 }).loss).toBeUndefined();
    expect(target({ name: 'datetimeoffset', scale: 3 }).loss).toMatch(/offset is not kept/);
    expect(target({ name: 'decimal', precision: 38, scale: 10 }).loss).toBeUndefined();
  });

  it('has no rule for an unknown CLR type', () => {
    expect(target({ name: 'mycompany_clr_type' }).type).toBeUndefined();
  });
});

describe('user mapping files', () => {
  it('are tried before the defaults, and match on column globs, alias types, collation, identity and ranges', () => {
    const file = writeFile(`rules:
  - id: money-as-money
    match: { type: money, column: "budget.*.*" }
    target: money
    loss: PostgreSQL money has the precision of lc_monetary
  - id: phone
    match: { alias: dbo.Phone }
    target: text
  - id: ci-email
    match: { type: nvarchar, collation: "*_CI_*", column: "*.*.email" }
    target: citext
  - id: small-decimal
    match: { type: decimal, precision: { max: 9 }, scale: { min: 0, max: 0 } }
    target: integer
  - id: identity-int
    match: { type: int, identity: true }
    target: bigint
`);
    const { rules } = loadMappings([file], process.cwd());
    const map = (schema: string, name: string, type: TypeRef, extra: Partial<Column> = {}) =>
      mapColumn({ schema, table: 't', column: { name, type, nullable: true, ...extra } }, rules).mapping?.targetType;
    expect(map('budget', 'amount', { name: 'money' })).toBe('money');
    expect(map('sales', 'amount', { name: 'money' })).toBe('numeric(19,4)');
    expect(map('dbo', 'p', { name: 'varchar', length: 20, alias: { schema: 'dbo', name: 'Phone' } })).toBe('text');
    expect(map('dbo', 'Email', { name: 'nvarchar', length: 100 }, { collation: 'SQL_Latin1_General_CP1_CI_AS' })).toBe('citext');
    expect(map('dbo', 'Email', { name: 'nvarchar', length: 100 }, { collation: 'Latin1_General_CS_AS' })).toBe('varchar(100)');
    expect(map('dbo', 'x', { name: 'decimal', precision: 9, scale: 0 })).toBe('integer');
    expect(map('dbo', 'x', { name: 'decimal', precision: 10, scale: 0 })).toBe('numeric(10,0)');
    expect(map('dbo', 'id', { name: 'int' }, { identity: { seed: '1', increment: '1', lastValue: null } })).toBe('bigint');
  });

  it('explain records every rule tried with file:line and why it did not match', () => {
    const file = writeFile(`rules:
  - id: first
    match: { type: money }
    target: money
`);
    const decision = mapColumn({ schema: 'dbo', table: 't', column: column({ name: 'decimal', precision: 18, scale: 4 }) }, loadMappings([file], process.cwd()).rules, true);
    expect(decision.trials[0]).toMatchObject({ id: 'first', origin: { line: 2 }, mismatch: 'type is decimal, not money' });
    expect(decision.trials[0]?.origin.file).toMatch(/overrides\.yaml$/);
    expect(decision.trials.at(-1)).toMatchObject({ id: 'decimal', origin: { file: 'ms2pg:mappings/default.yaml' } });
    expect(decision.trials.at(-1)?.mismatch).toBeUndefined();
  });

  it('reports every problem with file:line', () => {
    const file = writeFile(`rules:
  - id: ok
    match: { type: int }
    target: integer
  - id: Bad Id
    match: { typo: int }
    target: integer
  - id: ok
    match: { type: bigint }
    target: bigint
`);
    const { message } = migrateFailure(() => loadMappings([file], process.cwd()));
    expect(message).toMatch(/overrides\.yaml:5: .*lower-case letters/);
    expect(message).toMatch(/overrides\.yaml:6: .*typo/);
  });

  it('refuses target types PostgreSQL does not have, or cannot parse, with file:line', () => {
    const file = writeFile(`rules:
  - id: floaty
    match: { type: float }
    target: floaty
  - id: money-typo
    match: { type: money }
    target: "numeric(19,4"
  - id: template-ok
    match: { type: decimal }
    target: NUMERIC({precision}, {scale})
`);
    const { message } = migrateFailure(() => loadMappings([file], process.cwd()));
    expect(message.split('\n')).toEqual([
      expect.stringMatching(/overrides\.yaml:4: rule floaty: target "floaty": unknown PostgreSQL type "floaty" \(did you mean float\?\)/),
      expect.stringMatching(/overrides\.yaml:7: rule money-typo: target "numeric\(19,4": missing "\)"$/),
    ]);
  });

  it('records the canonical spelling of a target, so INTEGER and int4 keep identities', () => {
    const file = writeFile(`rules:
  - id: upper
    match: { type: int, column: "dbo.t.upper" }
    target: INTEGER
  - id: alias
    match: { type: int }
    target: int4
  - id: decimal
    match: { type: decimal }
    target: DECIMAL({precision})
`);
    const rules = loadMappings([file], process.cwd()).rules;
    const identity = { seed: '1', increment: '1', lastValue: null };
    expect(mapColumn({ schema: 'dbo', table: 't', column: { ...column({ name: 'int' }), name: 'upper', identity } }, rules).mapping?.targetType).toBe('integer');
    expect(mapColumn({ schema: 'dbo', table: 't', column: column({ name: 'int' }, { identity }) }, rules).mapping?.targetType).toBe('integer');
    expect(mapColumn({ schema: 'dbo', table: 't', column: column({ name: 'decimal', precision: 12, scale: 0 }) }, rules).mapping?.targetType).toBe('numeric(12,0)');
    // A value only the source can give is checked when the plan renders it.
    const overflow = writeFile('rules:\n  - id: wide\n    match: { type: datetime2 }\n    target: timestamp({scale})\n');
    const decision = mapColumn({ schema: 'dbo', table: 't', column: column({ name: 'datetime2', scale: 7 }) }, loadMappings([overflow], process.cwd()).rules);
    expect(decision.mapping).toBeUndefined();
    expect(decision.error).toMatch(/^rule wide \(.*overrides\.yaml:2\): target "timestamp\(7\)": timestamp precision 7 is out of range 0\.\.6$/);
  });

  it('reports duplicate ids with both lines, and YAML syntax errors with the line', () => {
    const dup = writeFile(`rules:
  - id: a
    match: { type: int }
    target: integer
  - id: a
    match: { type: int }
    target: bigint
`);
    expect(() => loadMappings([dup], process.cwd())).toThrow(/overrides\.yaml:5: rule id "a" is already used at line 2/);
    const broken = writeFile('rules:\n  - id: a\n    match: { type: int\n');
    expect(() => loadMappings([broken], process.cwd())).toThrow(/overrides\.yaml:\d+: /);
  });

  it('merges names and collations, user files first', () => {
    const file = writeFile('names:\n  policy: snake\n  schemas: { dbo: public }\ncollations:\n  caseInsensitive: citext\n');
    const set = loadMappings([file], process.cwd());
    expect(set.names.policy).toBe('snake');
    expect(set.names.schemas).toEqual({ dbo: 'public' });
    expect(set.collations.caseInsensitive).toBe('citext');
    expect(set.files.map((f) => f.file)).toEqual([expect.stringMatching(/overrides\.yaml$/), 'ms2pg:mappings/default.yaml']);
  });
});

describe('renderTypeTemplate', () => {
  it('fills placeholders and refuses missing or unknown ones', () => {
    expect(renderTypeTemplate('numeric({precision},{scale})', { name: 'decimal', precision: 10, scale: 2 })).toEqual({ type: 'numeric(10,2)' });
    expect(renderTypeTemplate('varchar({length})', { name: 'nvarchar', length: 'max' })).toEqual({ error: '{length} is used but nvarchar has length max' });
    expect(renderTypeTemplate('numeric({digits})', { name: 'decimal', precision: 10, scale: 2 })).toEqual({ error: 'unknown placeholder {digits} (use {length}, {precision}, {scale})' });
  });
});
