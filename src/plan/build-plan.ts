/**
 * catalog + mapping rules -> Plan. Pure: no I/O, deterministic (same inputs, same plan). Problems
 * are collected as issues with a severity, the object and a hint; nothing is thrown one at a time.
 */
import type { Catalog, Column, ForeignKey, Index, KeyConstraint, Schema, Sequence, Table, View } from '../model/catalog.js';
import { mapColumn, unusedRules, type ColumnMapping } from '../mapping/engine.js';
import type { MappingSet } from '../mapping/load.js';
import { compareNames } from '../model/order.js';
import { isChunkableKey } from '../source/mssql/chunk-sql.js';
import { readExpression } from '../source/mssql/read-expressions.js';
import * as ddl from '../target/postgres/ddl.js';
import { encoderFor, isTextual } from '../target/postgres/encoders.js';
import { quoteIdent, quoteQualified } from '../target/postgres/quote.js';
import { STATE_SCHEMA } from '../target/postgres/state-schema.js';
import { translateExpression, translateView, viewReferences, type ColumnInfo, type ExpressionContext, type ExpressionKind, type FullTextInfo, type RelationInfo, type Translation } from '../translate/translator.js';
import { asDecimal, type NondeterministicText, type SqlType } from '../translate/types.js';
import { COLLATION_SCHEMA, chooseCollation, deterministicCollation, queryDifferences as collationDifferences, type PgCollation } from './collations.js';
import { planFullText } from './full-text.js';
import { largeColumn, largeObjectMismatch } from './large-columns.js';
import { NamePolicy, SYSTEM_COLUMNS, fitIdentifier } from './names.js';
import {
  PLAN_FORMAT_VERSION,
  PlanStep,
  type InventoryItem,
  type ManualItem,
  type Plan,
  type PlanColumn,
  type PlanIssue,
  type PlanStatement,
  type PlanTable,
  type PlanTranslation,
} from './plan-model.js';
import { RoutinePlanner } from './routines.js';
import { renderSourceType } from './source-type.js';
import { userFunctionCall, type RoutineSignature } from '../translate/routines.js';
import { t, type MessageKey } from '../i18n/index.js';
import { textInLanguage } from '../mapping/rule-schema.js';
import { catalogNoteMessage } from './catalog-notes.js';

export interface PlanOptions {
  /** Major version of the target PostgreSQL (NULLS NOT DISTINCT needs 15). */
  readonly targetVersion: number;
}

type Qualified = ddl.Qualified;

interface PlannedColumn {
  readonly plan: PlanColumn;
  readonly source: Column;
  /** Set when the column's collation is nondeterministic: translated pattern operators must not see it. */
  readonly nondeterministic?: NondeterministicText;
  /** Mutable until the CREATE TABLE is rendered (computed columns are translated last). */
  readonly definition: { -readonly [K in keyof ddl.ColumnDefinition]: ddl.ColumnDefinition[K] };
}

interface TableContext {
  readonly schema: Schema;
  readonly table: Table;
  readonly source: string;
  readonly target: Qualified;
  /** Source column name -> planned column. */
  readonly columns: Map<string, PlannedColumn>;
  readonly constraintNames: Namespace;
  /** Checks the plan adds (a rule's check, citext lengths), named once the source's constraints have their names. */
  readonly addedChecks: { readonly object: string; readonly preferred: string; readonly expression: string }[];
}

interface ViewContextEntry {
  readonly schema: Schema;
  readonly view: View;
  readonly target: Qualified;
  /** Mutable: once the view is translated, its columns' collations are known. */
  readonly columns: Map<string, ColumnInfo>;
}

/** A set of names where a second claim is a collision. */
class Namespace {
  private readonly owners = new Map<string, string>();

  /** Claims `name` for `owner`; returns the previous owner on collision. */
  claim(name: string, owner: string): string | undefined {
    const previous = this.owners.get(name);
    if (previous !== undefined) return previous;
    this.owners.set(name, owner);
    return undefined;
  }

  /** Claims `preferred`, or a derived free name: for names that carry no meaning (indexes, constraints). */
  claimFree(preferred: string, owner: string, prefix: string): string {
    const candidates = [preferred, fitIdentifier(`${prefix}_${preferred}`)];
    for (let i = 2; ; i++) {
      const name = candidates.shift() ?? fitIdentifier(`${prefix}_${preferred}_${i}`);
      if (this.claim(name, owner) === undefined) return name;
    }
  }
}

const STEP_ORDER: readonly string[] = PlanStep.options;
/** How a collision names a table, view or sequence (they share the schema's namespace of relations). */
const RELATION_KINDS = { table: 'issue.object.table', view: 'issue.object.view', sequence: 'issue.object.sequence' } as const satisfies Record<string, MessageKey>;
/** Steps whose statements keep the order they were added in: dependencies first. */
const DEPENDENCY_STEPS: ReadonlySet<string> = new Set(['views', 'routines', 'table-functions', 'triggers']);

export function buildPlan(catalog: Catalog, mappings: MappingSet, options: PlanOptions): Plan {
  return new PlanBuilder(catalog, mappings, options).build();
}

class PlanBuilder {
  private readonly names: NamePolicy;
  private readonly issues: PlanIssue[] = [];
  private readonly statements: PlanStatement[] = [];
  private readonly manual: ManualItem[] = [];
  private readonly inventory: InventoryItem[] = [];
  private readonly schemaTargets = new Map<string, string>();
  private readonly relations = new Map<string, Namespace>();
  private readonly tables = new Map<string, TableContext>();
  private readonly collations = new Map<string, PgCollation>();
  private readonly extensions = new Set<string>();
  private readonly translations: PlanTranslation[] = [];
  private readonly views = new Map<string, ViewContextEntry>();
  private routineLookup: (defaultSchema: string) => (schema: string | undefined, name: string) => RoutineSignature | undefined = () => () => undefined;
  /** Full-text indexes by source table, as the translator and the plan see them. */
  private readonly fullText = new Map<string, FullTextInfo>();

  constructor(
    private readonly catalog: Catalog,
    private readonly mappings: MappingSet,
    private readonly options: PlanOptions,
  ) {
    this.names = new NamePolicy(mappings.names);
  }

