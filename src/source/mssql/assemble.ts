/**
 * Pure assembly of catalog rows into the database-neutral catalog: no I/O, so every awkward case
 * (names, types, filters, unreadable definitions) is unit-tested with recorded rows.
 */
import type {
  Catalog,
  CatalogNote,
  CheckConstraint,
  Column,
  ForeignKey,
  FullTextIndex,
  Index,
  KeyColumn,
  KeyConstraint,
  MssqlColumnAttrs,
  MssqlTableAttrs,
  ObjectRef,
  ReferentialAction,
  Routine,
  Schema,
  Sequence,
  Table,
  TableStats,
  Trigger,
  TypeRef,
  UserType,
  View,
} from '../../model/catalog.js';
import { CATALOG_FORMAT_VERSION } from '../../model/catalog.js';
import { ObjectMatcher, type ObjectFilter } from '../../model/object-filter.js';
import { compareNames, groupBy, indexBy } from '../../model/order.js';
import type { CatalogRows, ColumnRow, IndexRow, ObjectRow } from './catalog-rows.js';
import type { MssqlServerFacts } from './server-facts.js';
import { messageIn } from '../../i18n/index.js';

const PAGE_BYTES = 8192;
/** Schemas every database has; listed only when they hold user objects. */
const BUILT_IN_SCHEMAS = new Set(['guest', 'db_owner', 'db_accessadmin', 'db_securityadmin', 'db_ddladmin', 'db_backupoperator', 'db_datareader', 'db_datawriter', 'db_denydatareader', 'db_denydatawriter']);
const SYSTEM_SCHEMAS = new Set(['sys', 'INFORMATION_SCHEMA']);
const ROUTINE_KINDS: Readonly<Record<string, Routine['kind']>> = {
  P: 'procedure',
  FN: 'scalar_function',
  IF: 'inline_table_function',
  TF: 'table_function',
  PC: 'clr_procedure',
  FS: 'clr_function',
  FT: 'clr_function',
  AF: 'aggregate',
};
const ACTIONS: readonly ReferentialAction[] = ['no_action', 'cascade', 'set_null', 'set_default'];
const GENERATED_ALWAYS: readonly (MssqlColumnAttrs['generatedAlways'] | undefined)[] = [
  undefined,
  'row_start',
  'row_end',
  'transaction_id_start',
  'transaction_id_end',
  'sequence_number_start',
  'sequence_number_end',
];

export interface KeptTable {
  readonly objectId: number;
  readonly schema: string;
  readonly name: string;
}

/** The tables a filter keeps (for exact counts before assembly). */
export function keptTables(rows: CatalogRows, filter: ObjectFilter): KeptTable[] {
  const schemaNames = new Map(rows.schemas.map((s) => [s.schema_id, s.name]));
  const matcher = new ObjectMatcher(filter);
  return rows.objects
    .filter((o) => o.type === 'U')
    .map((o) => ({ objectId: o.object_id, schema: schemaNames.get(o.schema_id) ?? '?', name: o.name }))
    .filter((t) => matcher.keeps(t.schema, t.name));
}

export function assembleCatalog(rows: CatalogRows, facts: MssqlServerFacts, filter: ObjectFilter, readNotes: readonly CatalogNote[]): Catalog {
  return new Assembler(rows, filter, facts.isBabelfish).catalog(facts, readNotes);
}

/**
 * Babelfish stores an index under its PostgreSQL name: the T-SQL name, the table name and an MD5
 * (`ix_orders_statusorders<32 hex>`), the front cut to fit 63 bytes. Recover as much of the T-SQL
 * name as is left; SQL Server names pass unchanged (only Babelfish catalogs are treated).
 */
export function babelfishIndexName(name: string, table: string): string {
  const hashed = /^(.+)[0-9a-f]{32}$/u.exec(name)?.[1];
  if (hashed === undefined) return name;
  const lowerTable = table.toLowerCase();
  return hashed.endsWith(lowerTable) && hashed.length > lowerTable.length ? hashed.slice(0, -lowerTable.length) : hashed;
}

