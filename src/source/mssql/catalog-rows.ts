/**
 * Typed rows of the sys.* catalog queries (catalog-queries.ts). Names are cast to nvarchar in SQL
 * because some TDS servers send sysname as varchar, which turns non-ASCII names into '?'.
 * These interfaces are also the shape of the recorded rows that the unit tests feed to assembly.
 */
export interface SchemaRow {
  schema_id: number;
  name: string;
  has_objects: boolean;
}

export interface ObjectRow {
  object_id: number;
  schema_id: number;
  name: string;
  /** sys.objects.type, trimmed: U, V, P, FN, IF, TF, PC, FS, FT, AF, SO, SN, TR. */
  type: string;
  /** OBJECT_DEFINITION for modules; null when unreadable or not a module. */
  definition: string | null;
}

export interface TableRow {
  object_id: number;
  temporal_type: number | null;
  history_table_id: number | null;
  is_memory_optimized: boolean | null;
  is_filetable: boolean | null;
  /** The FILESTREAM file group's name, when the table has FILESTREAM data. */
  filestream_group: string | null;
  partitioned: boolean | null;
  is_heap: boolean;
}

export interface ColumnRow {
  object_id: number;
  column_id: number;
  name: string;
  /** Declared type (alias name for alias types). */
  type_name: string;
  type_schema: string;
  /** Base system type (nvarchar for sysname and alias types; geometry etc. for CLR types). */
  base_type_name: string;
  max_length: number;
  precision: number;
  scale: number;
  is_nullable: boolean;
  collation_name: string | null;
  is_identity: boolean;
  is_computed: boolean;
  is_sparse: boolean | null;
  is_column_set: boolean | null;
  is_rowguidcol: boolean | null;
  is_filestream: boolean | null;
  is_hidden: boolean | null;
  generated_always_type: number | null;
  is_masked: boolean | null;
  masking_function: string | null;
  encryption_type: number | null;
  xml_collection_schema: string | null;
  xml_collection_name: string | null;
  identity_seed: string | null;
  identity_increment: string | null;
  identity_last: string | null;
  computed_persisted: boolean | null;
}

/** A computed column's or a default constraint's expression. */
export interface ColumnExpressionRow {
  object_id: number;
  column_id: number;
  /** Constraint name (defaults only). */
  name: string | null;
  /** null when the server could not give it. */
  definition: string | null;
}

export interface KeyConstraintRow {
  object_id: number;
  name: string;
  /** PK or UQ. */
  type: string;
  index_id: number;
}

export interface IndexRow {
  object_id: number;
  index_id: number;
  name: string;
  /** sys.indexes.type: 1 clustered, 2 nonclustered, 3 xml, 4 spatial, 5/6 columnstore, 7 hash. */
  type: number;
  is_unique: boolean;
  is_primary_key: boolean;
  is_unique_constraint: boolean;
  filter_definition: string | null;
  is_disabled: boolean;
}

export interface IndexColumnRow {
  object_id: number;
  index_id: number;
  column_id: number;
  key_ordinal: number;
  index_column_id: number;
  is_descending_key: boolean;
  is_included_column: boolean;
}

export interface ForeignKeyRow {
  object_id: number;
  parent_object_id: number;
  name: string;
  referenced_schema: string;
  referenced_table: string;
  referenced_object_id: number;
  delete_referential_action: number;
  update_referential_action: number;
  is_disabled: boolean;
  is_not_trusted: boolean;
}

export interface ForeignKeyColumnRow {
  constraint_object_id: number;
  constraint_column_id: number;
  parent_column: string;
  referenced_column: string;
}

export interface CheckRow {
  object_id: number;
  parent_object_id: number;
  parent_column_id: number;
  name: string;
  definition: string | null;
  is_disabled: boolean;
  is_not_trusted: boolean;
}

export interface TriggerRow {
  object_id: number;
  parent_id: number;
  name: string;
  is_disabled: boolean;
  is_instead_of_trigger: boolean;
}

export interface TriggerEventRow {
  object_id: number;
  /** INSERT, UPDATE or DELETE. */
  event: string;
}

export interface FullTextIndexRow {
  object_id: number;
  catalog_name: string;
  is_accent_sensitivity_on: boolean;
  /** The unique index that is the full-text key; null if it could not be found. */
  key_index: string | null;
  is_enabled: boolean;
  /** AUTO, MANUAL or OFF. */
  change_tracking: string;
  /** 0: the system stoplist; null: STOPLIST OFF. */
  stoplist_id: number | null;
  stoplist_name: string | null;
}

export interface FullTextColumnRow {
  object_id: number;
  column_id: number;
  /** LCID: 1049 Russian, 1033 English, 0 neutral. */
  language_id: number;
  type_column_id: number | null;
}

export interface ViewRow {
  object_id: number;
  is_schema_bound: boolean | null;
}

export interface DependencyRow {
  referencing_id: number;
  referenced_schema: string;
  referenced_name: string;
}

export interface SequenceRow {
  object_id: number;
  type_name: string;
  precision: number;
  scale: number;
  start_value: string;
  increment: string;
  minimum_value: string;
  maximum_value: string;
  is_cycling: boolean;
  cache_size: number | null;
  is_cached: boolean;
  /** Last value handed out (last_used_value on 2017+, current_value on 2016). */
  current_value: string | null;
}

export interface SynonymRow {
  object_id: number;
  base_object_name: string;
}

export interface UserTypeRow {
  user_type_id: number;
  schema_id: number;
  name: string;
  base_type_name: string;
  max_length: number;
  precision: number;
  scale: number;
  is_nullable: boolean;
  is_table_type: boolean;
  is_assembly_type: boolean;
  /** For table types: the object whose columns are the type's columns. */
  type_table_object_id: number | null;
}

export interface CommentRow {
  /** 1: object or column; 3: schema. */
  class: number;
  major_id: number;
  minor_id: number;
  value: string;
}

export interface SizeRow {
  object_id: number;
  rows: string;
  data_pages: string;
  lob_pages: string;
}

export interface ExactCountRow {
  object_id: number;
  rows: string;
}

/** Everything introspection reads, before filtering and assembly. */
export interface CatalogRows {
  schemas: SchemaRow[];
  objects: ObjectRow[];
  tables: TableRow[];
  columns: ColumnRow[];
  computed: ColumnExpressionRow[];
  defaults: ColumnExpressionRow[];
  keyConstraints: KeyConstraintRow[];
  indexes: IndexRow[];
  indexColumns: IndexColumnRow[];
  foreignKeys: ForeignKeyRow[];
  foreignKeyColumns: ForeignKeyColumnRow[];
  checks: CheckRow[];
  triggers: TriggerRow[];
  triggerEvents: TriggerEventRow[];
  views: ViewRow[];
  fullTextIndexes: FullTextIndexRow[];
  fullTextColumns: FullTextColumnRow[];
  dependencies: DependencyRow[] | null;
  sequences: SequenceRow[] | null;
  synonyms: SynonymRow[];
  userTypes: UserTypeRow[];
  comments: CommentRow[];
  /** null when sizes could not be read (permissions or server support). */
  sizes: SizeRow[] | null;
  exactCounts: ExactCountRow[] | null;
}