  build(): Plan {
    const schemaNames = new Namespace();
    for (const schema of this.catalog.schemas) {
      const target = this.names.schema(schema.name);
      const clash = schemaNames.claim(target, schema.name);
      if (clash !== undefined) this.collision(schema.name, t('issue.object.schema', { name: schema.name }), t('issue.object.schema', { name: clash }), target, `names.schemas: {"${schema.name}": other_name}`);
      if (target === STATE_SCHEMA || target === COLLATION_SCHEMA) {
        this.issue('error', 'SCHEMA_RESERVED', schema.name, t(target === STATE_SCHEMA ? 'issue.SCHEMA_RESERVED.state' : 'issue.SCHEMA_RESERVED.collations', { schema: schema.name, target }), t('issue.SCHEMA_RESERVED.hint', { example: `names.schemas: {"${schema.name}": ${target}_data}` }));
      }
      this.schemaTargets.set(schema.name, target);
      this.statement('pre-data', 'schemas', target, `schema:${target}`, ddl.createSchema(target));
      if (schema.comment !== undefined) this.statement('post-data', 'comments', target, `comment:schema:${target}`, ddl.commentOnSchema(target, schema.comment));
    }
    for (const schema of this.catalog.schemas) for (const table of schema.tables) this.planTable(schema, table);
    for (const schema of this.catalog.schemas) for (const sequence of schema.sequences) this.planSequence(schema, sequence);
    for (const context of this.tables.values()) this.planConstraints(context);
    this.registerViews();
    const routines = new RoutinePlanner({
      catalog: this.catalog,
      names: this.names,
      targetVersion: this.options.targetVersion,
      schemaTarget: (schema) => this.schemaTargets.get(schema) ?? schema,
      relation: (defaultSchema, schema, name) => this.relation(defaultSchema, schema, name),
      statement: (phase, step, object, id, sql) => { this.statement(phase, step, object, id, sql); },
      manual: (object, kind, reason, original) => { this.toManual(object, kind, reason, original); },
      issue: (severity, code, object, message, hint) => { this.issue(severity, code, object, message, hint); },
    });
    routines.convert();
    this.routineLookup = (defaultSchema) => routines.lookup(defaultSchema);
    this.planViews();
    const routineReport = routines.plan();
    for (const schema of this.catalog.schemas) this.planCodeObjects(schema);
    for (const { label, message, hint } of unusedRules(this.catalog, this.mappings.rules)) this.issue('warning', 'MAPPING_RULE_UNUSED', label, message, hint);
    for (const note of this.catalog.notes) {
      this.issue(note.severity === 'warning' ? 'warning' : 'info', `CATALOG_${note.code}`, note.object, catalogNoteMessage(note.message));
    }
    for (const collation of this.collations.values()) {
      this.statement('pre-data', 'collations', `${COLLATION_SCHEMA}.${collation.name}`, `collation:${collation.name}`, ddl.createIcuCollation({ schema: COLLATION_SCHEMA, name: collation.name }, collation.locale, collation.deterministic));
    }
    if (this.collations.size > 0) this.statement('pre-data', 'schemas', COLLATION_SCHEMA, `schema:${COLLATION_SCHEMA}`, ddl.createSchema(COLLATION_SCHEMA));
    for (const extension of this.extensions) this.statement('pre-data', 'extensions', extension, `extension:${extension}`, ddl.createExtension(extension));

    const ordered = this.foreignKeyOrder();
    for (const context of ordered) this.statement('post-data', 'analyze', key(context.target), `analyze:${key(context.target)}`, ddl.analyze(context.target));
    return {
      formatVersion: PLAN_FORMAT_VERSION,
      source: {
        database: this.catalog.source.database,
        server: `${this.catalog.source.isBabelfish ? 'Babelfish' : this.catalog.source.isAzure ? 'Azure SQL' : 'SQL Server'} ${this.catalog.source.productVersion}`,
        isBabelfish: this.catalog.source.isBabelfish,
      },
      targetVersion: this.options.targetVersion,
      mappings: [...this.mappings.files],
      names: { policy: this.names.policy, caseInsensitive: this.mappings.collations.caseInsensitive },
      schemas: this.catalog.schemas.map((s) => ({ source: s.name, target: this.schemaTargets.get(s.name) ?? s.name })),
      collations: [...this.collations.values()].sort((a, b) => compareNames(a.name, b.name)).map((c) => ({ name: c.name, locale: c.locale, deterministic: c.deterministic })),
      tables: ordered.map((context) => this.planTableEntry(context)),
      statements: this.sortedStatements(),
      translations: this.translations.sort((a, b) => compareNames(a.object, b.object) || compareNames(a.kind, b.kind)),
      manual: this.manual.sort((a, b) => compareNames(a.object, b.object) || compareNames(a.kind, b.kind) || compareNames(a.reason, b.reason)),
      routines: routineReport,
      inventory: this.inventory.sort((a, b) => compareNames(a.object, b.object)),
      issues: this.issues.sort((a, b) => severityRank(a) - severityRank(b) || compareNames(a.object, b.object) || compareNames(a.code, b.code) || compareNames(a.message, b.message)),
    };
  }

  // ---- collection helpers

  private issue(severity: PlanIssue['severity'], code: string, object: string, message: string, hint?: string): void {
    this.issues.push({ severity, code, object, message, ...(hint === undefined ? {} : { hint }) });
  }

  /** `object` is the source path of the later claimant; `a` and `b` describe both claimants. */
  private collision(object: string, a: string, b: string, target: string, hint: string): void {
    this.issue('error', 'NAME_COLLISION', object, t('issue.NAME_COLLISION', { a, b, target }), t('issue.NAME_COLLISION.hint', { example: hint }));
  }

  private statement(phase: PlanStatement['phase'], step: PlanStatement['step'], object: string, id: string, sql: string): void {
    this.statements.push({ id: `${phase}:${id}`, phase, step, object, sql });
  }

  /** Position of a statement as it was added: views are added in dependency order and keep it. */
  private added(statement: PlanStatement): number {
    return this.statements.indexOf(statement);
  }

  private toManual(object: string, kind: string, reason: string, original: string): void {
    this.manual.push({ object, kind, reason, original });
  }

  private sortedStatements(): PlanStatement[] {
    const seen = new Set<string>();
    return this.statements
      .filter((s) => !seen.has(s.id) && Boolean(seen.add(s.id)))
      .sort((a, b) => (a.phase === b.phase ? 0 : a.phase === 'pre-data' ? -1 : 1) || STEP_ORDER.indexOf(a.step) - STEP_ORDER.indexOf(b.step) || this.objectRank(a, b));
  }

  /** Within a step: views and routines in dependency order, everything else by name. */
  private objectRank(a: PlanStatement, b: PlanStatement): number {
    if (DEPENDENCY_STEPS.has(a.step)) return this.added(a) - this.added(b);
    return compareNames(a.object, b.object) || compareNames(a.id, b.id);
  }

  private relationNamespace(targetSchema: string): Namespace {
    let namespace = this.relations.get(targetSchema);
    if (namespace === undefined) this.relations.set(targetSchema, (namespace = new Namespace()));
    return namespace;
  }