class Assembler {
  private readonly notes: CatalogNote[] = [];
  private readonly matcher: ObjectMatcher;
  private readonly schemaNames: Map<number, string>;
  private readonly objects: Map<number, ObjectRow>;
  private readonly columns: Map<number, ColumnRow[]>;
  private readonly comments: Map<string, string>;
  private readonly computed: Map<string, CatalogRows['computed'][number]>;
  private readonly defaults: Map<string, CatalogRows['defaults'][number]>;
  // Rows grouped by owning object once, so assembly stays linear in catalog size.
  private readonly indexes: Map<number, IndexRow[]>;
  private readonly indexColumns: Map<string, CatalogRows['indexColumns']>;
  private readonly keyConstraints: Map<number, CatalogRows['keyConstraints']>;
  private readonly foreignKeyRows: Map<number, CatalogRows['foreignKeys']>;
  private readonly foreignKeyColumns: Map<number, CatalogRows['foreignKeyColumns']>;
  private readonly checkRows: Map<number, CatalogRows['checks']>;
  private readonly triggerRows: Map<number, CatalogRows['triggers']>;
  private readonly triggerEvents: Map<number, CatalogRows['triggerEvents']>;
  private readonly dependencies: Map<number, NonNullable<CatalogRows['dependencies']>>;
  private readonly fullTextColumns: Map<number, CatalogRows['fullTextColumns']>;
  /** Babelfish lists the PostgreSQL sequences behind identity columns (`<table>_<column>_seq`) as objects. */
  private readonly identitySequences: Set<number>;
  private readonly lookup: {
    sizes: Map<number, NonNullable<CatalogRows['sizes']>[number]>;
    exactCounts: Map<number, NonNullable<CatalogRows['exactCounts']>[number]>;
    tables: Map<number, CatalogRows['tables'][number]>;
    views: Map<number, CatalogRows['views'][number]>;
    sequences: Map<number, NonNullable<CatalogRows['sequences']>[number]>;
    synonyms: Map<number, CatalogRows['synonyms'][number]>;
    fullTextIndexes: Map<number, CatalogRows['fullTextIndexes'][number]>;
  };

  constructor(
    private readonly rows: CatalogRows,
    private readonly filter: ObjectFilter,
    private readonly babelfish: boolean,
  ) {
    this.matcher = new ObjectMatcher(filter);
    this.schemaNames = new Map(rows.schemas.map((s) => [s.schema_id, s.name]));
    this.objects = new Map(rows.objects.map((o) => [o.object_id, o]));
    this.columns = groupBy([...rows.columns].sort((a, b) => a.column_id - b.column_id), (c) => c.object_id);
    this.comments = new Map(rows.comments.map((c) => [`${c.class}:${c.major_id}:${c.minor_id}`, c.value]));
    this.computed = indexBy(rows.computed, (c) => `${c.object_id}:${c.column_id}`);
    this.defaults = indexBy(rows.defaults, (d) => `${d.object_id}:${d.column_id}`);
    this.indexes = groupBy(rows.indexes, (i) => i.object_id);
    this.indexColumns = groupBy(rows.indexColumns, (ic) => `${ic.object_id}:${ic.index_id}`);
    this.keyConstraints = groupBy(rows.keyConstraints, (k) => k.object_id);
    this.foreignKeyRows = groupBy(rows.foreignKeys, (fk) => fk.parent_object_id);
    this.foreignKeyColumns = groupBy(rows.foreignKeyColumns, (c) => c.constraint_object_id);
    this.checkRows = groupBy(rows.checks, (c) => c.parent_object_id);
    this.triggerRows = groupBy(rows.triggers, (t) => t.parent_id);
    this.triggerEvents = groupBy(rows.triggerEvents, (e) => e.object_id);
    this.dependencies = groupBy(rows.dependencies ?? [], (d) => d.referencing_id);
    this.fullTextColumns = groupBy(rows.fullTextColumns, (c) => c.object_id);
    const identitySequenceNames = new Set(
      rows.columns.filter((c) => babelfish && c.is_identity).flatMap((c) => {
        const table = this.objects.get(c.object_id);
        return table === undefined ? [] : [`${table.schema_id}:${table.name}_${c.name}_seq`.toLowerCase()];
      }),
    );
    this.identitySequences = new Set(rows.objects.filter((o) => o.type === 'SO' && identitySequenceNames.has(`${o.schema_id}:${o.name}`.toLowerCase())).map((o) => o.object_id));
    this.lookup = {
      sizes: indexBy(rows.sizes ?? [], (r) => r.object_id),
      exactCounts: indexBy(rows.exactCounts ?? [], (r) => r.object_id),
      tables: indexBy(rows.tables, (r) => r.object_id),
      views: indexBy(rows.views, (r) => r.object_id),
      sequences: indexBy(rows.sequences ?? [], (r) => r.object_id),
      synonyms: indexBy(rows.synonyms, (r) => r.object_id),
      fullTextIndexes: indexBy(rows.fullTextIndexes, (r) => r.object_id),
    };
  }

