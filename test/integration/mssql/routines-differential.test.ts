/**
 * Gated on MSSQL_URL: procedures, functions and triggers proven by running both. Each fixture is
 * loaded into the TDS server and migrated by the CLI (its routines converted into post-data); then
 * every converted routine runs on both sides with the same inputs (test/support/differential.ts)
 * and what a caller sees is compared. Prints how many routines match.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../../src/plan/plan-model.js';
import { PgSide, TdsSide, runCase, type CaseResult, type RoutineCase } from '../../support/differential.js';
import { hasMssql, useFixtureDatabase, type FixtureDatabase } from '../../support/mssql.js';
import { migrate } from '../../support/pipeline.js';
import { useTestDatabase, type TestDatabase } from '../../support/pg.js';

const APPEALS = ['appeals.appeal', 'appeals.status_history', 'appeals.appeal_archive'];
const BUDGET = ['budget.account', 'budget.posting', 'budget.posting_error', 'budget.month_total', 'audit.change_log'];
const REGISTRY = ['registry.owner', 'registry.property', 'registry.transfer', 'audit.change_log'];

/** The fixture's routines in call order: each input set sees the state the previous ones left, on both sides. */
const FIXTURE_CASES: readonly RoutineCase[] = [
  { routine: 'appeals.fn_due_date', call: 'scalar', inputs: [['20240105 09:30', 30], ['20240301', 5], ['20240306', 3], [null, 1]] },
  { routine: 'appeals.fn_is_overdue', call: 'scalar', inputs: [['20240204', 'new', '20240301'], ['20240204', 'closed', '20240301'], ['20240401', 'new', '20240301'], [null, 'new', '20240301']] },
  { routine: 'dbo.fn_clamp', call: 'scalar', inputs: [[5, 1, 10], [-3, 1, 10], [42, 1, 10], [null, 1, 10]] },
  { routine: 'dbo.fn_initials', call: 'scalar', inputs: [['Иванов Сергей Петрович'], ['  kim   lee '], [''], [null]] },
  { routine: 'audit.fn_operation_name', call: 'scalar', inputs: [['I'], ['D'], ['x'], [null]] },
  { routine: 'budget.fn_format_amount', call: 'scalar', inputs: [[1234.5], [0], [-99.99], [null]] },
  { routine: 'budget.fn_available', call: 'scalar', inputs: [[1], [2], [99]] },
  { routine: 'registry.fn_owner_property_count', call: 'scalar', inputs: [[1], [3], [null]] },
  { routine: 'appeals.fn_open_by_topic', call: 'table', inputs: [['roads'], ['parks'], ['none']] },
  { routine: 'budget.fn_account_postings', call: 'table', inputs: [[1], [4], [99]] },
  { routine: 'registry.fn_properties_of', call: 'table', inputs: [[1], [2], [99]] },
  { routine: 'appeals.fn_status_counts', call: 'table', inputs: [[]] },
  { routine: 'appeals.usp_appeal_report', call: 'rows', ordered: true, inputs: [{ from: '20240101', to: '20240201' }, { from: '20240101', to: '20250101' }, { from: '20300101', to: '20310101' }] },
  { routine: 'appeals.usp_find_appeals', call: 'rows', ordered: true, inputs: [{ text: 'ов' }, { text: '2024-000' }, { text: 'nobody' }] },
  { routine: 'appeals.usp_topic_load', call: 'rows', ordered: true, inputs: [{}] },
  { routine: 'budget.usp_month_totals', call: 'rows', ordered: true, inputs: [{ year: 2024 }, { year: 2023 }] },
  { routine: 'registry.usp_owner_history', call: 'rows', ordered: true, inputs: [{ property_id: 100 }] },
  { routine: 'registry.usp_split_area', call: 'rows', ordered: true, inputs: [{ property_id: 100, parts: 3 }, { property_id: 103, parts: 1 }, { property_id: 999, parts: 2 }, { property_id: 101, parts: 0 }] },
  { routine: 'audit.usp_recent', call: 'rows', ordered: true, inputs: [{ n: 3 }, { n: 0 }] },
  {
    routine: 'audit.usp_error_info',
    call: 'rows',
    inputs: [{ divisor: 4 }, { divisor: 0 }],
    // Known Babelfish difference: ERROR_LINE() counts from the line after AS; SQL Server, as the conversion, from the first line of the definition.
    babelfish: { error_line: (line) => (typeof line === 'number' ? line - 3 : line) },
  },
  {
    routine: 'appeals.usp_register_appeal',
    call: 'procedure',
    outputs: { appeal_id: 'int', reg_number: 'nvarchar(20)' },
    inputs: [
      { citizen_name: 'Орлова Вера', topic: 'roads', registered_at: '20240402 10:15', priority: 2 },
      { citizen_name: null, topic: 'heating', registered_at: '20240405 16:00' },
      { citizen_name: 'Nobody', topic: '  ', registered_at: '20240406 09:00' },
    ],
    tables: APPEALS,
  },
  {
    routine: 'appeals.usp_change_status',
    call: 'procedure',
    inputs: [
      { appeal_id: 8, new_status: 'in_progress', note: 'assigned' },
      { appeal_id: 8, new_status: 'closed' },
      { appeal_id: 8, new_status: 'answered' },
      { appeal_id: 3, new_status: 'closed', note: 'done' },
      { appeal_id: 77, new_status: 'closed' },
    ],
    tables: APPEALS,
  },
  { routine: 'appeals.usp_escalate_overdue', call: 'procedure', outputs: { escalated: 'int' }, inputs: [{ today: '20240310' }, { today: '20240310' }, { today: '20200101' }], tables: APPEALS },
  { routine: 'appeals.usp_move_topic', call: 'procedure', outputs: { moved: 'int' }, inputs: [{ from_topic: 'lighting', to_topic: 'roads' }, { from_topic: 'none', to_topic: 'roads' }], tables: APPEALS },
  { routine: 'appeals.usp_prioritize_oldest', call: 'procedure', inputs: [{ n: 2 }, { n: 0 }], tables: APPEALS },
  { routine: 'appeals.usp_archive_closed', call: 'procedure', outputs: { archived: 'int' }, inputs: [{}, {}], tables: APPEALS },
  { routine: 'appeals.usp_purge_closed', call: 'procedure', inputs: [{ before: '20240201' }, { before: '20250101' }], tables: APPEALS },
  {
    routine: 'appeals.usp_register_and_start',
    call: 'procedure',
    outputs: { appeal_id: 'int' },
    inputs: [{ citizen_name: 'Ким Ли', topic: 'parks', registered_at: '20240410 12:00' }, { citizen_name: 'X', topic: '', registered_at: '20240411 12:00' }],
    tables: APPEALS,
  },
  {
    routine: 'budget.usp_post_payment',
    call: 'procedure',
    outputs: { posting_id: 'int' },
    inputs: [
      { account_id: 3, amount: 1500.5, posted_on: '20240405', purpose: 'School repairs' },
      { account_id: 2, amount: 5000, posted_on: '20240405', purpose: 'Over the limit' },
      { account_id: 4, amount: 10, posted_on: '20240405', purpose: 'Frozen' },
      { account_id: 99, amount: 10, posted_on: '20240405', purpose: 'No account' },
      { account_id: 3, amount: -5, posted_on: '20240405', purpose: 'Negative' },
      { account_id: 1, amount: 200000, posted_on: '20240406', purpose: 'Asphalt' },
    ],
    tables: BUDGET,
  },
  { routine: 'budget.usp_reverse_posting', call: 'procedure', inputs: [{ posting_id: 1 }, { posting_id: 1 }, { posting_id: 999 }], tables: BUDGET },
  { routine: 'budget.usp_close_year', call: 'procedure', outputs: { months_with_postings: 'int' }, inputs: [{ year: 2024 }, { year: 2024 }, { year: 2023 }], tables: BUDGET },
  {
    routine: 'budget.usp_move_limit',
    call: 'procedure',
    inputs: [
      { from_account: 3, to_account: 2, amount: 1000 },
      { from_account: 2, to_account: 2, amount: 1 },
      { from_account: 2, to_account: 3, amount: 999999 },
      { from_account: 3, to_account: 98, amount: 5 },
    ],
    tables: BUDGET,
  },
  { routine: 'budget.usp_post_in_parts', call: 'procedure', outputs: { posted: 'int' }, inputs: [{ account_id: 3, total: 1000, parts: 3, posted_on: '20240407' }, { account_id: 2, total: 9000, parts: 3, posted_on: '20240407' }], tables: BUDGET },
  {
    routine: 'budget.posting.trg_posting_audit',
    call: 'dml',
    statements: [
      { tsql: "UPDATE budget.posting SET purpose = N'Snow and ice removal' WHERE posting_id = 2", pg: "UPDATE budget.posting SET purpose = 'Snow and ice removal' WHERE posting_id = 2" },
      { tsql: 'DELETE FROM budget.posting WHERE posting_id = 4', pg: 'DELETE FROM budget.posting WHERE posting_id = 4' },
      { tsql: 'UPDATE budget.posting SET purpose = purpose WHERE posting_id = 999', pg: 'UPDATE budget.posting SET purpose = purpose WHERE posting_id = 999' },
    ],
    tables: BUDGET,
  },
  {
    routine: 'budget.account.trg_account_frozen',
    call: 'dml',
    statements: [
      { tsql: 'UPDATE budget.account SET spent = spent + 1 WHERE account_id = 4', pg: 'UPDATE budget.account SET spent = spent + 1 WHERE account_id = 4' },
      { tsql: 'UPDATE budget.account SET spent = spent - 1 WHERE account_id = 4', pg: 'UPDATE budget.account SET spent = spent - 1 WHERE account_id = 4' },
      { tsql: 'UPDATE budget.account SET is_frozen = 0 WHERE account_id = 4', pg: 'UPDATE budget.account SET is_frozen = false WHERE account_id = 4' },
    ],
    tables: BUDGET,
  },
  {
    routine: 'registry.usp_transfer_property',
    call: 'procedure',
    outputs: { transfer_id: 'int' },
    inputs: [
      { property_id: 100, to_owner_id: 2, transferred_on: '20240501', price: 1000000 },
      { property_id: 100, to_owner_id: 2, transferred_on: '20240502' },
      { property_id: 103, to_owner_id: 3, transferred_on: '20240503', price: 50000 },
      { property_id: 999, to_owner_id: 1, transferred_on: '20240504' },
      { property_id: 101, to_owner_id: 99, transferred_on: '20240505' },
    ],
    tables: REGISTRY,
  },
  {
    routine: 'registry.usp_register_owner',
    call: 'procedure',
    outputs: { owner_id: 'int', created: 'bit' },
    inputs: [{ full_name: 'Петров П. П.', inn: '7704000004' }, { full_name: 'Again', inn: '7704000004' }, { full_name: 'Smith John', inn: '7703000003' }],
    tables: REGISTRY,
  },
  { routine: 'registry.usp_total_area', call: 'procedure', outputs: { total: 'decimal(12,2)', count: 'int' }, inputs: [{ owner_id: 1 }, { owner_id: 2 }, { owner_id: 42 }] },
  {
    routine: 'registry.property.trg_property_owner_audit',
    call: 'dml',
    statements: [
      { tsql: 'UPDATE registry.property SET area = area + 1 WHERE property_id = 102', pg: 'UPDATE registry.property SET area = area + 1 WHERE property_id = 102' },
      { tsql: 'UPDATE registry.property SET owner_id = NULL WHERE property_id = 102', pg: 'UPDATE registry.property SET owner_id = NULL WHERE property_id = 102' },
    ],
    tables: REGISTRY,
  },
  {
    routine: 'appeals.appeal.trg_appeal_delete',
    call: 'dml',
    statements: [
      { tsql: 'DELETE FROM appeals.appeal WHERE appeal_id = 1', pg: 'DELETE FROM appeals.appeal WHERE appeal_id = 1' },
      { tsql: "DELETE FROM appeals.status_history WHERE appeal_id = 7; DELETE FROM appeals.appeal WHERE appeal_id = 7", pg: 'DELETE FROM appeals.status_history WHERE appeal_id = 7; DELETE FROM appeals.appeal WHERE appeal_id = 7' },
    ],
    tables: APPEALS,
  },
  {
    routine: 'appeals.appeal.trg_appeal_status',
    call: 'dml',
    statements: [
      { tsql: "UPDATE appeals.appeal SET status = N'in_progress' WHERE appeal_id = 6", pg: "UPDATE appeals.appeal SET status = 'in_progress' WHERE appeal_id = 6" },
      { tsql: 'UPDATE appeals.appeal SET priority = 4 WHERE appeal_id = 6', pg: 'UPDATE appeals.appeal SET priority = 4 WHERE appeal_id = 6' },
    ],
    tables: APPEALS,
  },
  { routine: 'audit.usp_log', call: 'procedure', inputs: [{ table_name: 'x', operation: 'I', row_key: '1' }, { table_name: 'x', operation: 'D', row_key: '2', detail: 'gone' }], tables: ['audit.change_log'] },
  { routine: 'audit.usp_daily_summary', call: 'procedure', inputs: [{ day: '20240115' }, { day: '20240405' }], tables: ['audit.change_log'] },
  { routine: 'audit.usp_log_many', call: 'procedure', inputs: [{ table_name: 'batch', count: 3 }, { table_name: 'none', count: 0 }], tables: ['audit.change_log'] },
];