  private claimRelation(schema: Schema, name: string, kind: keyof typeof RELATION_KINDS): Qualified {
    const targetSchema = this.schemaTargets.get(schema.name) ?? schema.name;
    const target = { schema: targetSchema, name: this.names.relation(schema.name, name) };
    const owner = t(RELATION_KINDS[kind], { name: `${schema.name}.${name}` });
    const clash = this.relationNamespace(targetSchema).claim(target.name, owner);
    if (clash !== undefined) this.collision(`${schema.name}.${name}`, owner, clash, key(target), `names.objects: {"${schema.name}.${name}": other_name}`);
    this.nameChange(`${schema.name}.${name}`, `${schema.name}.${name}`, key(target), key(target));
    return target;
  }

  /** Records a name that changed beyond lower-casing (renames, snake_case, 63-byte cuts). */
  private nameChange(object: string, sourceName: string, targetName: string, shownTarget: string): void {
    if (sourceName.toLowerCase() !== targetName) this.issue('info', 'NAME_CHANGED', object, t('issue.NAME_CHANGED', { name: shownTarget }));
  }

  /** Every translation is recorded with its confidence and notes for the report. */
  private translate(object: string, kind: ExpressionKind, tsql: string, context: ExpressionContext): Translation {
    // Generated columns and index predicates must be immutable; arithmetic on PostgreSQL's money
    // type depends on lc_monetary and is not, so expressions over money columns are refused there.
    const referenced: ColumnInfo[] = [];
    const resolve = context.column;
    const tracked: ExpressionContext = resolve === undefined ? context : { ...context, column: (name) => { const info = resolve(name); if (info !== undefined) referenced.push(info); return info; } };
    let translated = translateExpression(kind, tsql, tracked);
    const money = referenced.find((c) => c.targetType === 'money');
    if (translated.ok && (kind === 'computed' || kind === 'filter') && money !== undefined) {
      translated = { ok: false, reason: t(kind === 'computed' ? 'issue.moneyNotImmutable.computed' : 'issue.moneyNotImmutable.filter', { column: money.name }) };
    }
    if (translated.ok && (kind !== 'default' || translated.notes.length > 0)) {
      this.translations.push({ object, kind, confidence: translated.confidence, notes: [...translated.notes] });
    }
    return translated;
  }

  /** Columns referenced inside a table's expressions, matched like SQL Server (exact, then ignoring case). */
  private columnResolver(context: TableContext): (sourceName: string) => ColumnInfo | undefined {
    const byLower = new Map([...context.columns.values()].map((c) => [c.source.name.toLowerCase(), c]));
    return (sourceName) => {
      const planned = context.columns.get(sourceName) ?? byLower.get(sourceName.toLowerCase());
      if (planned === undefined) return undefined;
      const info = { name: planned.plan.target.name, sourceType: renderSourceType({ ...planned.source.type, alias: undefined }), targetType: planned.plan.target.type };
      return planned.nondeterministic === undefined ? info : { ...info, nondeterministic: planned.nondeterministic };
    };
  }

  // ---- tables and columns

  private planTable(schema: Schema, table: Table): void {
    const source = `${schema.name}.${table.name}`;
    const target = this.claimRelation(schema, table.name, 'table');
    const context: TableContext = { schema, table, source, target, columns: new Map(), constraintNames: new Namespace(), addedChecks: [] };
    this.tables.set(source, context);
    const columnNames = new Namespace();
    const definitions: ddl.ColumnDefinition[] = [];
    const targetNames = this.columnTargetNames(context);
    for (const column of table.columns) {
      const planned = this.planColumn(context, column, targetNames.get(column.name) ?? column.name);
      if (planned === undefined) continue;
      const clash = columnNames.claim(planned.plan.target.name, column.name);
      if (clash !== undefined) this.collision(`${source}.${column.name}`, t('issue.object.column', { name: `${source}.${column.name}` }), t('issue.object.column', { name: `${source}.${clash}` }), planned.plan.target.name, `names.columns: {"${source}.${column.name}": other_name}`);
      context.columns.set(column.name, planned);
      definitions.push(planned.definition);
    }
    // Computed columns may reference any column of the table: translate them once all are planned.
    for (const planned of context.columns.values()) if (planned.source.computed !== undefined) this.planComputed(context, planned);
    this.statement('pre-data', 'tables', key(target), `table:${key(target)}`, ddl.createTable(target, definitions));
    if (table.comment !== undefined) this.statement('post-data', 'comments', key(target), `comment:table:${key(target)}`, ddl.commentOnRelation('TABLE', target, table.comment));
    this.tableAttributeIssues(context);
  }

  /**
   * Target column names by source name. A name PostgreSQL reserves for a system column (xmin and
   * xmax are common in GIS tables) gets a `_` suffix, or `_2`, `_3`... when that is taken by another
   * column of the table; a name chosen in names.columns is left as given and blocks instead.
   */
  private columnTargetNames({ schema, table, source }: TableContext): Map<string, string> {
    const names = new Map(table.columns.map((c) => [c.name, this.names.column(schema.name, table.name, c.name)]));
    const taken = new Set(names.values());
    for (const [column, name] of names) {
      if (!SYSTEM_COLUMNS.has(name)) continue;
      const object = `${source}.${column}`;
      const hint = t('issue.SYSTEM_COLUMN.hint', { example: `names.columns: {"${object}": other_name}` });
      if (this.names.columnRenamed(schema.name, table.name, column)) {
        this.issue('error', 'SYSTEM_COLUMN_NAME', object, t('issue.SYSTEM_COLUMN_NAME', { name }), hint);
        continue;
      }
      let renamed = `${name}_`;
      for (let i = 2; taken.has(renamed); i++) renamed = `${name}_${i}`;
      taken.add(renamed);
      names.set(column, renamed);
      this.issue('warning', 'SYSTEM_COLUMN_RENAMED', object, t('issue.SYSTEM_COLUMN_RENAMED', { name, renamed }), hint);
    }
    return names;
  }