  catalog(facts: MssqlServerFacts, readNotes: readonly CatalogNote[]): Catalog {
    const kept = this.rows.objects.filter((o) => this.keepsObject(o));
    const bySchema = groupBy(kept, (o) => o.schema_id);
    const userTypesBySchema = groupBy(
      this.rows.userTypes.filter((t) => this.matcher.keeps(this.schemaName(t.schema_id), t.name)),
      (t) => t.schema_id,
    );
    const schemas: Schema[] = [];
    for (const row of this.rows.schemas) {
      const objects = bySchema.get(row.schema_id) ?? [];
      const types = userTypesBySchema.get(row.schema_id) ?? [];
      const hasKept = objects.length > 0 || types.length > 0;
      if (SYSTEM_SCHEMAS.has(row.name)) continue;
      if (!hasKept && (BUILT_IN_SCHEMAS.has(row.name) || !this.matcher.keepsSchema(row.name))) continue;
      const of = (type: string): ObjectRow[] => objects.filter((o) => o.type === type);
      const comment = this.comments.get(`3:${row.schema_id}:0`);
      schemas.push({
        name: row.name,
        ...(comment === undefined ? {} : { comment }),
        tables: byName(of('U').map((o) => this.table(o))),
        views: byName(of('V').map((o) => this.view(o))),
        sequences: byName(this.sequences(of('SO'))),
        routines: byName(objects.filter((o) => o.type in ROUTINE_KINDS).map((o) => this.routine(o))),
        synonyms: byName(this.synonyms(of('SN'))),
        userTypes: byName(types.map((t) => this.userType(t))),
      });
    }
    this.noteExcludedReferences(kept);
    return {
      formatVersion: CATALOG_FORMAT_VERSION,
      source: {
        dialect: 'mssql',
        productVersion: facts.productVersion,
        edition: facts.edition,
        engineEdition: facts.engineEdition,
        isAzure: facts.isAzure,
        isBabelfish: facts.isBabelfish,
        versionText: facts.versionText,
        database: facts.database,
        collation: facts.collation,
        compatibilityLevel: facts.compatibilityLevel,
        snapshotIsolation: facts.snapshotIsolation,
        readCommittedSnapshot: facts.readCommittedSnapshot,
      },
      filter: { include: [...this.filter.include], exclude: [...this.filter.exclude] },
      schemas: byName(schemas),
      notes: [...readNotes, ...this.notes].sort(
        (a, b) => compareNames(a.object, b.object) || compareNames(a.code, b.code) || compareNames(a.message, b.message),
      ),
    };
  }

  private schemaName(schemaId: number): string {
    return this.schemaNames.get(schemaId) ?? `schema#${schemaId}`;
  }

  private qualified(o: ObjectRow): string {
    return `${this.schemaName(o.schema_id)}.${o.name}`;
  }

  private keepsObject(o: ObjectRow): boolean {
    // Triggers travel with their table, table-type tables with their type.
    if (o.type === 'TR' || o.type === 'TT') return false;
    if (o.type === 'SO' && this.identitySequences.has(o.object_id)) return false;
    return this.matcher.keeps(this.schemaName(o.schema_id), o.name);
  }