/**
 * Northwind's 7 procedures, as Microsoft ships them. Known Babelfish difference: it converts real to
 * money through 6 significant digits, so a line worth exactly half a ten-thousandth (62.5 * 31 * 0.75
 * / 100 = 14.53125) rounds down there and up in SQL Server and the conversion: sums of such lines may
 * differ by a cent on Babelfish, never on SQL Server.
 */
const MONEY_FROM_REAL = { saleamount: 0.01, subtotal: 0.01 };
const NORTHWIND_CASES: readonly RoutineCase[] = [
  { routine: 'dbo.Ten Most Expensive Products', call: 'rows', ordered: true, inputs: [{}] },
  { routine: 'dbo.Employee Sales by Country', call: 'rows', babelfishTolerance: MONEY_FROM_REAL, inputs: [{ Beginning_Date: '19970101', Ending_Date: '19970630' }, { Beginning_Date: '19960701', Ending_Date: '19980601' }, { Beginning_Date: '20000101', Ending_Date: '20010101' }] },
  { routine: 'dbo.Sales by Year', call: 'rows', babelfishTolerance: MONEY_FROM_REAL, inputs: [{ Beginning_Date: '19960701', Ending_Date: '19961231' }, { Beginning_Date: '19970101', Ending_Date: '19981231' }] },
  { routine: 'dbo.CustOrdersDetail', call: 'rows', inputs: [{ OrderID: 5 }, { OrderID: 19 }, { OrderID: 33 }, { OrderID: 9999 }] },
  { routine: 'dbo.CustOrdersOrders', call: 'rows', ordered: true, inputs: [{ CustomerID: 'ALFKI' }, { CustomerID: 'BONAP' }, { CustomerID: 'PARIS' }, { CustomerID: 'NONE' }] },
  { routine: 'dbo.CustOrderHist', call: 'rows', inputs: [{ CustomerID: 'ALFKI' }, { CustomerID: 'ERNSH' }, { CustomerID: 'NONE' }] },
  {
    routine: 'dbo.SalesByCategory',
    call: 'rows',
    ordered: true,
    inputs: [{ CategoryName: 'Beverages', OrdYear: '1997' }, { CategoryName: 'Seafood' }, { CategoryName: 'Confections', OrdYear: '1996' }, { CategoryName: 'Produce', OrdYear: '2001' }, { CategoryName: 'None' }],
  },
];