  private planColumn(context: TableContext, column: Column, targetName: string): PlannedColumn | undefined {
    const object = `${context.source}.${column.name}`;
    const decision = mapColumn({ schema: context.schema.name, table: context.table.name, column }, this.mappings.rules);
    if (decision.mapping === undefined) {
      this.issue('error', 'NO_MAPPING', object, decision.error ?? t('issue.NO_MAPPING', { type: renderSourceType(column.type) }), t('issue.NO_MAPPING.hint'));
      return undefined;
    }
    const mapping = decision.mapping;
    const { rule } = mapping;
    this.nameChange(object, column.name, targetName, `${key(context.target)}.${targetName}`);
    let targetType = mapping.targetType;
    if (mapping.extension !== undefined) this.extensions.add(mapping.extension);
    const losses = rule.loss === undefined ? [] : [textInLanguage(rule.loss)];
    if (rule.review !== undefined) this.issue('warning', 'TYPE_REVIEW', object, textInLanguage(rule.review));

    // Collation: only for textual targets.
    let collation: ddl.ColumnDefinition['collation'];
    let queryDifferences: string[] = [];
    let nondeterministic: NondeterministicText | undefined;
    if (isTextual(targetType)) {
      const choice = chooseCollation(column.collation, this.mappings.collations, this.options.targetVersion, targetType);
      const use = (c: PgCollation): ddl.Qualified => {
        this.collations.set(c.name, c);
        return { schema: COLLATION_SCHEMA, name: c.name };
      };
      if (targetType === 'citext') {
        // A rule chose citext: it ignores case itself; a nondeterministic collation would break its LIKE.
        const ordered = deterministicCollation(choice);
        if (ordered !== undefined) collation = use(ordered);
      } else {
        switch (choice.kind) {
          case 'icu':
            collation = use(choice.collation);
            use(choice.pattern);
            nondeterministic = { pattern: quoteQualified(COLLATION_SCHEMA, choice.pattern.name), caseInsensitive: choice.caseInsensitive, accentInsensitive: choice.accentInsensitive };
            break;
          case 'binary':
            collation = 'C';
            break;
          case 'citext':
            this.extensions.add('citext');
            if (typeof column.type.length === 'number') {
              context.addedChecks.push({ object, preferred: fitIdentifier(`${context.target.name}_${targetName}_length`), expression: `char_length(${quoteIdent(targetName)}) <= ${column.type.length}` });
            }
            targetType = 'citext';
            collation = use(choice.collation);
            break;
          case 'accent-sensitive':
            collation = use(choice.collation);
            break;
          case 'ignored':
            this.issue('warning', 'COLLATION_CASE_SENSITIVE', object, t('issue.COLLATION_CASE_SENSITIVE', { collation: column.collation ?? '' }));
            break;
          case 'default':
            break;
        }
      }
      queryDifferences = collationDifferences(choice, this.options.targetVersion, targetType);
    }

    const transform = rule.transform ?? 'none';
    const large = largeColumn(column.type, transform);
    const largeObjectProblem = transform === 'large-object' ? largeObjectMismatch(column.type, targetType) : undefined;
    if (largeObjectProblem !== undefined) this.issue('error', 'LARGE_OBJECT_MISMATCH', object, largeObjectProblem, t('issue.rule', { rule: rule.id, file: mapping.origin.file, line: mapping.origin.line }));
    const plan: PlanColumn = {
      source: { name: column.name, type: renderSourceType(column.type), nullable: column.nullable, ...(column.collation === undefined ? {} : { collation: column.collation }) },
      target: {
        name: targetName,
        type: targetType,
        nullable: rule.keepNotNull === false ? true : column.nullable,
        ...(collation === undefined ? {} : { collation: collation === 'C' ? 'C' : `${collation.schema}.${collation.name}` }),
      },
      rule: { id: rule.id, file: mapping.origin.file, line: mapping.origin.line },
      read: readExpression(column.name, column.type, transform),
      encoder: transform === 'large-object' ? 'large-object' : encoderFor(targetType),
      copied: true,
      ...(large === undefined ? {} : { large }),
      losses,
      ...(queryDifferences.length === 0 ? {} : { queryDifferences }),
    };
    const definition: { -readonly [K in keyof ddl.ColumnDefinition]: ddl.ColumnDefinition[K] } = { name: targetName, type: targetType, nullable: plan.target.nullable };
    if (collation !== undefined) definition.collation = collation;

    if (column.identity !== undefined) this.planIdentity(context, column, plan, definition, mapping);
    if (column.default !== undefined && rule.keepDefault !== false && column.identity === undefined && column.computed === undefined) {
      const translated = this.translate(object, 'default', column.default.expression, { targetType });
      plan.default = { source: column.default.expression, target: translated.ok ? translated.sql : null };
      if (translated.ok) {
        definition.defaultSql = translated.sql;
        for (const note of translated.notes) this.issue('info', 'DEFAULT_REVIEW', object, t('issue.DEFAULT_REVIEW', { source: column.default.expression, target: translated.sql, note }));
      } else {
        this.toManual(object, 'default', translated.reason, column.default.expression);
        this.issue('warning', 'DEFAULT_NOT_TRANSLATED', object, t('issue.DEFAULT_NOT_TRANSLATED', { expression: column.default.expression, reason: translated.reason }), t('issue.seeManual'));
      }
    }
    if (rule.check !== undefined) {
      context.addedChecks.push({ object, preferred: fitIdentifier(`${context.target.name}_${targetName}_check`), expression: rule.check.replace(/\{column\}/g, quoteIdent(targetName)) });
    }
    if (column.comment !== undefined) {
      this.statement('post-data', 'comments', key(context.target), `comment:column:${key(context.target)}.${targetName}`, ddl.commentOnColumn(context.target, targetName, column.comment));
    }
    this.columnAttributeIssues(object, column);
    return { plan, source: column, definition, ...(nondeterministic === undefined ? {} : { nondeterministic }) };
  }

  private planIdentity(context: TableContext, column: Column, plan: PlanColumn, definition: { identity?: ddl.ColumnDefinition['identity'] }, mapping: ColumnMapping): void {
    const identity = column.identity;
    if (identity === undefined) return;
    const object = `${context.source}.${column.name}`;
    plan.identity = { start: identity.seed, increment: identity.increment, lastValue: identity.lastValue };
    if (!['smallint', 'integer', 'bigint'].includes(mapping.targetType) || !/^-?\d+$/.test(identity.seed) || !/^-?\d+$/.test(identity.increment)) {
      this.issue('warning', 'IDENTITY_NOT_INTEGER', object, t('issue.IDENTITY_NOT_INTEGER', { source: plan.source.type, target: mapping.targetType }), t('issue.IDENTITY_NOT_INTEGER.hint'));
      return;
    }
    definition.identity = { start: identity.seed, increment: identity.increment };
    this.statement('post-data', 'identity', key(context.target), `identity:${key(context.target)}.${plan.target.name}`, ddl.restartIdentity(context.target, plan.target.name, identity.lastValue, identity.increment));
  }