  private note(severity: CatalogNote['severity'], code: string, object: string, message: string): void {
    this.notes.push({ severity, code, object, message });
  }

  private definition(o: ObjectRow, what: string): string | null {
    if (o.definition === null) {
      this.note('warning', 'DEFINITION_UNREADABLE', this.qualified(o), messageIn('en', 'catalogNote.definitionUnreadable', { what }));
    }
    return o.definition === null ? null : this.text(this.qualified(o), what, o.definition);
  }

  /** A definition as read; a run of '?' in one of its strings or bracketed names is noted as text probably lost on the way. */
  private text(object: string, what: string, definition: string): string {
    const lost = lostText(definition);
    if (lost !== undefined) {
      this.note(
        'warning',
        'DEFINITION_QUESTION_MARKS',
        object,
        messageIn('en', 'catalogNote.questionMarks', { what, lost }),
      );
    }
    return definition;
  }

  private table(o: ObjectRow): Table {
    const id = o.object_id;
    const columnRows = this.columns.get(id) ?? [];
    const columnName = new Map(columnRows.map((c) => [c.column_id, c.name]));
    const indexRows = (this.indexes.get(id) ?? []).map((index) => (this.babelfish ? { ...index, name: babelfishIndexName(index.name, o.name) } : index));
    const columnsOf = (index: IndexRow): CatalogRows['indexColumns'] => this.indexColumns.get(`${id}:${index.index_id}`) ?? [];
    const keyColumns = (index: IndexRow): KeyColumn[] =>
      columnsOf(index)
        .filter((ic) => !ic.is_included_column && (ic.key_ordinal > 0 || isColumnstore(index)))
        .sort((a, b) => a.key_ordinal - b.key_ordinal || a.index_column_id - b.index_column_id)
        .map((ic) => ({ name: columnName.get(ic.column_id) ?? `column#${ic.column_id}`, descending: ic.is_descending_key }));
    const includedColumns = (index: IndexRow): string[] =>
      columnsOf(index)
        .filter((ic) => ic.is_included_column)
        .sort((a, b) => a.index_column_id - b.index_column_id)
        .map((ic) => columnName.get(ic.column_id) ?? `column#${ic.column_id}`);
    const keyConstraint = (type: 'PK' | 'UQ'): KeyConstraint[] =>
      (this.keyConstraints.get(id) ?? [])
        .filter((k) => k.type === type)
        .flatMap((k) => {
          // Babelfish reports unique_index_id as a PostgreSQL OID: fall back to the backing index's flags and name.
          const index =
            indexRows.find((i) => i.index_id === k.index_id) ??
            indexRows.find((i) => (type === 'PK' ? i.is_primary_key : i.is_unique_constraint && i.name.toLowerCase() === k.name.toLowerCase()));
          const columns = index === undefined ? [] : keyColumns(index);
          if (columns.length === 0) {
            this.note('warning', 'KEY_UNREADABLE', `${this.qualified(o)}.${k.name}`, messageIn('en', 'catalogNote.keyUnreadable'));
            return [];
          }
          return [{ name: k.name, columns, clustered: index?.type === 1 }];
        });
    const [primaryKey] = keyConstraint('PK');
    const table: Table = {
      name: o.name,
      columns: columnRows.map((c) => this.column(c, `${this.qualified(o)}.${c.name}`)),
      ...(primaryKey === undefined ? {} : { primaryKey }),
      uniqueConstraints: byName(keyConstraint('UQ')),
      foreignKeys: byName(this.foreignKeys(id)),
      checks: byName(this.checks(o, columnName)),
      indexes: byName(indexRows.map((index) => this.index(index, keyColumns(index), includedColumns(index)))),
      triggers: byName(this.triggers(id)),
    };
    const fullText = this.fullTextIndex(o, columnName);
    if (fullText !== undefined) table.fullTextIndex = fullText;
    const comment = this.comments.get(`1:${id}:0`);
    if (comment !== undefined) table.comment = comment;
    const stats = this.stats(id);
    if (stats !== undefined) table.stats = stats;
    const attrs = this.tableAttrs(id);
    if (attrs !== undefined) table.attrs = attrs;
    return table;
  }

