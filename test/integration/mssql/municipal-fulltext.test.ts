/**
 * Gated on MSSQL_URL: the municipal example's documents schema with its full-text search. The TDS
 * server here (Babelfish) cannot create full-text indexes, so source.sql creates them only where
 * the feature is installed; the catalog read from the server is completed with the full-text
 * indexes and searching views as SQL Server records them for source.sql's guarded batch (parsed
 * from it), and then the whole pipeline runs: the documents (three large scans among them) copy and
 * verify equal, and the translated searches find on PostgreSQL what SQL Server's would.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCatalogFile, serializeCatalog } from '../../../src/model/catalog-io.js';
import type { Catalog, FullTextIndex } from '../../../src/model/catalog.js';
import { runMigrate } from '../../support/cli.js';
import { hasMssql, useFixtureDatabase, withMssql } from '../../support/mssql.js';
import { useTestDatabase, withClient } from '../../support/pg.js';

const SOURCE = fileURLToPath(new URL('../../../examples/municipal/source.sql', import.meta.url));
const MAPPINGS = fileURLToPath(new URL('../../../examples/municipal/mappings.yaml', import.meta.url));

/** The statements of source.sql's guarded full-text batch: EXEC (N'...') strings. */
function fullTextStatements(): string[] {
  const script = readFileSync(SOURCE, 'utf8');
  const block = script.slice(script.indexOf("IF FULLTEXTSERVICEPROPERTY('IsFullTextInstalled') = 1"));
  return [...block.matchAll(/EXEC \(N'((?:[^']|'')*)'\)/g)].map((m) => (m[1] ?? '').replace(/''/g, "'"));
}

/** The catalog as SQL Server would have read it: the full-text indexes and views of the guarded batch added (names lower-cased as Babelfish gives the rest). */
function withFullText(catalog: Catalog): Catalog {
  const statements = fullTextStatements();
  const docs = catalog.schemas.find((s) => s.name === 'docs');
  if (docs === undefined) throw new Error('no docs schema in the catalog');
  const accent = (statements[0] ?? '').includes('ACCENT_SENSITIVITY = ON');
  for (const statement of statements.filter((s) => s.startsWith('CREATE FULLTEXT INDEX'))) {
    const match = /ON docs\.(\w+) \(([^)]*)\)\s+KEY INDEX (\w+) ON (\w+)/.exec(statement);
    const table = docs.tables.find((t) => t.name === match?.[1]);
    if (match === null || table === undefined) throw new Error(`cannot read ${statement}`);
    const columns = (match[2] ?? '').split(',').map((c) => {
      const [name = '', , language = '0'] = c.trim().split(/\s+/);
      return { name, language: Number(language) };
    });
    const index: FullTextIndex = { catalog: match[4] ?? '', accentSensitive: accent, keyIndex: (match[3] ?? '').toLowerCase(), columns, enabled: true, changeTracking: 'auto', stoplist: 'system' };
    table.fullTextIndex = index;
  }
  for (const definition of statements.filter((s) => s.startsWith('CREATE VIEW'))) {
    const name = /CREATE VIEW docs\.(\w+)/.exec(definition)?.[1] ?? '';
    docs.views.push({ name, definition, columns: [], schemaBound: false, references: [{ schema: 'docs', name: 'incoming_document' }, { schema: 'docs', name: 'outgoing_document' }] });
  }
  return catalog;
}

describe.runIf(hasMssql)('municipal documents with full-text search (MSSQL_URL)', () => {
  const source = useFixtureDatabase(new URL('../../../examples/municipal/source.sql', import.meta.url));
  const target = useTestDatabase();

  it('copies and verifies the documents, and "бюджет" finds on PostgreSQL what SQL Server\'s CONTAINSTABLE finds', { timeout: 600_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ms2pg-docs-'));
    const catalogFile = join(dir, 'catalog.json');
    const run = async (args: readonly string[]): Promise<void> => {
      const result = await runMigrate(args);
      expect(result.code, `migrate ${args[0] ?? ''}: ${result.stderr}`).toBe(0);
    };
    await run(['introspect', '--source', source.url, '--out', catalogFile]);
    writeFileSync(catalogFile, serializeCatalog(withFullText(readCatalogFile(catalogFile))));
    await run(['plan', '--catalog', catalogFile, '--mappings', MAPPINGS, '--out', join(dir, 'plan')]);
    await run(['apply', '--target', target.url, '--plan', join(dir, 'plan'), '--phase', 'pre-data']);
    await run(['copy', '--source', source.url, '--target', target.url, '--plan', join(dir, 'plan'), '--jobs', '2']);
    await run(['apply', '--target', target.url, '--plan', join(dir, 'plan'), '--phase', 'post-data']);
    await run(['verify', '--source', source.url, '--target', target.url, '--plan', join(dir, 'plan'), '--tables', 'docs.*']);

    const postData = readFileSync(join(dir, 'plan', 'post-data.sql'), 'utf8');
    expect(postData).toContain(`USING gin ((to_tsvector('russian'::regconfig, COALESCE(summary::text, ''))))`);
    // The source's own answer for this word: a stem match is a substring match here (no other word starts with "бюджет").
    const expected = await withMssql(source.url, undefined, async (pool) =>
      (await pool.request().query<{ reg_number: string }>("SELECT reg_number FROM docs.incoming_document WHERE subject LIKE N'%бюджет%' OR summary LIKE N'%бюджет%' ORDER BY reg_number")).recordset.map((r) => r.reg_number),
    );
    const replies = await withMssql(source.url, undefined, async (pool) =>
      (await pool.request().query<{ reg_number: string }>("SELECT reg_number FROM docs.outgoing_document WHERE body LIKE N'%ремонт%' AND body NOT LIKE N'%отказ%' ORDER BY reg_number")).recordset.map((r) => r.reg_number),
    );
    expect(expected.length).toBeGreaterThan(5);
    await withClient(target.url, async (client) => {
      const found = await client.query<{ reg_number: string; relevance: number }>('SELECT reg_number, relevance FROM docs.v_budget_documents ORDER BY reg_number');
      expect(found.rows.map((r) => r.reg_number)).toEqual(expected);
      expect(found.rows.every((r) => r.relevance > 0)).toBe(true);
      const repairs = await client.query<{ reg_number: string }>('SELECT reg_number FROM docs.v_repair_replies ORDER BY reg_number');
      expect(repairs.rows.map((r) => r.reg_number)).toEqual(replies);
      const scans = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM docs.attachment WHERE octet_length(content) > 1048576');
      expect(scans.rows[0]?.n).toBe(3);
    });
  });
});