  private planComputed(context: TableContext, { source: column, plan, definition }: PlannedColumn): void {
    const computed = column.computed;
    if (computed === undefined) return;
    const object = `${context.source}.${column.name}`;
    const translated = this.translate(object, 'computed', computed.expression, { targetType: plan.target.type, column: this.columnResolver(context) });
    plan.computed = { source: computed.expression, persisted: computed.persisted, target: translated.ok ? translated.sql : null };
    if (translated.ok) {
      this.fitComputedType(context, column, translated.type, plan, definition);
      definition.generatedSql = translated.sql;
      plan.copied = false;
      if (!computed.persisted) this.issue('info', 'COMPUTED_STORED', object, t('issue.COMPUTED_STORED'));
    } else {
      this.toManual(object, 'computed column', translated.reason, computed.expression);
      this.issue('warning', 'COMPUTED_AS_PLAIN', object, t('issue.COMPUTED_AS_PLAIN', { expression: computed.expression, reason: translated.reason }), t('issue.COMPUTED_AS_PLAIN.hint'));
    }
  }

  /**
   * A server can report a computed column's type wrongly (Babelfish: numeric(38,38) for
   * decimal(12,3) * smallmoney, which holds no value of 1 or more). When the reported decimal has
   * fewer integral digits than T-SQL's rules give the translated expression, the column gets the
   * expression's type instead, with a warning, so its values fit.
   */
  private fitComputedType(context: TableContext, column: Column, type: SqlType, plan: PlanColumn, definition: PlannedColumn['definition']): void {
    const reported = column.type;
    if ((reported.name !== 'decimal' && reported.name !== 'numeric') || (type.family !== 'decimal' && type.family !== 'integer')) return;
    const [precision, scale] = asDecimal(type);
    if ((reported.precision ?? 18) - (reported.scale ?? 0) >= precision - scale) return;
    const actual: Column['type'] = type.family === 'decimal' && type.name !== 'money' && type.name !== 'smallmoney' ? { name: 'decimal', precision, scale } : { name: type.name };
    const mapping = mapColumn({ schema: context.schema.name, table: context.table.name, column: { ...column, type: actual, computed: undefined } }, this.mappings.rules).mapping;
    if (mapping === undefined) return;
    const object = `${context.source}.${column.name}`;
    this.issue(
      'warning',
      'COMPUTED_TYPE_REPLACED',
      object,
      t('issue.COMPUTED_TYPE_REPLACED', { reported: renderSourceType(reported), expression: column.computed?.expression ?? t('issue.COMPUTED_TYPE_REPLACED.expression'), actual: renderSourceType(actual), target: mapping.targetType }),
      t('issue.COMPUTED_TYPE_REPLACED.hint'),
    );
    plan.target.type = mapping.targetType;
    plan.encoder = encoderFor(mapping.targetType);
    plan.read = readExpression(column.name, actual, mapping.rule.transform ?? 'none');
    definition.type = mapping.targetType;
  }

  private columnAttributeIssues(object: string, column: Column): void {
    const attrs = column.attrs;
    if (attrs === undefined) return;
    if (attrs.generatedAlways !== undefined) this.issue('warning', 'TEMPORAL_COLUMN', object, t('issue.TEMPORAL_COLUMN', { kind: attrs.generatedAlways.replace(/_/g, ' ') }));
    if (attrs.fileStream === true) this.issue('warning', 'FILESTREAM', object, t('issue.FILESTREAM'));
    if (attrs.encrypted === true) this.issue('error', 'ALWAYS_ENCRYPTED', object, t('issue.ALWAYS_ENCRYPTED'), t('issue.ALWAYS_ENCRYPTED.hint'));
    if (attrs.masked !== undefined) this.issue('warning', 'DATA_MASKING', object, t('issue.DATA_MASKING', { mask: attrs.masked }));
    if (attrs.xmlSchemaCollection !== undefined) this.issue('info', 'XML_SCHEMA', object, t('issue.XML_SCHEMA', { collection: `${attrs.xmlSchemaCollection.schema}.${attrs.xmlSchemaCollection.name}` }));
  }

  private tableAttributeIssues(context: TableContext): void {
    const attrs = context.table.attrs;
    if (attrs === undefined) return;
    if (attrs.temporalHistory !== undefined) this.issue('warning', 'TEMPORAL_TABLE', context.source, t('issue.TEMPORAL_TABLE', { history: `${attrs.temporalHistory.schema}.${attrs.temporalHistory.name}` }));
    if (attrs.memoryOptimized === true) this.issue('info', 'MEMORY_OPTIMIZED', context.source, t('issue.MEMORY_OPTIMIZED'));
    if (attrs.partitioned === true) this.issue('info', 'PARTITIONED', context.source, t('issue.PARTITIONED'));
    if (attrs.fileTable === true) this.issue('warning', 'FILETABLE', context.source, t('issue.FILETABLE'));
    if (attrs.fileStreamGroup !== undefined) {
      this.issue('warning', 'FILESTREAM_FILEGROUP', context.source, t('issue.FILESTREAM_FILEGROUP', { group: attrs.fileStreamGroup }), t('issue.FILESTREAM_FILEGROUP.hint'));
    }
  }

  // ---- constraints and indexes

  private targetColumn(context: TableContext, name: string): string | undefined {
    return context.columns.get(name)?.plan.target.name;
  }

  private keyParts(context: TableContext, columns: readonly { name: string; descending: boolean }[]): ddl.KeyPart[] | undefined {
    const parts = columns.map((c) => ({ name: this.targetColumn(context, c.name), descending: c.descending }));
    return parts.every((p): p is ddl.KeyPart => p.name !== undefined) ? parts : undefined;
  }

  private nullsNotDistinct(context: TableContext, columns: readonly { name: string }[], object: string, isIndex = false): boolean {
    if (!columns.some((c) => context.columns.get(c.name)?.source.nullable === true)) return false;
    if (isIndex && this.catalog.source.isBabelfish) {
      // Babelfish hides filter predicates, and a unique index on a nullable column is usually filtered (WHERE c IS NOT NULL).
      this.issue('warning', 'UNIQUE_NULLS_UNKNOWN', object, t('issue.UNIQUE_NULLS_UNKNOWN'));
      return false;
    }
    if (this.options.targetVersion >= 15) {
      this.issue('info', 'UNIQUE_NULLS', object, t('issue.UNIQUE_NULLS.notDistinct'));
      return true;
    }
    this.issue('warning', 'UNIQUE_NULLS', object, t('issue.UNIQUE_NULLS', { version: this.options.targetVersion }), t('issue.UNIQUE_NULLS.hint'));
    return false;
  }