  private fullTextIndex(o: ObjectRow, columnName: ReadonlyMap<number, string>): FullTextIndex | undefined {
    const row = this.lookup.fullTextIndexes.get(o.object_id);
    if (row === undefined) return undefined;
    const columns = [...(this.fullTextColumns.get(o.object_id) ?? [])].sort((a, b) => a.column_id - b.column_id).map((c) => {
      const typeColumn = c.type_column_id === null ? undefined : columnName.get(c.type_column_id);
      return { name: columnName.get(c.column_id) ?? `column#${c.column_id}`, language: c.language_id, ...(typeColumn === undefined ? {} : { typeColumn }) };
    });
    if (columns.length === 0 || row.key_index === null) {
      this.note('warning', 'FULLTEXT_UNREADABLE', this.qualified(o), messageIn('en', 'catalogNote.fullTextUnreadable'));
      return undefined;
    }
    const tracking = row.change_tracking.toLowerCase();
    return {
      catalog: row.catalog_name,
      accentSensitive: row.is_accent_sensitivity_on,
      keyIndex: this.babelfish ? babelfishIndexName(row.key_index, o.name) : row.key_index,
      columns,
      enabled: row.is_enabled,
      changeTracking: tracking === 'manual' || tracking === 'off' ? tracking : 'auto',
      stoplist: row.stoplist_id === null ? null : row.stoplist_id === 0 ? 'system' : (row.stoplist_name ?? `stoplist#${row.stoplist_id}`),
    };
  }

  private column(c: ColumnRow, path: string): Column {
    const column: Column = { name: c.name, type: this.columnType(c), nullable: c.is_nullable };
    if (c.collation_name !== null) column.collation = c.collation_name;
    if (c.is_identity) {
      if (c.identity_seed === null || c.identity_increment === null) {
        this.note('warning', 'IDENTITY_SEED_UNKNOWN', path, messageIn('en', 'catalogNote.identitySeedUnknown'));
      }
      column.identity = { seed: c.identity_seed ?? '1', increment: c.identity_increment ?? '1', lastValue: c.identity_last };
    }
    if (c.is_computed) {
      const definition = this.computed.get(`${c.object_id}:${c.column_id}`)?.definition ?? null;
      if (definition === null) this.note('warning', 'DEFINITION_UNREADABLE', path, messageIn('en', 'catalogNote.computedUnreadable'));
      else column.computed = { expression: this.text(path, 'computed column', definition), persisted: c.computed_persisted === true };
    }
    const defaultRow = this.defaults.get(`${c.object_id}:${c.column_id}`);
    if (defaultRow?.definition != null) {
      column.default = { expression: this.text(path, 'default', defaultRow.definition), ...(defaultRow.name === null ? {} : { name: defaultRow.name }) };
    } else if (defaultRow !== undefined) {
      this.note('warning', 'DEFINITION_UNREADABLE', path, messageIn('en', 'catalogNote.defaultUnreadable', { name: defaultRow.name ?? '' }));
    }
    const comment = this.comments.get(`1:${c.object_id}:${c.column_id}`);
    if (comment !== undefined) column.comment = comment;
    const attrs = columnAttrs(c);
    if (attrs !== undefined) column.attrs = attrs;
    return column;
  }

  private columnType(c: ColumnRow): TypeRef {
    const type = typeRef(c.base_type_name, c.max_length, c.precision, c.scale);
    // Alias types and sysname keep the declared name next to the base type.
    return c.type_name !== c.base_type_name ? { ...type, alias: { schema: c.type_schema, name: c.type_name } } : type;
  }

