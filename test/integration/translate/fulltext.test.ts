/**
 * Full-text search carried over, on a real PostgreSQL: a catalog with a full-text index (Russian
 * and English columns, and binary documents PostgreSQL cannot read) and views that search it with
 * CONTAINS, FREETEXT and CONTAINSTABLE is planned and applied; the GIN indexes serve the translated
 * searches, and a search for "бюджет" finds the document that says "бюджета".
 */
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyPlanned } from '../../support/apply.js';
import { loadMappings } from '../../../src/mapping/load.js';
import type { Catalog, Column, Table } from '../../../src/model/catalog.js';
import { buildPlan } from '../../../src/plan/build-plan.js';
import type { Plan } from '../../../src/plan/plan-model.js';
import { useTestDatabase, withClient } from '../../support/pg.js';

const column = (name: string, type: Column['type'], nullable = true): Column => ({ name, type, nullable });

const document: Table = {
  name: 'Document',
  columns: [
    column('Id', { name: 'int' }, false),
    column('Title', { name: 'nvarchar', length: 200 }),
    column('Body', { name: 'nvarchar', length: 'max' }),
    column('Summary', { name: 'nvarchar', length: 400 }),
    column('Scan', { name: 'varbinary', length: 'max' }),
    column('Ext', { name: 'nvarchar', length: 8 }),
  ],
  primaryKey: { name: 'PK_Document', columns: [{ name: 'Id', descending: false }], clustered: true },
  uniqueConstraints: [],
  foreignKeys: [],
  checks: [],
  indexes: [],
  triggers: [],
  fullTextIndex: {
    catalog: 'DocsCatalog',
    accentSensitive: true,
    keyIndex: 'PK_Document',
    columns: [
      { name: 'Title', language: 1049 },
      { name: 'Body', language: 1049 },
      { name: 'Summary', language: 1033 },
      { name: 'Scan', language: 1049, typeColumn: 'Ext' },
    ],
    enabled: true,
    changeTracking: 'auto',
    stoplist: 'system',
  },
};

const views = [
  ['v_budget', "CREATE VIEW docs.v_budget AS SELECT d.Id, d.Title FROM docs.Document d WHERE CONTAINS(d.Body, N'бюджет')"],
  ['v_prefix_or_phrase', 'CREATE VIEW docs.v_prefix_or_phrase AS SELECT Id FROM docs.Document WHERE CONTAINS((Title, Body), N\'"муницип*" OR "проект решения"\')'],
  ['v_freetext', "CREATE VIEW docs.v_freetext AS SELECT Id FROM docs.Document WHERE FREETEXT(Summary, 'approved budgets')"],
  ['v_ranked', "CREATE VIEW docs.v_ranked AS SELECT d.Id, ft.RANK AS relevance FROM docs.Document AS d INNER JOIN CONTAINSTABLE(docs.Document, *, N'бюджет OR город', 2) AS ft ON d.Id = ft.[KEY]"],
] as const;

const catalog: Catalog = {
  formatVersion: 1,
  source: { dialect: 'mssql', productVersion: '16.0.4135.4', edition: null, engineEdition: 3, isAzure: false, isBabelfish: false, versionText: 'SQL Server 2022', database: 'docs', collation: 'Cyrillic_General_CI_AS', compatibilityLevel: 160, snapshotIsolation: 'OFF', readCommittedSnapshot: false },
  filter: { include: [], exclude: [] },
  schemas: [
    {
      name: 'docs',
      tables: [document],
      views: views.map(([name, definition]) => ({ name, definition, columns: [], schemaBound: false, references: [{ schema: 'docs', name: 'Document' }] })),
      sequences: [],
      routines: [],
      synonyms: [],
      userTypes: [],
    },
  ],
  notes: [],
};