  private planConstraints(context: TableContext): void {
    const { table, target } = context;
    const keyConstraint = (constraint: KeyConstraint, kind: 'PRIMARY KEY' | 'UNIQUE', step: 'primary-keys' | 'unique-constraints'): void => {
      const object = `${context.source}.${constraint.name}`;
      const parts = this.keyParts(context, constraint.columns);
      if (parts === undefined) return;
      const name = this.claimIndexName(target, constraint.name, object);
      context.constraintNames.claim(name, object);
      if (parts.some((p) => p.descending)) this.issue('info', 'KEY_ORDER', object, t('issue.KEY_ORDER'));
      const nulls = kind === 'UNIQUE' && this.nullsNotDistinct(context, constraint.columns, object);
      this.statement('post-data', step, key(target), `${step}:${key(target)}.${name}`, ddl.addKeyConstraint(kind, name, target, parts, nulls));
    };
    if (table.primaryKey !== undefined) keyConstraint(table.primaryKey, 'PRIMARY KEY', 'primary-keys');
    else this.issue('warning', 'NO_PRIMARY_KEY', context.source, t('issue.NO_PRIMARY_KEY'));
    for (const unique of table.uniqueConstraints) keyConstraint(unique, 'UNIQUE', 'unique-constraints');
    for (const index of table.indexes) this.planIndex(context, index);
    this.planFullText(context);
    for (const check of table.checks) this.planCheck(context, check);
    for (const fk of table.foreignKeys) this.planForeignKey(context, fk);
    for (const { object, preferred, expression } of context.addedChecks) {
      const name = context.constraintNames.claimFree(preferred, object, target.name);
      this.statement('post-data', 'checks', key(target), `check:${key(target)}.${name}`, ddl.addCheck(target, name, expression, false));
    }
  }

  /** A source constraint's name in its table, adjusted (and reported) when another took it first. */
  private claimConstraintName(context: TableContext, sourceName: string, object: string): string {
    const preferred = this.names.other(sourceName);
    const name = context.constraintNames.claimFree(preferred, object, context.target.name);
    if (name !== preferred) this.issue('info', 'NAME_ADJUSTED', object, t('issue.NAME_ADJUSTED.table', { preferred, table: key(context.target), name }));
    return name;
  }

  /** Index names share the schema's namespace in PostgreSQL (per table in SQL Server): clashes get the table name. */
  private claimIndexName(table: Qualified, sourceName: string, object: string): string {
    const preferred = this.names.other(sourceName);
    const name = this.relationNamespace(table.schema).claimFree(preferred, object, table.name);
    if (name !== preferred) this.issue('info', 'NAME_ADJUSTED', object, t('issue.NAME_ADJUSTED.schema', { preferred, schema: table.schema, name }));
    return name;
  }

  private planIndex(context: TableContext, index: Index): void {
    if (index.backs !== undefined) return;
    const object = `${context.source}.${index.name}`;
    const skipReason = !index.enabled ? t('issue.INDEX_SKIPPED.disabled') : index.kind !== 'rowstore' ? t('issue.INDEX_SKIPPED.kind', { kind: index.kind }) : undefined;
    if (skipReason !== undefined) {
      this.issue('info', 'INDEX_SKIPPED', object, skipReason);
      return;
    }
    if (index.clustered) this.issue('info', 'CLUSTERED_INDEX', object, t('issue.CLUSTERED_INDEX'));
    const parts = this.keyParts(context, index.columns);
    const include = index.include.map((c) => this.targetColumn(context, c));
    if (parts === undefined || include.some((c) => c === undefined)) return;
    let where: string | undefined;
    if (index.filter !== undefined) {
      const translated = this.translate(object, 'filter', index.filter, { column: this.columnResolver(context) });
      if (!translated.ok) {
        this.toManual(object, 'filtered index', translated.reason, index.filter);
        this.issue('warning', 'FILTER_NOT_TRANSLATED', object, t('issue.FILTER_NOT_TRANSLATED', { filter: index.filter, reason: translated.reason }), t('issue.seeManual'));
        return;
      }
      where = translated.sql;
    }
    const name = this.claimIndexName(context.target, index.name, object);
    const nulls = index.unique && this.nullsNotDistinct(context, index.columns, object, true);
    this.statement(
      'post-data',
      'indexes',
      key(context.target),
      `index:${context.target.schema}.${name}`,
      ddl.createIndex({ name, table: context.target, unique: index.unique, columns: parts, include: include as string[], nullsNotDistinct: nulls, ...(where === undefined ? {} : { where }) }),
    );
  }

  private planFullText(context: TableContext): void {
    const index = context.table.fullTextIndex;
    if (index === undefined) return;
    const planned = planFullText(context.table, index, (sourceName) => {
      const column = context.columns.get(sourceName);
      return column === undefined ? undefined : { name: column.plan.target.name, type: column.plan.target.type };
    });
    for (const issue of planned.issues) this.issue(issue.severity, issue.code, context.source, issue.message, issue.hint);
    for (const gin of planned.indexes) {
      const object = `${context.source}.${gin.column}`;
      const name = this.claimIndexName(context.target, fitIdentifier(`${context.target.name}_${gin.column.replace(/[^\p{L}\p{N}_]+/gu, '_')}_fts`), object);
      this.statement('post-data', 'indexes', key(context.target), `index:${context.target.schema}.${name}`, ddl.createGinIndex(name, context.target, gin.vector));
    }
    if (planned.info !== undefined) this.fullText.set(context.source, planned.info);
  }

  private planCheck(context: TableContext, check: Table['checks'][number]): void {
    const object = `${context.source}.${check.name}`;
    const translated = this.translate(object, 'check', check.expression, { column: this.columnResolver(context) });
    if (!translated.ok) {
      this.toManual(object, 'check constraint', translated.reason, check.expression);
      this.issue('warning', 'CHECK_NOT_TRANSLATED', object, t('issue.CHECK_NOT_TRANSLATED', { expression: check.expression, reason: translated.reason }), t('issue.seeManual'));
      return;
    }
    const name = this.claimConstraintName(context, check.name, object);
    const enforced = check.enabled && check.trusted;
    if (!enforced) this.issue('warning', 'CHECK_NOT_TRUSTED', object, t('issue.CHECK_NOT_TRUSTED'));
    this.statement('post-data', 'checks', key(context.target), `check:${key(context.target)}.${name}`, ddl.addCheck(context.target, name, translated.sql, !enforced));
  }

