import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../../support/run-cli.js';

const CATALOG = fileURLToPath(new URL('../../fixtures/catalogs/all-objects.catalog.json', import.meta.url));

const run = (argv: string[], cwd?: string) => runInProcess(argv, cwd === undefined ? {} : { cwd });

describe('migrate plan', () => {
  it('writes the plan directory offline and summarises it', async () => {
    const { code, out, cwd } = await run(['plan', '--catalog', CATALOG, '--out', 'p', '--json']);
    expect(code).toBe(0);
    const summary = JSON.parse(out) as { tables: number; issues: { error: number } };
    expect(summary).toMatchObject({ tables: 9, issues: { error: 0 } });
    for (const file of ['plan.json', 'pre-data.sql', 'post-data.sql', 'manual.sql', 'report.md']) expect(readFileSync(join(cwd, 'p', file), 'utf8').length).toBeGreaterThan(0);
    const report = readFileSync(join(cwd, 'p', 'report.md'), 'utf8');
    expect(report).toContain('## Declared losses');
    expect(report).toContain('| dbo.all_types.c_datetime2 | datetime2(7) | timestamp(6) |');
    expect(report).toContain('sales.usp_close_order');
  });

  it('exits 2 when the plan has blocking issues, and --identifiers overrides the mapping policy', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ms2pg-cli-'));
    const catalog = JSON.parse(readFileSync(CATALOG, 'utf8')) as { schemas: { tables: { columns: unknown[] }[] }[] };
    catalog.schemas[0]!.tables[0]!.columns.push({ name: 'odd', type: { name: 'mycompany_clr' }, nullable: true });
    writeFileSync(join(cwd, 'catalog.json'), JSON.stringify(catalog));
    const blocked = await run(['plan', '--out', 'p', '--identifiers', 'snake', '--no-color'], cwd);
    expect(blocked.code).toBe(2);
    expect(blocked.err).toContain('error: dbo.all_types.odd: no mapping rule matches type mycompany_clr');
    const plan = JSON.parse(readFileSync(join(cwd, 'p', 'plan.json'), 'utf8')) as { names: { policy: string } };
    expect(plan.names.policy).toBe('snake');
  });
});

describe('migrate mappings', () => {
  it('explain shows each rule tried with file:line and the result', async () => {
    const { code, out } = await run(['mappings', 'explain', 'dbo.all_types.c_datetime2', '--catalog', CATALOG, '--no-color']);
    expect(code).toBe(0);
    expect(out).toContain('dbo.all_types.c_datetime2: datetime2(7)');
    expect(out).toMatch(/skip {3}bit {2}ms2pg:mappings\/default\.yaml:\d+ {2}\(type is datetime2, not bit\)/);
    expect(out).toMatch(/skip {3}datetime2 {2}ms2pg:mappings\/default\.yaml:\d+ {2}\(scale is 7, not <= 6\)/);
    expect(out).toMatch(/match {2}datetime2-7/);
    expect(out).toContain('=> timestamp(6) by rule datetime2-7');
  });

  it('explain refuses an unknown column', async () => {
    const { code, err } = await run(['mappings', 'explain', 'dbo.nope.x', '--catalog', CATALOG]);
    expect(code).toBe(3);
    expect(err).toContain('no column dbo.nope.x in the catalog');
  });

  it('validate accepts the shipped files and reports errors with file:line', async () => {
    expect((await run(['mappings', 'validate'])).code).toBe(0);
    const cwd = mkdtempSync(join(tmpdir(), 'ms2pg-cli-'));
    writeFileSync(join(cwd, 'bad.yaml'), 'rules:\n  - id: x\n    match: { type: int }\n');
    const { code, err } = await run(['mappings', 'validate', 'bad.yaml', '--no-color'], cwd);
    expect(code).toBe(3);
    expect(err).toMatch(/^error: bad\.yaml:2: .*target/m);
  });

  it('validate and plan refuse a target type PostgreSQL does not have, naming file:line', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ms2pg-cli-'));
    writeFileSync(join(cwd, 'bad.yaml'), 'rules:\n  - id: f\n    match: { type: float }\n    target: floaty\n  - id: m\n    match: { type: money }\n    target: "numeric(19,4"\n');
    for (const argv of [['mappings', 'validate', 'bad.yaml'], ['plan', '--catalog', CATALOG, '--mappings', 'bad.yaml', '--out', 'p']]) {
      const { code, err } = await run([...argv, '--no-color'], cwd);
      expect(code).toBe(3);
      expect(err).toMatch(/^error: bad\.yaml:4: rule f: target "floaty": unknown PostgreSQL type "floaty"/m);
      expect(err).toMatch(/^error: bad\.yaml:7: rule m: target "numeric\(19,4": missing "\)"$/m);
    }
  });

  it('validate --catalog warns about rules that decide no column', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ms2pg-cli-'));
    writeFileSync(join(cwd, 'typo.yaml'), 'rules:\n  - id: mony\n    match: { type: mony }\n    target: money\n  - id: ints\n    match: { type: int }\n    target: int4\n');
    const human = await run(['mappings', 'validate', 'typo.yaml', '--catalog', CATALOG, '--no-color'], cwd);
    expect(human.code).toBe(0);
    expect(human.err).toBe('warning: rule mony (typo.yaml:2): decides no column: no column of the catalog matches it (no column has type mony: did you mean money?)\n');
    const json = await run(['mappings', 'validate', 'typo.yaml', '--catalog', CATALOG, '--json'], cwd);
    expect(JSON.parse(json.out)).toMatchObject({ warnings: [{ rule: 'mony', file: 'typo.yaml', line: 2, message: 'decides no column: no column of the catalog matches it', hint: 'no column has type mony: did you mean money?' }] });
    // Without a catalog there is nothing to match against: no warning.
    expect((await run(['mappings', 'validate', 'typo.yaml', '--no-color'], cwd)).err).toBe('');
    // plan says it on the terminal too, besides report.md.
    const plan = await run(['plan', '--catalog', CATALOG, '--mappings', 'typo.yaml', '--out', 'p', '--no-color'], cwd);
    expect(plan.code).toBe(0);
    expect(plan.err).toContain('warning: rule mony (typo.yaml:2): decides no column: no column of the catalog matches it (no column has type mony: did you mean money?)');
    expect(readFileSync(join(cwd, 'p', 'report.md'), 'utf8')).toContain('| warning | rule mony (typo.yaml:2) | decides no column: no column of the catalog matches it | no column has type mony: did you mean money? |');
  });

  it('plan --out naming an existing file is a usage error (exit 3), and writes nothing', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ms2pg-cli-'));
    writeFileSync(join(cwd, 'taken'), 'keep me');
    const { code, err } = await run(['plan', '--catalog', CATALOG, '--out', 'taken', '--no-color'], cwd);
    expect(code).toBe(3);
    expect(err).toContain(`error: ${join(cwd, 'taken')} is a file, not a directory: the plan is written into a directory\nhint: give --out a directory`);
    expect(readFileSync(join(cwd, 'taken'), 'utf8')).toBe('keep me');
  });
});