/** The municipal example's procedure, functions and trigger. */
const MUNICIPAL_CASES: readonly RoutineCase[] = [
  { routine: 'appeals.fn_due_date', call: 'scalar', inputs: [['20240105 09:30', 30], ['20240301', 5], ['20240308 18:00', 1], [null, 10]] },
  { routine: 'dbo.fn_short_name', call: 'scalar', inputs: [['Иванов', 'Сергей', 'Петрович'], ['Smith', 'John', null], ['Ким', null, null], [null, 'Анна', 'Ивановна']] },
  {
    routine: 'appeals.usp_close_appeal',
    call: 'procedure',
    inputs: [
      { appeal_id: 1045, executor_id: 3, answer_text: 'Работы выполнены, дорожное покрытие восстановлено.', closed_at: '20241211 15:30', citizen_rating: 5 },
      { appeal_id: 1045, executor_id: 3, answer_text: 'Повторно', closed_at: '20241212 10:00' },
      { appeal_id: 1055, executor_id: 2, answer_text: 'Closed without an executor before', closed_at: '20241213 09:00' },
      { appeal_id: 999999, executor_id: 1, answer_text: 'No such appeal', closed_at: '20241214 09:00' },
    ],
    tables: ['appeals.appeal', 'appeals.appeal_status_history', 'appeals.appeal_answer'],
  },
  {
    routine: 'appeals.appeal.trg_appeal_status_history',
    call: 'dml',
    statements: [
      { tsql: "UPDATE appeals.appeal SET status = N'in_progress', status_changed_at = '20240615 08:00' WHERE appeal_id = 1057", pg: "UPDATE appeals.appeal SET status = 'in_progress', status_changed_at = '20240615 08:00' WHERE appeal_id = 1057" },
      { tsql: "UPDATE appeals.appeal SET address = N'ул. Новая, 1' WHERE appeal_id = 1057", pg: "UPDATE appeals.appeal SET address = 'ул. Новая, 1' WHERE appeal_id = 1057" },
    ],
    tables: ['appeals.appeal', 'appeals.appeal_status_history'],
  },
];