  private planForeignKey(context: TableContext, fk: ForeignKey): void {
    const object = `${context.source}.${fk.name}`;
    const referenced = this.tables.get(`${fk.references.schema}.${fk.references.table}`);
    const original = `FOREIGN KEY (${fk.columns.join(', ')}) REFERENCES ${fk.references.schema}.${fk.references.table} (${fk.references.columns.join(', ')})`;
    if (referenced === undefined) {
      this.toManual(object, 'foreign key', t('manual.referencedTableMissing'), original);
      this.issue('warning', 'FK_TARGET_MISSING', object, t('issue.FK_TARGET_MISSING', { table: `${fk.references.schema}.${fk.references.table}` }), t('issue.seeManual'));
      return;
    }
    if (!fk.enabled) {
      this.toManual(object, 'foreign key', t('manual.foreignKeyDisabled'), original);
      this.issue('warning', 'FK_DISABLED', object, t('issue.FK_DISABLED'), t('issue.seeManual'));
      return;
    }
    const columns = fk.columns.map((c) => this.targetColumn(context, c));
    const referencedColumns = fk.references.columns.map((c) => this.targetColumn(referenced, c));
    if (columns.some((c) => c === undefined) || referencedColumns.some((c) => c === undefined)) return;
    const name = this.claimConstraintName(context, fk.name, object);
    this.statement('post-data', 'foreign-keys', key(context.target), `fk:${key(context.target)}.${name}`, ddl.addForeignKey(context.target, name, columns as string[], referenced.target, referencedColumns as string[], fk.onDelete, fk.onUpdate));
    if (fk.trusted) this.statement('post-data', 'validate', key(context.target), `validate:${key(context.target)}.${name}`, ddl.validateConstraint(context.target, name));
    else this.issue('warning', 'FK_NOT_TRUSTED', object, t('issue.FK_NOT_TRUSTED'));
  }

  // ---- sequences, views, code

  private planSequence(schema: Schema, sequence: Sequence): void {
    const object = `${schema.name}.${sequence.name}`;
    const target = this.claimRelation(schema, sequence.name, 'sequence');
    const type = sequenceType(sequence);
    if (type === undefined) {
      this.issue('error', 'SEQUENCE_RANGE', object, t('issue.SEQUENCE_RANGE', { type: renderSourceType(sequence.type), min: sequence.minValue, max: sequence.maxValue }));
      return;
    }
    this.statement('pre-data', 'sequences', key(target), `sequence:${key(target)}`, ddl.createSequence({ name: target, type, start: sequence.start, increment: sequence.increment, minValue: sequence.minValue, maxValue: sequence.maxValue, cycle: sequence.cycle, cache: sequence.cache }));
    if (sequence.current !== null) this.statement('post-data', 'sequence-values', key(target), `sequence-value:${key(target)}`, ddl.setSequenceValue(target, sequence.current));
  }

  private planCodeObjects(schema: Schema): void {
    for (const synonym of schema.synonyms) {
      this.inventory.push({ object: `${schema.name}.${synonym.name}`, kind: 'synonym', lines: 1, difficulty: 1, constructs: [] });
      this.issue('info', 'SYNONYM', `${schema.name}.${synonym.name}`, t('issue.SYNONYM', { target: synonym.target }));
    }
    for (const type of schema.userTypes) {
      const object = `${schema.name}.${type.name}`;
      if (type.kind === 'alias') this.issue('info', 'ALIAS_TYPE', object, t('issue.ALIAS_TYPE', { base: type.base === undefined ? '' : renderSourceType(type.base) }));
      else this.inventory.push({ object, kind: `${type.kind} type`, lines: 0, difficulty: type.kind === 'clr' ? 5 : 2, constructs: [] });
    }
  }

  /** Claims every view's name and maps its columns first, so views can reference each other. */
  private registerViews(): void {
    for (const schema of this.catalog.schemas) {
      for (const view of schema.views) {
        const target = this.claimRelation(schema, view.name, 'view');
        const columns = new Map<string, ColumnInfo>();
        for (const column of view.columns) {
          const mapping = mapColumn({ schema: schema.name, table: view.name, column: { ...column } }, this.mappings.rules).mapping;
          if (mapping === undefined) continue;
          columns.set(column.name.toLowerCase(), { name: this.names.column(schema.name, view.name, column.name), sourceType: renderSourceType({ ...column.type, alias: undefined }), targetType: mapping.targetType });
        }
        this.views.set(`${schema.name}.${view.name}`.toLowerCase(), { schema, view, target, columns });
      }
    }
  }

  private relation(defaultSchema: string, schema: string | undefined, name: string): RelationInfo | undefined {
    const wanted = `${schema ?? defaultSchema}.${name}`.toLowerCase();
    const table = [...this.tables.values()].find((t) => t.source.toLowerCase() === wanted);
    if (table !== undefined) {
      const column = this.columnResolver(table);
      const planned = [...table.columns.values()];
      const identity = planned.find((c) => c.source.identity !== undefined)?.plan.target.name;
      const columns = planned.flatMap((c) => {
        const info = column(c.source.name);
        return info === undefined ? [] : [{ source: c.source.name, info, generated: c.source.identity !== undefined || c.source.computed !== undefined }];
      });
      const fullText = this.fullText.get(table.source);
      return { ...table.target, column, columns, ...(identity === undefined ? {} : { identity }), ...(fullText === undefined ? {} : { fullText }) };
    }
    const view = this.views.get(wanted);
    return view === undefined ? undefined : { ...view.target, column: (sourceName) => view.columns.get(sourceName.toLowerCase()) };
  }

  /**
   * Views in dependency order (a view on a view comes after it). The dependencies are what the
   * view's parsed body reads, as the translator resolves names, together with the server's
   * dependency catalog, which can miss some (Northwind's "Category Sales for 1997" came before
   * "Product Sales for 1997", which it reads). Unknown references are ignored; a cycle is broken
   * where it closes.
   */
  private planViews(): void {
    const done = new Set<string>();
    const visit = (entry: ViewContextEntry, path: Set<string>): void => {
      const id = `${entry.schema.name}.${entry.view.name}`.toLowerCase();
      if (done.has(id) || path.has(id)) return;
      path.add(id);
      // The server's dependency list can miss views (Babelfish's does): the body's own references count too.
      const parsed = entry.view.definition === null ? [] : (viewReferences(entry.view.definition) ?? []);
      const references = [...entry.view.references.map((r) => `${r.schema}.${r.name}`), ...parsed.map((r) => `${r.schema ?? entry.schema.name}.${r.name}`)];
      for (const reference of references) {
        const dependency = this.views.get(reference.toLowerCase());
        if (dependency !== undefined) visit(dependency, path);
      }
      done.add(id);
      this.planView(entry);
    };
    const entries = [...this.views.values()].sort((a, b) => compareNames(key(a.target), key(b.target)));
    for (const entry of entries) visit(entry, new Set());
  }

