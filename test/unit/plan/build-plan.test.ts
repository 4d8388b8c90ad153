import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMappings, type MappingSet } from '../../../src/mapping/load.js';
import type { Catalog } from '../../../src/model/catalog.js';
import { parseCatalog } from '../../../src/model/catalog-io.js';
import { buildPlan } from '../../../src/plan/build-plan.js';
import { renderReport } from '../../../src/plan/render.js';
import { VALUE_MAX_BYTES } from '../../../src/target/postgres/encoders.js';

const text = readFileSync(new URL('../../fixtures/catalogs/all-objects.catalog.json', import.meta.url), 'utf8');
const fresh = (): Catalog => parseCatalog(text, 'all-objects');
const defaults = loadMappings([], process.cwd());
const withNames = (names: Partial<MappingSet['names']>, caseInsensitive: MappingSet['collations']['caseInsensitive'] = 'icu'): MappingSet => ({
  ...defaults,
  names: { ...defaults.names, ...names },
  collations: { caseInsensitive },
});

describe('buildPlan', () => {
  it('is deterministic', () => {
    expect(JSON.stringify(buildPlan(fresh(), defaults, { targetVersion: 16 }))).toBe(JSON.stringify(buildPlan(fresh(), defaults, { targetVersion: 16 })));
  });

  it('orders tables so referenced tables come first', () => {
    const order = buildPlan(fresh(), defaults, { targetVersion: 16 }).tables.map((t) => `${t.target.schema}.${t.target.name}`);
    expect(order.indexOf('sales.customers')).toBeLessThan(order.indexOf('sales.orders'));
    expect(order.indexOf('sales.orders')).toBeLessThan(order.indexOf('учёт.платежи'));
    expect(order.indexOf('sales.orders')).toBeLessThan(order.indexOf('dbo.untrusted_child'));
  });

  it('records per column the rule, read expression, encoder and losses', () => {
    const plan = buildPlan(fresh(), defaults, { targetVersion: 16 });
    const allTypes = plan.tables.find((t) => t.source.name === 'all_types');
    const col = (name: string) => allTypes?.columns.find((c) => c.source.name === name);
    expect(col('c_money')).toMatchObject({ target: { type: 'numeric(19,4)' }, read: 'CAST(CAST([c_money] AS decimal(19,4)) AS nvarchar(32))', encoder: 'numeric', losses: [], rule: { id: 'money', file: 'ms2pg:mappings/default.yaml' } });
    expect(col('c_datetime2')).toMatchObject({ target: { type: 'timestamp(6)' }, read: 'CAST([c_datetime2] AS nvarchar(27))', encoder: 'timestamp' });
    expect(col('c_datetime2')?.losses[0]).toMatch(/100 ns/);
    expect(col('c_geography')).toMatchObject({ read: '[c_geography].STAsText()', encoder: 'text' });
    expect(col('c_varchar')?.target).toMatchObject({ type: 'citext', collation: 'ms2pg.ru' });
    expect(col('c_varchar')?.queryDifferences?.[0]).toMatch(/^citext ordered by ms2pg.ru: =, unique keys, LIKE, ILIKE/);
    expect(plan.targetVersion).toBe(16);
    expect(allTypes?.key).toEqual([{ source: 'id', target: 'id', sourceType: 'int' }]);
    expect(plan.issues).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'TYPE_REVIEW', object: 'dbo.all_types.c_sql_variant' }));
  });

  it('reports a name collision after folding as a blocking error naming both objects', () => {
    const catalog = fresh();
    const sales = catalog.schemas.find((s) => s.name === 'sales')!;
    const twin = structuredClone(sales.tables.find((t) => t.name === 'Prices')!);
    twin.name = 'PRICES';
    sales.tables.push(twin);
    const plan = buildPlan(catalog, defaults, { targetVersion: 16 });
    expect(plan.issues).toContainEqual(
      expect.objectContaining({ severity: 'error', code: 'NAME_COLLISION', object: 'sales.PRICES', message: 'table sales.PRICES and table sales.Prices both become "sales.prices" in PostgreSQL' }),
    );
    const renamed = buildPlan(catalog, withNames({ objects: { 'sales.PRICES': 'prices_upper' } }), { targetVersion: 16 });
    expect(renamed.issues.filter((i) => i.code === 'NAME_COLLISION')).toEqual([]);
  });

  it('disambiguates index names that collide across tables instead of failing', () => {
    const catalog = fresh();
    const sales = catalog.schemas.find((s) => s.name === 'sales')!;
    const customers = sales.tables.find((t) => t.name === 'Customers')!;
    customers.indexes.push({ name: 'IX_Orders_Net', kind: 'rowstore', unique: false, clustered: false, columns: [{ name: 'Code', descending: false }], include: [], enabled: true });
    const plan = buildPlan(catalog, defaults, { targetVersion: 16 });
    const names = plan.statements.filter((s) => s.step === 'indexes').map((s) => /INDEX IF NOT EXISTS (\S+)/.exec(s.sql)?.[1]);
    expect(names).toContain('ix_orders_net');
    expect(names).toContain('orders_ix_orders_net');
    expect(plan.issues).toContainEqual(expect.objectContaining({ code: 'NAME_ADJUSTED', object: 'sales.Orders.IX_Orders_Net' }));
  });

  it('uses NULLS NOT DISTINCT for nullable unique keys on PostgreSQL 15+, and warns below', () => {
    const sql = (version: number) => buildPlan(fresh(), defaults, { targetVersion: version }).statements.find((s) => s.id.includes('ux_customers_email'))?.sql;
    expect(sql(16)).toContain('NULLS NOT DISTINCT');
    expect(sql(14)).not.toContain('NULLS NOT DISTINCT');
    expect(buildPlan(fresh(), defaults, { targetVersion: 14 }).issues).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'UNIQUE_NULLS' }));
  });

  it('with citext, case-insensitive columns become citext with their length kept by a check', () => {
    const plan = buildPlan(fresh(), withNames({}, 'citext'), { targetVersion: 16 });
    const code = plan.tables.find((t) => t.source.name === 'Customers')?.columns.find((c) => c.source.name === 'Code');
    expect(code?.target.type).toBe('citext');
    expect(plan.statements).toContainEqual(expect.objectContaining({ step: 'extensions', sql: 'CREATE EXTENSION IF NOT EXISTS citext;' }));
    expect(plan.statements.some((s) => s.sql.includes('char_length(code) <= 20'))).toBe(true);
  });

  it('under the icu policy, columns keep nondeterministic collations and the plan also creates their deterministic twins', () => {
    const catalog = fresh();
    const plan = buildPlan(catalog, withNames({}, 'icu'), { targetVersion: 18 });
    const customers = plan.tables.find((t) => t.source.name === 'Customers');
    expect(customers?.columns.find((c) => c.source.name === 'Code')?.target).toMatchObject({ type: 'varchar(20)', collation: 'ms2pg.und_ci_as' });
    // Pattern operators on nondeterministic columns need the deterministic collation: the plan creates both.
    expect(plan.statements.filter((s) => s.step === 'collations').map((s) => s.object)).toEqual(expect.arrayContaining(['ms2pg.und', 'ms2pg.und_ci_as']));
  });

  it('replaces an impossible reported computed-column type by the type T-SQL gives the expression, with a warning', () => {
    const catalog = fresh();
    const orders = catalog.schemas.find((s) => s.name === 'sales')!.tables.find((t) => t.name === 'Orders')!;
    orders.columns.push(
      { name: 'Qty', type: { name: 'decimal', precision: 12, scale: 3 }, nullable: true },
      { name: 'UnitPrice', type: { name: 'smallmoney' }, nullable: true },
      // Babelfish reports decimal(12,3) * smallmoney as numeric(38,38): no room for a value of 1.
      { name: 'LineTotal', type: { name: 'numeric', precision: 38, scale: 38 }, nullable: true, computed: { expression: '([Qty]*[UnitPrice])', persisted: true } },
      { name: 'Doubled', type: { name: 'numeric', precision: 14, scale: 3 }, nullable: true, computed: { expression: '([Qty]*(2))', persisted: true } },
    );
    const plan = buildPlan(catalog, defaults, { targetVersion: 18 });
    const column = (name: string) => plan.tables.find((t) => t.source.name === 'Orders')?.columns.find((c) => c.source.name === name);
    expect(column('LineTotal')).toMatchObject({ source: { type: 'numeric(38,38)' }, target: { type: 'numeric(23,7)' }, computed: { target: 'qty * unitprice' } });
    expect(plan.issues).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        code: 'COMPUTED_TYPE_REPLACED',
        object: 'sales.Orders.LineTotal',
        message: "the source reports numeric(38,38) for ([Qty]*[UnitPrice]), which cannot hold its values (T-SQL's rules type it decimal(23,7)): created as numeric(23,7)",
      }),
    );
    // A reported type that holds the values (here exactly T-SQL's: the constant 2 is decimal(1,0)) is kept.
    expect(column('Doubled')?.target.type).toBe('numeric(14,3)');
    expect(plan.issues.filter((i) => i.object === 'sales.Orders.Doubled')).toEqual([]);
  });

  it('creates views after the views their bodies read, across schemas and with spaces, when the server names no dependencies', () => {
    const views = parseCatalog(readFileSync(new URL('../../fixtures/catalogs/views.catalog.json', import.meta.url), 'utf8'), 'views');
    expect(views.schemas.flatMap((s) => s.views.flatMap((v) => v.references))).toEqual([]);
    const plan = buildPlan(views, defaults, { targetVersion: 18 });
    expect(plan.statements.filter((s) => s.step === 'views').map((s) => s.object)).toEqual([
      'dbo.category list',
      'dbo.alphabetical list of products',
      'sales.product sales for 1997',
      'dbo.category sales for 1997',
      'sales.a categories',
    ]);
  });

  it('a type without a rule blocks the plan', () => {
    const catalog = fresh();
    catalog.schemas[0]!.tables[0]!.columns.push({ name: 'c_clr', type: { name: 'mycompany_point' }, nullable: true });
    const plan = buildPlan(catalog, defaults, { targetVersion: 16 });
    expect(plan.issues[0]).toMatchObject({ severity: 'error', code: 'NO_MAPPING', object: 'dbo.all_types.c_clr' });
  });

  it('translates filters, checks and computed columns through the column policy', () => {
    const plan = buildPlan(fresh(), defaults, { targetVersion: 16 });
    expect(plan.statements.find((s) => s.id === 'post-data:index:sales.ix_orders_status')?.sql).toBe(
      "CREATE INDEX IF NOT EXISTS ix_orders_status ON sales.orders (status, orderedat DESC) INCLUDE (net, customercode) WHERE status = 'open';",
    );
    expect(plan.tables.find((t) => t.source.name === 'Orders')?.columns.find((c) => c.source.name === 'Vat')).toMatchObject({ copied: false, computed: { target: 'net * 0.2' } });
    expect(plan.translations).toContainEqual(expect.objectContaining({ object: 'sales.Orders.CK_Orders_Net', kind: 'check' }));
  });

  it('keeps untranslatable expressions out of the DDL and in manual items with the original T-SQL', () => {
    const catalog = fresh();
    const orders = catalog.schemas.find((s) => s.name === 'sales')!.tables.find((t) => t.name === 'Orders')!;
    orders.indexes.find((i) => i.name === 'IX_Orders_Status')!.filter = '([dbo].[fn_open]([Status])=(1))';
    orders.columns.find((c) => c.name === 'Vat')!.computed = { expression: '([dbo].[fn_vat]([Net]))', persisted: true };
    const plan = buildPlan(catalog, defaults, { targetVersion: 16 });
    expect(plan.manual).toContainEqual(expect.objectContaining({ object: 'sales.Orders.IX_Orders_Status', kind: 'filtered index', original: '([dbo].[fn_open]([Status])=(1))' }));
    expect(plan.manual).toContainEqual(expect.objectContaining({ object: 'sales.Orders.Vat', kind: 'computed column' }));
    expect(plan.manual).toContainEqual(expect.objectContaining({ object: 'dbo.untrusted_child.FK_disabled', kind: 'foreign key' }));
    expect(plan.statements.some((s) => s.sql.includes('ix_orders_status'))).toBe(false);
    expect(plan.tables.find((t) => t.source.name === 'Orders')?.columns.find((c) => c.source.name === 'Vat')).toMatchObject({ copied: true, computed: { target: null } });
  });

  it('untrusted foreign keys are created NOT VALID and not validated', () => {
    const plan = buildPlan(fresh(), defaults, { targetVersion: 16 });
    expect(plan.statements.some((s) => s.id === 'post-data:fk:dbo.untrusted_child.fk_untrusted_orders')).toBe(true);
    expect(plan.statements.some((s) => s.id === 'post-data:validate:dbo.untrusted_child.fk_untrusted_orders')).toBe(false);
    expect(plan.statements.some((s) => s.id === 'post-data:validate:sales.orders.fk_orders_customers')).toBe(true);
  });

  it('marks the columns of values of any size, declares bytea\'s 1 GB, and warns where a value may be larger', () => {
    const catalog = fresh();
    const allTypes = catalog.schemas.flatMap((s) => s.tables).find((t) => t.name === 'all_types')!;
    const plan = buildPlan(catalog, defaults, { targetVersion: 16 });
    const col = (name: string) => plan.tables.find((t) => t.source.name === 'all_types')?.columns.find((c) => c.source.name === name);
    expect(col('c_varbinary_max')?.large).toEqual({ pieces: 'bytes', limit: VALUE_MAX_BYTES });
    expect(col('c_image')?.large).toEqual({ pieces: 'bytes', limit: VALUE_MAX_BYTES });
    expect(col('c_varbinary')?.large).toBeUndefined();
    expect(col('c_geography')?.large).toBeUndefined();
    expect(plan.issues.filter((i) => i.code === 'VALUE_OVER_LIMIT')).toEqual([]);
    // Over 1 GB of large values in the table: a value may not fit bytea.
    allTypes.stats = { rows: 10, rowsExact: true, dataBytes: 0, lobBytes: 3 * 1024 ** 3 };
    const big = buildPlan(catalog, defaults, { targetVersion: 16 });
    expect(big.issues).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'VALUE_OVER_LIMIT', object: 'dbo.all_types.c_varbinary_max' }));
    expect(renderReport(big)).toContain('## Large values');
  });

  it('warns that a table without a key reads its large values whole', () => {
    const catalog = fresh();
    const allTypes = catalog.schemas.flatMap((s) => s.tables).find((t) => t.name === 'all_types')!;
    delete allTypes.primaryKey;
    allTypes.uniqueConstraints = [];
    allTypes.indexes = [];
    const plan = buildPlan(catalog, defaults, { targetVersion: 16 });
    expect(plan.issues).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'LARGE_VALUES_READ_WHOLE', object: 'dbo.all_types' }));
  });

  it('renames columns named like PostgreSQL system columns, without collisions, everywhere they are used, and reports it', () => {
    const catalog = fresh();
    const log = catalog.schemas.find((s) => s.name === 'dbo')!.tables.find((t) => t.name === 'heap_log')!;
    const float = (name: string) => ({ name, type: { name: 'float' }, nullable: true });
    log.columns.push(float('xmin'), float('ymin'), float('XMAX'), float('xmin_'), { name: 'ctid', type: { name: 'int' }, nullable: false }, float('cmin'), float('cmax'), float('tableoid'));
    log.indexes.push({ name: 'IX_extent', kind: 'rowstore', unique: false, clustered: false, columns: [{ name: 'xmin', descending: false }, { name: 'XMAX', descending: false }], include: ['ctid'], enabled: true });
    log.checks.push({ name: 'CK_extent', expression: '([xmin]<=[XMAX])', enabled: true, trusted: true });
    const plan = buildPlan(catalog, defaults, { targetVersion: 16 });
    const names = (p: typeof plan) => p.tables.find((t) => t.source.name === 'heap_log')!.columns.map((c) => `${c.source.name} -> ${c.target.name}`);
    // xmin_ is a column of its own, so xmin becomes xmin_2.
    expect(names(plan)).toEqual(['at -> at', 'message -> message', 'xmin -> xmin_2', 'ymin -> ymin', 'XMAX -> xmax_', 'xmin_ -> xmin_', 'ctid -> ctid_', 'cmin -> cmin_', 'cmax -> cmax_', 'tableoid -> tableoid_']);
    expect(plan.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(plan.issues).toContainEqual({
      severity: 'warning',
      code: 'SYSTEM_COLUMN_RENAMED',
      object: 'dbo.heap_log.xmin',
      message: '"xmin" is a PostgreSQL system column: the column is named "xmin_2" (a query selecting xmin would read the system column)',
      hint: 'to choose the name: names.columns: {"dbo.heap_log.xmin": other_name}',
    });
    expect(plan.issues.filter((i) => i.code === 'SYSTEM_COLUMN_RENAMED').map((i) => i.object)).toEqual(
      ['dbo.heap_log.cmax', 'dbo.heap_log.cmin', 'dbo.heap_log.ctid', 'dbo.heap_log.tableoid', 'dbo.heap_log.xmin', 'dbo.heap_log.XMAX'].sort(),
    );
    expect(plan.statements.find((s) => s.id === 'post-data:index:dbo.ix_extent')?.sql).toBe('CREATE INDEX IF NOT EXISTS ix_extent ON dbo.heap_log (xmin_2, xmax_) INCLUDE (ctid_);');
    expect(plan.statements.find((s) => s.id === 'post-data:check:dbo.heap_log.ck_extent')?.sql).toContain('CHECK (xmin_2 <= xmax_)');
    expect(renderReport(plan)).toContain('| dbo.heap_log.xmin | dbo.heap_log.xmin_2 |');
    // Deterministic: the same catalog gives the same names.
    expect(names(buildPlan(catalog, defaults, { targetVersion: 16 }))).toEqual(names(plan));
    // Names are case-sensitive in PostgreSQL: with the preserve policy "XMAX" is no system column.
    expect(names(buildPlan(catalog, withNames({ policy: 'preserve' }), { targetVersion: 16 }))).toContain('XMAX -> XMAX');
    // A name the user chose is not second-guessed: it blocks, naming the rename.
    const chosen = buildPlan(catalog, withNames({ columns: { 'dbo.heap_log.ymin': 'ctid' } }), { targetVersion: 16 });
    expect(chosen.issues).toContainEqual(expect.objectContaining({ severity: 'error', code: 'SYSTEM_COLUMN_NAME', object: 'dbo.heap_log.ymin' }));
  });

  it('keeps identities whatever the spelling of the integer target, and warns about rules that decide no column', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ms2pg-rules-'));
    writeFileSync(
      join(dir, 'overrides.yaml'),
      `rules:
  - id: int-upper
    match: { type: int }
    target: INTEGER
  - id: int8
    match: { type: bigint }
    target: int8
  - id: mony
    match: { type: mony }
    target: numeric(19,4)
  - id: nosuch
    match: { column: "dbo.nosuch.*" }
    target: text
  - id: shadowed
    match: { type: int, identity: true }
    target: bigint
`,
    );
    const plan = buildPlan(fresh(), loadMappings([join(dir, 'overrides.yaml')], dir), { targetVersion: 16 });
    expect(plan.issues.filter((i) => i.code === 'IDENTITY_NOT_INTEGER')).toEqual([]);
    const table = (id: string) => plan.statements.find((s) => s.id === id)?.sql ?? '';
    expect(table('pre-data:table:dbo.all_types')).toMatch(/\bid integer GENERATED BY DEFAULT AS IDENTITY/);
    expect(table('pre-data:table:sales.customers')).toMatch(/\bcustomerid integer GENERATED BY DEFAULT AS IDENTITY/);
    expect(table('pre-data:table:sales.orders')).toMatch(/\borderid bigint GENERATED BY DEFAULT AS IDENTITY/);
    expect(plan.statements.some((s) => s.id === 'post-data:identity:dbo.all_types.id')).toBe(true);
    expect(plan.issues.filter((i) => i.code === 'MAPPING_RULE_UNUSED')).toEqual([
      {
        severity: 'warning',
        code: 'MAPPING_RULE_UNUSED',
        object: 'rule mony (overrides.yaml:8)',
        message: 'decides no column: no column of the catalog matches it',
        hint: 'no column has type mony: did you mean money?',
      },
      { severity: 'warning', code: 'MAPPING_RULE_UNUSED', object: 'rule nosuch (overrides.yaml:11)', message: 'decides no column: no column of the catalog matches it' },
      {
        severity: 'warning',
        code: 'MAPPING_RULE_UNUSED',
        object: 'rule shadowed (overrides.yaml:14)',
        message: 'decides no column: every column it matches is decided by an earlier rule (dbo.all_types.id by rule int-upper, overrides.yaml:2)',
        hint: 'move it before that rule, or remove it',
      },
    ]);
  });

  it("the plan's own range CHECK on a tinyint leaves the source CHECK its name, and the report counts them apart", () => {
    const catalog = fresh();
    const log = catalog.schemas.find((s) => s.name === 'dbo')!.tables.find((t) => t.name === 'heap_log')!;
    log.columns.push({ name: 'priority', type: { name: 'tinyint' }, nullable: false }, { name: 'level', type: { name: 'tinyint' }, nullable: true });
    // Named as PostgreSQL would name a column check, e.g. by a database that came from PostgreSQL.
    log.checks.push({ name: 'heap_log_priority_check', expression: '([priority]>=(1) AND [priority]<=(5))', enabled: true, trusted: true });
    const plan = buildPlan(catalog, defaults, { targetVersion: 16 });
    const checks = plan.statements.filter((s) => s.step === 'checks' && s.object === 'dbo.heap_log').map((s) => s.sql);
    expect(checks).toEqual([
      'ALTER TABLE dbo.heap_log ADD CONSTRAINT heap_log_heap_log_priority_check CHECK (priority BETWEEN 0 AND 255);',
      'ALTER TABLE dbo.heap_log ADD CONSTRAINT heap_log_level_check CHECK (level BETWEEN 0 AND 255);',
      // message varchar(400) under a _CI_ collation is citext: its length is kept by a check.
      'ALTER TABLE dbo.heap_log ADD CONSTRAINT heap_log_message_length CHECK (char_length(message) <= 400);',
      'ALTER TABLE dbo.heap_log ADD CONSTRAINT heap_log_priority_check CHECK (priority >= 1 AND priority <= 5);',
    ]);
    const report = renderReport(plan);
    // No source object was renamed; the inventory counts source checks and added range checks apart.
    expect(plan.issues.filter((i) => i.object.startsWith('dbo.heap_log.') && i.code.startsWith('NAME_'))).toEqual([]);
    const sourceChecks = catalog.schemas.flatMap((s) => s.tables.flatMap((t) => t.checks)).length;
    const manualChecks = plan.manual.filter((m) => m.kind === 'check constraint').length;
    const tinyints = catalog.schemas.flatMap((s) => s.tables.flatMap((t) => t.columns.filter((c) => c.type.name === 'tinyint'))).length;
    expect(report).toContain(`| check constraints | ${sourceChecks - manualChecks} | 0 | ${manualChecks} |`);
    // The rules' tinyint ranges, and the lengths of varchar columns the collation policy made citext.
    const lengths = plan.statements.filter((s) => s.step === 'checks' && s.sql.includes('char_length(')).length;
    expect(lengths).toBeGreaterThan(0);
    expect(report).toContain(`| checks added by mapping rules | ${tinyints + lengths} | 0 | 0 |`);
  });

  it('lists a source constraint whose name had to change under Name changes', () => {
    const catalog = fresh();
    const log = catalog.schemas.find((s) => s.name === 'dbo')!.tables.find((t) => t.name === 'heap_log')!;
    log.checks.push({ name: 'CK_At', expression: '([at]>=\'2000-01-01\')', enabled: true, trusted: true }, { name: 'ck_at', expression: '([at]<\'2100-01-01\')', enabled: true, trusted: true });
    const plan = buildPlan(catalog, defaults, { targetVersion: 16 });
    expect(plan.issues).toContainEqual(expect.objectContaining({ code: 'NAME_ADJUSTED', object: 'dbo.heap_log.ck_at' }));
    const report = renderReport(plan);
    const names = report.slice(report.indexOf('## Name changes'), report.indexOf('## Review'));
    expect(names).toContain('| dbo.heap_log.ck_at | heap_log_ck_at |');
  });
});
