import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCatalog, serializeCatalog } from '../../../src/model/catalog-io.js';
import { MigrateError } from '../../../src/errors.js';

const fixturePath = new URL('../../fixtures/catalogs/awkward.catalog.json', import.meta.url);
const fixtureText = readFileSync(fixturePath, 'utf8');

function refusal(text: string): string {
  try {
    parseCatalog(text, 'catalog.json');
  } catch (error) {
    if (error instanceof MigrateError) return error.message;
    throw error;
  }
  throw new Error('expected the catalog to be refused');
}

function mutated(change: (catalog: Record<string, unknown>) => void): string {
  const data = JSON.parse(fixtureText) as Record<string, unknown>;
  change(data);
  return JSON.stringify(data);
}

describe('catalog JSON', () => {
  it('round-trips unchanged: parse -> serialize -> parse gives the same bytes', () => {
    const once = serializeCatalog(parseCatalog(fixtureText, 'fixture'));
    const twice = serializeCatalog(parseCatalog(once, 'again'));
    expect(twice).toBe(once);
    // Nothing the fixture says is dropped or altered (key order aside).
    expect(JSON.parse(once)).toEqual(JSON.parse(fixtureText));
  });

  it('keeps identity values beyond 2^53 exact', () => {
    const catalog = parseCatalog(fixtureText, 'fixture');
    expect(catalog.schemas[0]?.tables[0]?.columns[0]?.identity?.lastValue).toBe('9007199254740993');
  });

  it('refuses an unknown format version, naming it', () => {
    expect(refusal(mutated((c) => (c.formatVersion = 2)))).toBe(
      'catalog.json: $.formatVersion 2 is not supported (this ms2pg reads version 1)',
    );
    expect(refusal('{"schemas": []}')).toMatch(/\$\.formatVersion is missing/);
  });

  it('refuses invalid JSON', () => {
    expect(refusal('{"formatVersion": 1,')).toMatch(/^catalog\.json: not valid JSON/);
  });

  it('names the JSON path and the objects on the way for a malformed value', () => {
    const message = refusal(
      mutated((c) => {
        const schemas = c.schemas as { tables: { columns: { type: { length: unknown } }[] }[] }[];
        schemas[0]!.tables[0]!.columns[2]!.type.length = 'huge';
      }),
    );
    expect(message).toContain('catalog.json: $.schemas[0].tables[0].columns[2].type.length (dbo.Order Lines]"x.select):');
  });

  it('refuses unknown properties (typos in a hand-edited catalog)', () => {
    const message = refusal(
      mutated((c) => {
        (c.schemas as Record<string, unknown>[])[0]!.tabels = [];
      }),
    );
    expect(message).toMatch(/\$\.schemas\[0\] \(dbo\): .*tabels/);
  });

  it('refuses keys and indexes that name missing columns', () => {
    const message = refusal(
      mutated((c) => {
        const table = (c.schemas as { tables: { indexes: { include: string[] }[] }[] }[])[0]!.tables[0]!;
        table.indexes[1]!.include = ['nope'];
      }),
    );
    expect(message).toBe('catalog.json: $.schemas[0].tables[0] (dbo.Order Lines]"x): index IX_sum_desc names column "nope", which the table does not have');
  });
});