  private planView({ schema, view, target, columns }: ViewContextEntry): void {
    const object = `${schema.name}.${view.name}`;
    if (view.definition === null) {
      this.toManual(object, 'view', t('manual.definitionUnreadable'), t('manual.definitionUnreadable.original'));
      this.issue('warning', 'VIEW_UNREADABLE', object, t('issue.VIEW_UNREADABLE'));
      return;
    }
    const routine = this.routineLookup(schema.name);
    const translated = translateView(view.definition, {
      defaultSchema: schema.name,
      relation: (s, n) => this.relation(schema.name, s, n),
      columnName: (sourceName) => this.names.column(schema.name, view.name, sourceName),
      call: (call, translator) => userFunctionCall(call, translator, routine, schema.name)?.value,
    });
    if (!translated.ok) {
      this.toManual(object, 'view', translated.reason, view.definition);
      this.issue('warning', 'VIEW_NOT_TRANSLATED', object, t('issue.VIEW_NOT_TRANSLATED', { reason: translated.reason }), t('issue.seeManual'));
      return;
    }
    // Views read after this one see its columns' collations (their pattern operators depend on them).
    for (const output of translated.columns) {
      const key = output.name.toLowerCase();
      const info = columns.get(key);
      if (info !== undefined && output.type.nondeterministic !== undefined) columns.set(key, { ...info, nondeterministic: output.type.nondeterministic });
    }
    this.translations.push({ object, kind: 'view', confidence: translated.confidence, notes: [...translated.notes] });
    if (translated.confidence === 'review') this.issue('warning', 'VIEW_REVIEW', object, t('issue.VIEW_REVIEW', { notes: translated.notes.join('; ') }));
    this.statement('post-data', 'views', key(target), `view:${key(target)}`, ddl.createView(target, translated.sql));
    if (view.comment !== undefined) this.statement('post-data', 'comments', key(target), `comment:view:${key(target)}`, ddl.commentOnRelation('VIEW', target, view.comment));
  }

  // ---- ordering and copy hints

  /** Referenced tables before referencing ones; cycles broken by name, deterministically. */
  private foreignKeyOrder(): TableContext[] {
    const contexts = [...this.tables.values()].sort((a, b) => compareNames(key(a.target), key(b.target)));
    const done = new Set<string>();
    const visiting = new Set<string>();
    const ordered: TableContext[] = [];
    const visit = (context: TableContext): void => {
      if (done.has(context.source) || visiting.has(context.source)) return;
      visiting.add(context.source);
      const parents = context.table.foreignKeys
        .map((fk) => this.tables.get(`${fk.references.schema}.${fk.references.table}`))
        .filter((p): p is TableContext => p !== undefined && p !== context)
        .sort((a, b) => compareNames(key(a.target), key(b.target)));
      for (const parent of parents) visit(parent);
      visiting.delete(context.source);
      done.add(context.source);
      ordered.push(context);
    };
    for (const context of contexts) visit(context);
    return ordered;
  }

  /** What the copy can promise for a table's large values: read in pieces needs a key to find the row again; bytea and text stop at 1 GB. */
  private largeValueIssues(context: TableContext, planKey: PlanTable['key']): void {
    const large = [...context.columns.values()].filter((c) => c.plan.copied && c.plan.large !== undefined);
    if (large.length === 0) return;
    const names = large.map((c) => c.source.name).join(', ');
    if (!isChunkableKey(planKey)) {
      this.issue('warning', 'LARGE_VALUES_READ_WHOLE', context.source, t('issue.LARGE_VALUES_READ_WHOLE', { columns: names }), t('issue.LARGE_VALUES_READ_WHOLE.hint'));
    }
    const lobBytes = context.table.stats?.lobBytes ?? 0;
    for (const column of large) {
      const limit = column.plan.large?.limit ?? null;
      if (limit !== null && (lobBytes > limit || column.source.attrs?.fileStream === true)) {
        this.issue('warning', 'VALUE_OVER_LIMIT', `${context.source}.${column.source.name}`, t(column.source.attrs?.fileStream === true ? 'issue.VALUE_OVER_LIMIT.fileStream' : 'issue.VALUE_OVER_LIMIT', { type: column.plan.target.type, column: column.source.name, megabytes: Math.round(lobBytes / 1024 ** 2) }), column.plan.large?.pieces === 'bytes' ? t('issue.VALUE_OVER_LIMIT.hint') : undefined);
      }
    }
  }

  private fullTextEntry(context: TableContext): Pick<PlanTable, 'fullText'> {
    const info = this.fullText.get(context.source);
    return info === undefined ? {} : { fullText: { key: { ...info.key }, columns: info.columns.map((c) => ({ ...c })) } };
  }

  private planTableEntry(context: TableContext): PlanTable {
    const { table } = context;
    const notNull = (cols: readonly { name: string }[]): boolean => cols.every((c) => context.columns.get(c.name)?.source.nullable === false);
    const key =
      table.primaryKey?.columns ??
      table.uniqueConstraints.find((u) => notNull(u.columns))?.columns ??
      table.indexes.find((i) => i.unique && i.enabled && i.filter === undefined && notNull(i.columns))?.columns ??
      [];
    const planKey = key.flatMap((c) => {
      const column = context.columns.get(c.name);
      return column === undefined ? [] : [{ source: c.name, target: column.plan.target.name, sourceType: renderSourceType({ ...column.source.type, alias: undefined }) }];
    });
    this.largeValueIssues(context, planKey);
    return {
      source: { schema: context.schema.name, name: table.name },
      target: context.target,
      columns: [...context.columns.values()].map((c) => c.plan),
      key: planKey,
      rows: table.stats?.rows ?? null,
      bytes: table.stats === undefined ? null : table.stats.dataBytes + table.stats.lobBytes,
      ...this.fullTextEntry(context),
    };
  }
}

function key(r: Qualified): string {
  return `${r.schema}.${r.name}`;
}

function severityRank(issue: PlanIssue): number {
  return issue.severity === 'error' ? 0 : issue.severity === 'warning' ? 1 : 2;
}

const SEQUENCE_TYPES = [
  ['smallint', -32768n, 32767n],
  ['integer', -2147483648n, 2147483647n],
  ['bigint', -9223372036854775808n, 9223372036854775807n],
] as const;

function sequenceType(sequence: Sequence): 'smallint' | 'integer' | 'bigint' | undefined {
  if (!/^-?\d+$/.test(sequence.minValue) || !/^-?\d+$/.test(sequence.maxValue)) return undefined;
  const min = BigInt(sequence.minValue);
  const max = BigInt(sequence.maxValue);
  const declared = { tinyint: 'smallint', smallint: 'smallint', int: 'integer' }[sequence.type.name] ?? 'bigint';
  const fits = SEQUENCE_TYPES.filter(([, lo, hi]) => min >= lo && max <= hi).map(([name]) => name);
  return fits.find((name) => name === declared) ?? fits.at(-1);
}