interface Migrated {
  plan: Plan;
  tds: TdsSide;
  target: PgSide;
}

function useMigrated(source: FixtureDatabase, target: TestDatabase): Migrated {
  const state = {} as Migrated;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ms2pg-routines-'));
    state.plan = await migrate(source.url, target.url, dir);
    state.tds = await TdsSide.connect(source.url);
    state.target = await PgSide.connect(target.url);
  }, 300_000);
  afterAll(async () => {
    await state.tds.close();
    await state.target.close();
  });
  return state;
}

async function runAll(cases: readonly RoutineCase[], migrated: Migrated, babelfish: boolean): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const c of cases) results.push(...(await runCase(c, migrated.tds, migrated.target, babelfish)));
  const routines = new Set(results.map((r) => r.routine));
  const failed = new Set(results.filter((r) => r.difference !== '').map((r) => r.routine));
  console.log(`differential: ${routines.size - failed.size} of ${routines.size} routines match (${results.length} input sets)`);
  return results;
}

const converted = (plan: Plan): string[] => plan.routines.filter((r) => r.confidence !== 'refused').map((r) => r.object.toLowerCase()).sort();

describe.runIf(hasMssql)('routines proven by running both (MSSQL_URL)', () => {
  describe('municipal routines fixture', () => {
    const source = useFixtureDatabase(new URL('../../fixtures/mssql/routines.sql', import.meta.url));
    const target = useTestDatabase();
    const migrated = useMigrated(source, target);

    it('converts at least 85% of the routines and triggers, and refuses the rest with line:col', () => {
      const total = migrated.plan.routines.length;
      const refused = migrated.plan.routines.filter((r) => r.confidence === 'refused');
      expect(total).toBeGreaterThanOrEqual(known(50, 49));
      expect((total - refused.length) / total).toBeGreaterThanOrEqual(0.85);
      for (const r of refused) expect(r.constructs.some((c) => c.confidence === 'refused' && c.line > 0), r.object).toBe(true);
      expect(refused.map((r) => r.object).sort()).toEqual(['budget.usp_post_payment_logged', 'registry.usp_collect_history', 'registry.usp_owner_card', 'registry.usp_renumber', 'registry.usp_search_property']);
      // Known Babelfish difference: it cannot create the MERGE procedure, so there is nothing to convert or compare.
      expect(source.skipped.some((b) => b.includes('registry.usp_upsert_property'))).toBe(source.isBabelfish);
    });

    it('every converted routine behaves as the original', async () => {
      const results = await runAll(FIXTURE_CASES, migrated, source.isBabelfish);
      expect(results.filter((r) => r.difference !== '').map((r) => `${r.routine} #${r.input}: ${r.difference}`)).toEqual([]);
      expect([...new Set(FIXTURE_CASES.map((c) => c.routine.toLowerCase()))].sort()).toEqual(converted(migrated.plan));
    }, 300_000);

    function known<T>(sqlServer: T, babelfish: T): T {
      return source.isBabelfish ? babelfish : sqlServer;
    }
  });

  describe('Northwind', () => {
    const source = useFixtureDatabase(new URL('../../fixtures/mssql/northwind.sql', import.meta.url));
    const target = useTestDatabase();
    const migrated = useMigrated(source, target);

    it('converts all 7 procedures and each returns what the original returns', async () => {
      expect(migrated.plan.routines.map((r) => [r.object.toLowerCase(), r.confidence === 'refused' ? 'refused' : 'converted'])).toEqual(
        [...new Set(NORTHWIND_CASES.map((c) => c.routine.toLowerCase()))].sort().map((name) => [name, 'converted']),
      );
      const results = await runAll(NORTHWIND_CASES, migrated, source.isBabelfish);
      expect(results.filter((r) => r.difference !== '').map((r) => `${r.routine} #${r.input}: ${r.difference}`)).toEqual([]);
    }, 300_000);
  });

  describe('municipal example', () => {
    const source = useFixtureDatabase(new URL('../../../examples/municipal/source.sql', import.meta.url));
    const target = useTestDatabase();
    const migrated = useMigrated(source, target);

    it('converts its procedure, functions and trigger, and each behaves as the original', async () => {
      expect(converted(migrated.plan)).toEqual([...new Set(MUNICIPAL_CASES.map((c) => c.routine.toLowerCase()))].sort());
      const results = await runAll(MUNICIPAL_CASES, migrated, source.isBabelfish);
      expect(results.filter((r) => r.difference !== '').map((r) => `${r.routine} #${r.input}: ${r.difference}`)).toEqual([]);
    }, 300_000);
  });
});
