import { describe, expect, it } from 'vitest';
import { loadMappings } from '../../../src/mapping/load.js';
import { parseCatalog } from '../../../src/model/catalog-io.js';
import { buildPlan } from '../../../src/plan/build-plan.js';
import { renderPlanFiles } from '../../../src/plan/plan-io.js';
import { readFileSync } from 'node:fs';

const fixture = readFileSync(new URL('../../fixtures/catalogs/all-objects.catalog.json', import.meta.url), 'utf8');
/** Whatever a viewer or psql may take as the end of a line. */
const LINE_END = /\r\n|[\n\r\u0085\u2028\u2029]/;

describe('comments in generated files', () => {
  const catalog = parseCatalog(fixture, 'all-objects');
  catalog.source.database = 'Muni\ncipal\r\u2028DROP TABLE victim; --';
  const dbo = catalog.schemas.find((s) => s.name === 'dbo')!;
  dbo.views.push({ name: 'v\u2029DROP TABLE victim; --\r', definition: null, columns: [], schemaBound: false, references: [] });
  dbo.views.push({ name: 'v2', definition: 'CREATE VIEW v2 AS SELECT 1 AS a FROM t CROSS APPLY f()\r\u0085DROP TABLE victim;\r\n-- x', columns: [], schemaBound: false, references: [] });
  dbo.tables.find((t) => t.name === 'heap_log')!.name = 'heap\u0085log\u2028x\ry\nz';
  const files = renderPlanFiles(buildPlan(catalog, loadMappings([], process.cwd()), { targetVersion: 16 }));

  it('manual.sql is comments only, on every line, however the source text breaks its lines', () => {
    const lines = files['manual.sql'].split(LINE_END);
    expect(lines.filter((line) => line !== '' && !line.startsWith('--'))).toEqual([]);
    // Names stay on their line with the break shown; the T-SQL keeps its lines, each commented.
    expect(files['manual.sql']).toContain('-- view: dbo.v\\u2029DROP TABLE victim; --\\r\n');
    expect(files['manual.sql']).toContain('--   CREATE VIEW v2 AS SELECT 1 AS a FROM t CROSS APPLY f()\n--   \n--   DROP TABLE victim;\n--   -- x\n');
  });

  it('the headers of every SQL file and of report.md keep the database name on one line', () => {
    for (const file of ['pre-data.sql', 'post-data.sql', 'manual.sql'] as const) {
      expect(files[file]).toContain('database Muni\\ncipal\\r\\u2028DROP TABLE victim; --');
      const header = files[file].split('\n\n')[0] ?? '';
      expect(header.split(LINE_END).filter((line) => !line.startsWith('--'))).toEqual([]);
    }
    expect(files['report.md'].split('\n')[0]).toBe('# Migration assessment: Muni\\ncipal\\r\\u2028DROP TABLE victim; --');
    // A table cell of the report keeps its row.
    // Every mention is in the title or inside a table row: nothing broke a row.
    const mentions = files['report.md'].split(LINE_END).filter((line) => line.includes('DROP TABLE victim'));
    expect(mentions.filter((line) => !line.startsWith('# ') && !(line.startsWith('| ') && line.endsWith(' |')))).toEqual([]);
    const rows = mentions.filter((line) => line.startsWith('| '));
    expect(rows).toContain('| dbo.v\\u2029DROP TABLE victim; --\\r | view | the definition could not be read from SQL Server |');
  });

  it("the statement markers of pre-data.sql and post-data.sql hold a table's name on their line", () => {
    for (const file of ['pre-data.sql', 'post-data.sql'] as const) {
      const markers = files[file].split('\n').filter((line) => line.startsWith('-- ms2pg:statement ') && line.includes('heap'));
      expect(markers.length, file).toBeGreaterThan(0);
      for (const marker of markers) expect(marker, file).not.toMatch(/[\r\u0085\u2028\u2029]/);
    }
  });
});