  private index(index: IndexRow, columns: KeyColumn[], include: string[]): Index {
    return {
      name: index.name,
      kind: indexKind(index.type),
      unique: index.is_unique,
      clustered: index.type === 1 || index.type === 5,
      columns,
      include,
      ...(index.filter_definition === null ? {} : { filter: index.filter_definition }),
      enabled: !index.is_disabled,
      ...(index.is_primary_key ? { backs: 'primary_key' as const } : index.is_unique_constraint ? { backs: 'unique_constraint' as const } : {}),
    };
  }

  private foreignKeys(tableId: number): ForeignKey[] {
    return (this.foreignKeyRows.get(tableId) ?? []).map((fk) => {
        const columns = [...(this.foreignKeyColumns.get(fk.object_id) ?? [])].sort((a, b) => a.constraint_column_id - b.constraint_column_id);
        return {
          name: fk.name,
          columns: columns.map((c) => c.parent_column),
          references: { schema: fk.referenced_schema, table: fk.referenced_table, columns: columns.map((c) => c.referenced_column) },
          onDelete: ACTIONS[fk.delete_referential_action] ?? 'no_action',
          onUpdate: ACTIONS[fk.update_referential_action] ?? 'no_action',
          enabled: !fk.is_disabled,
          trusted: !fk.is_not_trusted,
        };
      });
  }

  private checks(table: ObjectRow, columnName: Map<number, string>): CheckConstraint[] {
    const checks: CheckConstraint[] = [];
    for (const row of this.checkRows.get(table.object_id) ?? []) {
      if (row.definition === null) {
        this.note('warning', 'DEFINITION_UNREADABLE', this.qualified(table), messageIn('en', 'catalogNote.checkUnreadable', { name: row.name }));
        continue;
      }
      const column = row.parent_column_id === 0 ? undefined : columnName.get(row.parent_column_id);
      const expression = this.text(`${this.qualified(table)}.${row.name}`, 'check constraint', row.definition);
      checks.push({ name: row.name, expression, ...(column === undefined ? {} : { column }), enabled: !row.is_disabled, trusted: !row.is_not_trusted });
    }
    return checks;
  }

  private triggers(tableId: number): Trigger[] {
    return (this.triggerRows.get(tableId) ?? []).map((t) => {
      const object = this.objects.get(t.object_id);
      const fired = new Set((this.triggerEvents.get(t.object_id) ?? []).map((e) => e.event.toLowerCase()));
      const events = (['insert', 'update', 'delete'] as const).filter((e) => fired.has(e));
      if (events.length === 0 && object !== undefined) {
        this.note('warning', 'TRIGGER_EVENTS_UNKNOWN', this.qualified(object), messageIn('en', 'catalogNote.triggerEventsUnknown'));
      }
      return {
        name: t.name,
        timing: t.is_instead_of_trigger ? 'instead_of' : 'after',
        events: events.length === 0 ? ['insert', 'update', 'delete'] : events,
        enabled: !t.is_disabled,
        definition: object === undefined ? null : this.definition(object, 'trigger'),
      };
    });
  }

  private stats(tableId: number): TableStats | undefined {
    const size = this.lookup.sizes.get(tableId);
    const exact = this.lookup.exactCounts.get(tableId);
    if (size === undefined && exact === undefined) return undefined;
    return {
      rows: Number(exact?.rows ?? size?.rows ?? 0),
      rowsExact: exact !== undefined,
      dataBytes: Number(size?.data_pages ?? 0) * PAGE_BYTES,
      lobBytes: Number(size?.lob_pages ?? 0) * PAGE_BYTES,
    };
  }

  private tableAttrs(tableId: number): MssqlTableAttrs | undefined {
    const row = this.lookup.tables.get(tableId);
    if (row === undefined) return undefined;
    const attrs: MssqlTableAttrs = {};
    const history = row.history_table_id === null ? undefined : this.objects.get(row.history_table_id);
    if (row.temporal_type === 2 && history !== undefined) attrs.temporalHistory = { schema: this.schemaName(history.schema_id), name: history.name };
    if (row.temporal_type === 1) attrs.isTemporalHistory = true;
    if (row.is_memory_optimized === true) attrs.memoryOptimized = true;
    if (row.partitioned === true) attrs.partitioned = true;
    if (row.is_filetable === true) attrs.fileTable = true;
    if (row.filestream_group !== null) attrs.fileStreamGroup = row.filestream_group;
    if (row.is_heap) attrs.heap = true;
    return Object.keys(attrs).length === 0 ? undefined : attrs;
  }