const ROWS = [
  [1, 'Решение о бюджете', 'Проект бюджета города на 2025 год внесён на рассмотрение.', 'The city budget was approved.'],
  [2, 'Письмо жителя', 'Просьба отремонтировать дорогу во дворе.', 'A request to repair a road.'],
  [3, 'Муниципальная программа', 'Программа развития спорта, без изменения расходов.', 'Sports programme.'],
  [4, 'Проект решения', 'О внесении изменений в положение о городе.', 'Budgets for the town, approving amendments.'],
];

async function apply(url: string, plan: Plan, phase: 'pre-data' | 'post-data'): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    const result = await applyPlanned(pool, plan, phase);
    expect(result.failed).toEqual([]);
  } finally {
    await pool.end();
  }
}

describe('full-text search in PostgreSQL', () => {
  const db = useTestDatabase();
  const plan = buildPlan(catalog, loadMappings([], process.cwd()), { targetVersion: 16 });

  beforeAll(async () => {
    await apply(db.url, plan, 'pre-data');
    await withClient(db.url, async (client) => {
      for (const [id, title, body, summary] of ROWS) await client.query('INSERT INTO docs.document (id, title, body, summary) VALUES ($1, $2, $3, $4)', [id, title, body, summary]);
    });
    await apply(db.url, plan, 'post-data');
  });

  it('plans a GIN index per searchable column in its language, and says what it cannot carry', () => {
    const gin = plan.statements.filter((s) => s.sql.includes('USING gin')).map((s) => s.sql);
    expect(gin).toEqual([
      `CREATE INDEX IF NOT EXISTS document_body_fts ON docs.document USING gin ((to_tsvector('russian'::regconfig, COALESCE(body::text, ''))));`,
      `CREATE INDEX IF NOT EXISTS document_summary_fts ON docs.document USING gin ((to_tsvector('english'::regconfig, COALESCE(summary::text, ''))));`,
      `CREATE INDEX IF NOT EXISTS document_title_fts ON docs.document USING gin ((to_tsvector('russian'::regconfig, COALESCE(title::text, ''))));`,
    ]);
    expect(plan.tables[0]?.fullText).toEqual({
      key: { source: 'Id', target: 'id' },
      columns: [
        { source: 'Title', target: 'title', config: 'russian' },
        { source: 'Body', target: 'body', config: 'russian' },
        { source: 'Summary', target: 'summary', config: 'english' },
      ],
    });
    expect(plan.issues.map((i) => i.code)).toEqual(expect.arrayContaining(['FULLTEXT_INDEX', 'FULLTEXT_DOCUMENTS']));
    expect(plan.translations.filter((t) => t.kind === 'view').map((t) => [t.object, t.confidence])).toEqual(views.map(([name]) => [`docs.${name}`, 'review']).sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? '')));
  });

  it('"бюджет" finds the document that says "бюджета", through the index', async () => {
    await withClient(db.url, async (client) => {
      const { rows } = await client.query<{ id: number }>('SELECT id FROM docs.v_budget ORDER BY id');
      expect(rows.map((r) => r.id)).toEqual([1]);
      await client.query('SET enable_seqscan = off');
      const explained = (await client.query<{ 'QUERY PLAN': string }>('EXPLAIN SELECT * FROM docs.v_budget')).rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(explained).toContain('document_body_fts');
    });
  });

  it('prefix terms and phrases, FREETEXT and CONTAINSTABLE with RANK return what SQL Server does for these rows', async () => {
    await withClient(db.url, async (client) => {
      const ids = async (view: string): Promise<number[]> => (await client.query<{ id: number }>(`SELECT id FROM docs.${view} ORDER BY id`)).rows.map((r) => r.id);
      expect(await ids('v_prefix_or_phrase')).toEqual([3, 4]);
      expect(await ids('v_freetext')).toEqual([1, 4]);
      const ranked = (await client.query<{ id: number; relevance: number }>('SELECT id, relevance FROM docs.v_ranked ORDER BY relevance DESC, id')).rows;
      expect(ranked.map((r) => r.id).sort()).toEqual([1, 4]);
      for (const row of ranked) expect(row.relevance).toBeGreaterThan(0);
    });
  });
});
