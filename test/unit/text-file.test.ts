import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveSettings } from '../../src/config/load.js';
import { loadMappings } from '../../src/mapping/load.js';
import { readCatalogFile } from '../../src/model/catalog-io.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import { readPlanDirectory, writePlanDirectory } from '../../src/plan/plan-io.js';
import { decodeUtf8 } from '../../src/text-file.js';
import { migrateFailure } from '../support/failure.js';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const catalogPath = new URL('../fixtures/catalogs/all-objects.catalog.json', import.meta.url);

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'ms2pg-encoding-'));
}


/** "таблица" in cp1251: bytes that are not UTF-8. */
const CP1251_TABLE = Buffer.from([0xf2, 0xe0, 0xe1, 0xeb, 0xe8, 0xf6, 0xe0]);

describe('input files are UTF-8', () => {
  it('a byte-order mark is accepted in catalog, mappings, config and plan files', () => {
    const d = dir();
    const catalog = join(d, 'catalog.json');
    writeFileSync(catalog, Buffer.concat([BOM, readFileSync(catalogPath)]));
    expect(readCatalogFile(catalog).source.database).toBe(readCatalogFile(catalogPath.pathname).source.database);

    const mappings = join(d, 'overrides.yaml');
    writeFileSync(mappings, Buffer.concat([BOM, Buffer.from('names:\n  policy: snake\n')]));
    expect(loadMappings([mappings], d).names.policy).toBe('snake');

    writeFileSync(join(d, 'migrate.config.yaml'), Buffer.concat([BOM, Buffer.from('copy:\n  jobs: 3\n')]));
    expect(resolveSettings({ cwd: d, env: {}, flags: {} }).get('copy.jobs')).toBe(3);
    writeFileSync(join(d, 'other.json'), Buffer.concat([BOM, Buffer.from('{"copy": {"jobs": 5}}')]));
    expect(resolveSettings({ cwd: d, env: {}, flags: {}, configPath: 'other.json' }).get('copy.jobs')).toBe(5);

    const planDir = join(d, 'plan');
    writePlanDirectory(planDir, buildPlan(readCatalogFile(catalog), loadMappings([], d), { targetVersion: 16 }));
    writeFileSync(join(planDir, 'plan.json'), Buffer.concat([BOM, readFileSync(join(planDir, 'plan.json'))]));
    expect(readPlanDirectory(planDir).tables.length).toBeGreaterThan(0);
  });

  it('a cp1251 mappings file is refused with the file name, the byte offset and the line', () => {
    const d = dir();
    const mappings = join(d, 'cp1251.yaml');
    const head = Buffer.from('names:\n  objects:\n    "dbo.t": ');
    writeFileSync(mappings, Buffer.concat([head, CP1251_TABLE, Buffer.from('\n')]));
    const error = migrateFailure(() => loadMappings([mappings], d));
    expect(error.category).toBe('usage');
    expect(error.message).toBe(`cp1251.yaml: not valid UTF-8 at byte offset ${head.length} (line 3); save the file as UTF-8`);
  });

  it('invalid UTF-8 in catalog, config and plan files is refused the same way', () => {
    const d = dir();
    const catalog = join(d, 'catalog.json');
    writeFileSync(catalog, Buffer.concat([Buffer.from('{"a": "'), CP1251_TABLE, Buffer.from('"}')]));
    expect(migrateFailure(() => readCatalogFile(catalog)).message).toBe(`${catalog}: not valid UTF-8 at byte offset 7 (line 1); save the file as UTF-8`);

    writeFileSync(join(d, 'migrate.config.yaml'), Buffer.concat([Buffer.from('source:\n  database: '), CP1251_TABLE]));
    expect(migrateFailure(() => resolveSettings({ cwd: d, env: {}, flags: {} })).message).toBe(
      `config file ${join(d, 'migrate.config.yaml')}: not valid UTF-8 at byte offset 20 (line 2); save the file as UTF-8`,
    );

    const planDir = join(d, 'plan');
    writePlanDirectory(planDir, buildPlan(readCatalogFile(catalogPath.pathname), loadMappings([], d), { targetVersion: 16 }));
    writeFileSync(join(planDir, 'plan.json'), Buffer.concat([readFileSync(join(planDir, 'plan.json')), Buffer.from([0xc0, 0xaf])]));
    expect(migrateFailure(() => readPlanDirectory(planDir)).message).toMatch(/plan\.json: not valid UTF-8 at byte offset \d+ \(line \d+\); save the file as UTF-8$/);
  });
});

describe('decodeUtf8', () => {
  it('names the first invalid byte: stray continuation, overlong form, surrogate, beyond U+10FFFF, cut sequence', () => {
    const at = (bytes: number[]): string => migrateFailure(() => decodeUtf8(Buffer.from(bytes), 'f')).message;
    expect(at([0x61, 0x80])).toMatch(/byte offset 1 /);
    expect(at([0x61, 0x62, 0xc0, 0x80])).toMatch(/byte offset 2 /);
    expect(at([0xe0, 0x80, 0x80])).toMatch(/byte offset 0 /);
    expect(at([0x0a, 0xed, 0xa0, 0x80])).toMatch(/byte offset 1 \(line 2\)/);
    expect(at([0xf4, 0x90, 0x80, 0x80])).toMatch(/byte offset 0 /);
    expect(at([0x61, 0xe2, 0x82])).toMatch(/byte offset 1 /);
  });

  it('accepts every valid form and drops only a leading byte-order mark', () => {
    const text = 'a\u00e9\u20ac\u{1f600}\ufeff';
    expect(decodeUtf8(Buffer.from(text), 'f')).toBe(text);
    expect(decodeUtf8(Buffer.concat([BOM, Buffer.from(text)]), 'f')).toBe(text);
  });
});