  private view(o: ObjectRow): View {
    const row = this.lookup.views.get(o.object_id);
    const references: ObjectRef[] = (this.dependencies.get(o.object_id) ?? [])
      .map((d) => ({ schema: d.referenced_schema, name: d.referenced_name }))
      .sort((a, b) => compareNames(a.schema, b.schema) || compareNames(a.name, b.name));
    const view: View = {
      name: o.name,
      definition: this.definition(o, 'view'),
      columns: (this.columns.get(o.object_id) ?? []).map((c) => {
        const comment = this.comments.get(`1:${o.object_id}:${c.column_id}`);
        return { name: c.name, type: this.columnType(c), nullable: c.is_nullable, ...(comment === undefined ? {} : { comment }) };
      }),
      schemaBound: row?.is_schema_bound === true,
      references,
    };
    const comment = this.comments.get(`1:${o.object_id}:0`);
    if (comment !== undefined) view.comment = comment;
    return view;
  }

  private sequences(objects: readonly ObjectRow[]): Sequence[] {
    return objects.flatMap((o) => {
      const s = this.lookup.sequences.get(o.object_id);
      if (s === undefined) {
        if (this.rows.sequences === null) return []; // Already noted: the server has no sys.sequences.
        this.note('warning', 'SEQUENCE_UNREADABLE', this.qualified(o), messageIn('en', 'catalogNote.sequenceUnreadable'));
        return [];
      }
      return [
        {
          name: o.name,
          type: typeRef(s.type_name, 0, s.precision, s.scale),
          start: s.start_value,
          increment: s.increment,
          minValue: s.minimum_value,
          maxValue: s.maximum_value,
          cycle: s.is_cycling,
          cache: s.is_cached ? s.cache_size : 0,
          current: s.current_value,
        },
      ];
    });
  }

  private routine(o: ObjectRow): Routine {
    const kind = ROUTINE_KINDS[o.type] ?? 'procedure';
    const clr = kind === 'clr_procedure' || kind === 'clr_function' || kind === 'aggregate';
    const routine: Routine = { name: o.name, kind, definition: clr ? null : this.definition(o, kind.replace(/_/g, ' ')) };
    const comment = this.comments.get(`1:${o.object_id}:0`);
    if (comment !== undefined) routine.comment = comment;
    return routine;
  }

  private synonyms(objects: readonly ObjectRow[]): { name: string; target: string }[] {
    return objects.map((o) => ({ name: o.name, target: this.lookup.synonyms.get(o.object_id)?.base_object_name ?? '' }));
  }

  private userType(t: CatalogRows['userTypes'][number]): UserType {
    const qualified = `${this.schemaName(t.schema_id)}.${t.name}`;
    if (t.is_table_type) {
      const columns = t.type_table_object_id === null ? [] : (this.columns.get(t.type_table_object_id) ?? []);
      return { name: t.name, kind: 'table', columns: columns.map((c) => this.column(c, `${qualified}.${c.name}`)) };
    }
    if (t.is_assembly_type) return { name: t.name, kind: 'clr' };
    return { name: t.name, kind: 'alias', base: typeRef(t.base_type_name, t.max_length, t.precision, t.scale), nullable: t.is_nullable };
  }

  /** A kept object that points at an object the filter removed leaves a note on the kept side. */
  private noteExcludedReferences(kept: readonly ObjectRow[]): void {
    const keptIds = new Set(kept.map((o) => o.object_id));
    for (const fk of this.rows.foreignKeys) {
      const parent = this.objects.get(fk.parent_object_id);
      if (parent === undefined || !keptIds.has(parent.object_id) || keptIds.has(fk.referenced_object_id)) continue;
      this.note(
        'warning',
        'EXCLUDED_REFERENCE',
        this.qualified(parent),
        messageIn('en', 'catalogNote.excludedForeignKey', { name: fk.name, table: `${fk.referenced_schema}.${fk.referenced_table}` }),
      );
    }
    const keptNames = new Set(kept.map((o) => this.qualified(o)));
    const allNames = new Set(this.rows.objects.map((o) => this.qualified(o)));
    for (const d of this.rows.dependencies ?? []) {
      const view = this.objects.get(d.referencing_id);
      const target = `${d.referenced_schema}.${d.referenced_name}`;
      if (view === undefined || !keptIds.has(view.object_id) || keptNames.has(target) || !allNames.has(target)) continue;
      this.note('warning', 'EXCLUDED_REFERENCE', this.qualified(view), messageIn('en', 'catalogNote.excludedReference', { target }));
    }
  }
}

/** Lengths in characters for character types (n-types store 2 bytes a character), bytes for binary. */
export function typeRef(baseName: string, maxLength: number, precision: number, scale: number): TypeRef {
  const name = baseName.toLowerCase() === 'timestamp' ? 'rowversion' : baseName.toLowerCase();
  switch (name) {
    case 'sysname':
      // sysname is nvarchar(128); Babelfish reports it as a base type of its own.
      return { name: 'nvarchar', length: 128 };
    case 'char':
    case 'varchar':
    case 'binary':
    case 'varbinary':
      return { name, length: maxLength === -1 ? 'max' : maxLength };
    case 'nchar':
    case 'nvarchar':
      return { name, length: maxLength === -1 ? 'max' : maxLength / 2 };
    case 'decimal':
    case 'numeric':
      return { name, precision, scale };
    case 'datetime2':
    case 'time':
    case 'datetimeoffset':
      return { name, scale };
    default:
      return { name };
  }
}

function columnAttrs(c: ColumnRow): MssqlColumnAttrs | undefined {
  const attrs: MssqlColumnAttrs = {};
  if (c.is_sparse === true) attrs.sparse = true;
  if (c.is_column_set === true) attrs.columnSet = true;
  if (c.is_rowguidcol === true) attrs.rowGuid = true;
  if (c.is_filestream === true) attrs.fileStream = true;
  if (c.is_hidden === true) attrs.hidden = true;
  const generated = c.generated_always_type === null ? undefined : GENERATED_ALWAYS[c.generated_always_type];
  if (generated !== undefined) attrs.generatedAlways = generated;
  if (c.xml_collection_name !== null && c.xml_collection_schema !== null) attrs.xmlSchemaCollection = { schema: c.xml_collection_schema, name: c.xml_collection_name };
  if (c.encryption_type !== null) attrs.encrypted = true;
  if (c.is_masked === true) attrs.masked = c.masking_function ?? '';
  return Object.keys(attrs).length === 0 ? undefined : attrs;
}

function isColumnstore(index: IndexRow): boolean {
  return index.type === 5 || index.type === 6;
}

function indexKind(type: number): Index['kind'] {
  switch (type) {
    case 3:
      return 'xml';
    case 4:
      return 'spatial';
    case 5:
    case 6:
      return 'columnstore';
    case 7:
      return 'hash';
    default:
      return 'rowstore';
  }
}

function byName<T extends { name: string }>(items: T[]): T[] {
  return items.sort((a, b) => compareNames(a.name, b.name));
}

/**
 * The first string literal or bracketed name of a T-SQL text that holds a run of '?' (comments are
 * skipped): what non-ASCII text becomes when a server sends a definition through a code page that
 * lacks its characters. Shortened for a message; undefined when there is none.
 */
export function lostText(definition: string): string | undefined {
  for (const match of definition.matchAll(/--[^\n]*|\/\*[\s\S]*?\*\/|N?'(?:[^']|'')*'|\[(?:[^\]]|\]\])*\]/g)) {
    const token = match[0];
    if (!token.startsWith('-') && !token.startsWith('/') && /\?{2,}/.test(token)) return token.length > 40 ? `${token.slice(0, 37)}...` : token;
  }
  return undefined;
}
