/**
 * The catalog: a database-neutral model of the source database, pure data. Facts that only SQL
 * Server has live in typed `attrs`. The zod schemas are the single definition: TypeScript types are
 * inferred from them and docs/schema/catalog.schema.json is generated from them.
 *
 * Conventions: names are exactly as in the source (case and all); lists are in a deterministic order
 * chosen by the reader (columns by ordinal, everything else by name); numbers that may exceed 2^53
 * (identity and sequence values) are decimal strings; lengths are in characters for character types
 * and in bytes for binary types; for temporal types `scale` is the number of fractional-second digits.
 */
import { z } from 'zod';

export const CATALOG_FORMAT_VERSION = 1;

const Name = z.string().min(1);
/** Exact decimal integer or decimal number as text (identity seeds, sequence bounds). */
const DecimalText = z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal number as text');
const Count = z.number().int().nonnegative();

export const ObjectRef = z.strictObject({ schema: Name, name: Name });

export const TypeRef = z.strictObject({
  /** Base type name in the source dialect, lower case (`nvarchar`, `decimal`, `datetime2`). */
  name: Name,
  /** Characters for character types, bytes for binary types; `max` for (n)varchar(max)/varbinary(max). */
  length: z.union([Count, z.literal('max')]).optional(),
  precision: Count.optional(),
  scale: Count.optional(),
  /** The user-defined alias type the column was declared with, when it was. */
  alias: ObjectRef.optional(),
});

export const Identity = z.strictObject({
  seed: DecimalText,
  increment: DecimalText,
  /** The last value handed out; null when none has been (or the server does not say). */
  lastValue: DecimalText.nullable(),
});

export const MssqlColumnAttrs = z.strictObject({
  sparse: z.literal(true).optional(),
  columnSet: z.literal(true).optional(),
  rowGuid: z.literal(true).optional(),
  fileStream: z.literal(true).optional(),
  /** Temporal tables: hidden period columns. */
  hidden: z.literal(true).optional(),
  generatedAlways: z.enum(['row_start', 'row_end', 'transaction_id_start', 'transaction_id_end', 'sequence_number_start', 'sequence_number_end']).optional(),
  xmlSchemaCollection: ObjectRef.optional(),
  /** Always Encrypted / dynamic data masking show up here so the report can flag them. */
  encrypted: z.literal(true).optional(),
  masked: z.string().optional(),
});

export const Column = z.strictObject({
  name: Name,
  type: TypeRef,
  nullable: z.boolean(),
  collation: Name.optional(),
  identity: Identity.optional(),
  computed: z.strictObject({ expression: z.string(), persisted: z.boolean() }).optional(),
  default: z.strictObject({ expression: z.string(), name: Name.optional() }).optional(),
  comment: z.string().optional(),
  attrs: MssqlColumnAttrs.optional(),
});

export const KeyColumn = z.strictObject({ name: Name, descending: z.boolean() });

export const KeyConstraint = z.strictObject({
  name: Name,
  columns: z.array(KeyColumn).min(1),
  clustered: z.boolean(),
});

export const ReferentialAction = z.enum(['no_action', 'cascade', 'set_null', 'set_default']);

export const ForeignKey = z.strictObject({
  name: Name,
  columns: z.array(Name).min(1),
  references: z.strictObject({ schema: Name, table: Name, columns: z.array(Name).min(1) }),
  onDelete: ReferentialAction,
  onUpdate: ReferentialAction,
  enabled: z.boolean(),
  /** False when the constraint was enabled WITH NOCHECK: existing rows were never checked. */
  trusted: z.boolean(),
});

export const CheckConstraint = z.strictObject({
  name: Name,
  expression: z.string(),
  /** Set for a column-level check. */
  column: Name.optional(),
  enabled: z.boolean(),
  trusted: z.boolean(),
});

export const Index = z.strictObject({
  name: Name,
  kind: z.enum(['rowstore', 'columnstore', 'xml', 'spatial', 'hash']),
  unique: z.boolean(),
  clustered: z.boolean(),
  columns: z.array(KeyColumn),
  /** INCLUDE columns, kept apart from the key. */
  include: z.array(Name),
  filter: z.string().optional(),
  enabled: z.boolean(),
  /** Set when the index exists to back a PRIMARY KEY or UNIQUE constraint of the same name. */
  backs: z.enum(['primary_key', 'unique_constraint']).optional(),
});

export const Trigger = z.strictObject({
  name: Name,
  timing: z.enum(['after', 'instead_of']),
  events: z.array(z.enum(['insert', 'update', 'delete'])).min(1),
  enabled: z.boolean(),
  /** null when the definition could not be read (no VIEW DEFINITION, or encrypted). */
  definition: z.string().nullable(),
});

export const TableStats = z.strictObject({
  rows: Count,
  /** False when `rows` is the catalog estimate rather than COUNT_BIG(*). */
  rowsExact: z.boolean(),
  dataBytes: Count,
  lobBytes: Count,
});

export const MssqlTableAttrs = z.strictObject({
  /** System-versioned temporal table and its history table. */
  temporalHistory: ObjectRef.optional(),
  isTemporalHistory: z.literal(true).optional(),
  memoryOptimized: z.literal(true).optional(),
  partitioned: z.literal(true).optional(),
  fileTable: z.literal(true).optional(),
  /** The file group holding the table's FILESTREAM data (its columns carry attrs.fileStream). */
  fileStreamGroup: Name.optional(),
  /** A heap: no clustered index. */
  heap: z.literal(true).optional(),
});

/**
 * A table's full-text index (SQL Server allows one). Searches are made with CONTAINS, FREETEXT and
 * their table-valued forms; each column has its own word breaker and stemmer, by language.
 */
export const FullTextIndex = z.strictObject({
  /** The full-text catalog it belongs to (SQL Server keeps the index there; PostgreSQL with the table). */
  catalog: Name,
  /** Whether the catalog's searches tell accented letters apart (ACCENT_SENSITIVITY). */
  accentSensitive: z.boolean(),
  /** The unique single-column index that is the full-text key (CONTAINSTABLE's KEY column). */
  keyIndex: Name,
  columns: z
    .array(
      z.strictObject({
        name: Name,
        /** LCID of the column's word breaker and stemmer: 1049 Russian, 1033 English, 0 neutral. */
        language: Count,
        /** For binary documents: the column holding each document's file extension (TYPE COLUMN). */
        typeColumn: Name.optional(),
      }),
    )
    .min(1),
  enabled: z.boolean(),
  changeTracking: z.enum(['auto', 'manual', 'off']),
  /** `system`, a user stoplist's name, or null when no stop words are removed (STOPLIST OFF). */
  stoplist: z.string().nullable(),
});

export const Table = z.strictObject({
  name: Name,
  columns: z.array(Column).min(1),
  primaryKey: KeyConstraint.optional(),
  uniqueConstraints: z.array(KeyConstraint),
  foreignKeys: z.array(ForeignKey),
  checks: z.array(CheckConstraint),
  indexes: z.array(Index),
  triggers: z.array(Trigger),
  fullTextIndex: FullTextIndex.optional(),
  comment: z.string().optional(),
  stats: TableStats.optional(),
  attrs: MssqlTableAttrs.optional(),
});

export const ViewColumn = z.strictObject({ name: Name, type: TypeRef, nullable: z.boolean(), comment: z.string().optional() });

export const View = z.strictObject({
  name: Name,
  /** The full CREATE VIEW text; null when it could not be read. */
  definition: z.string().nullable(),
  columns: z.array(ViewColumn),
  schemaBound: z.boolean(),
  /** Objects the definition references (for ordering views after what they read). */
  references: z.array(ObjectRef),
  comment: z.string().optional(),
});

export const Sequence = z.strictObject({
  name: Name,
  type: TypeRef,
  start: DecimalText,
  increment: DecimalText,
  minValue: DecimalText,
  maxValue: DecimalText,
  cycle: z.boolean(),
  cache: Count.nullable(),
  /** The last value handed out; null when the sequence was never used or the server does not say. */
  current: DecimalText.nullable(),
});

export const Routine = z.strictObject({
  name: Name,
  kind: z.enum(['procedure', 'scalar_function', 'inline_table_function', 'table_function', 'clr_procedure', 'clr_function', 'aggregate']),
  definition: z.string().nullable(),
  comment: z.string().optional(),
});

export const Synonym = z.strictObject({
  name: Name,
  /** The base object name as written in CREATE SYNONYM (may be 1- to 4-part). */
  target: z.string(),
});

export const UserType = z.strictObject({
  name: Name,
  kind: z.enum(['alias', 'table', 'clr']),
  /** Alias types: the base type and nullability they add. */
  base: TypeRef.optional(),
  nullable: z.boolean().optional(),
  /** Table types: their columns. */
  columns: z.array(Column).optional(),
});

export const Schema = z.strictObject({
  name: Name,
  comment: z.string().optional(),
  tables: z.array(Table),
  views: z.array(View),
  sequences: z.array(Sequence),
  routines: z.array(Routine),
  synonyms: z.array(Synonym),
  userTypes: z.array(UserType),
});

export const SourceServer = z.strictObject({
  dialect: z.literal('mssql'),
  productVersion: z.string(),
  edition: z.string().nullable(),
  engineEdition: z.number().int().nullable(),
  isAzure: z.boolean(),
  /** Babelfish for PostgreSQL speaks TDS but differs from SQL Server in known ways. */
  isBabelfish: z.boolean(),
  versionText: z.string(),
  database: Name,
  collation: z.string().nullable(),
  compatibilityLevel: z.number().int().nullable(),
  snapshotIsolation: z.string().nullable(),
  readCommittedSnapshot: z.boolean().nullable(),
});

export const CatalogNote = z.strictObject({
  severity: z.enum(['info', 'warning']),
  code: Name,
  /** `schema.object` the note is about. */
  object: z.string(),
  message: z.string(),
});

export const Catalog = z.strictObject({
  formatVersion: z.literal(CATALOG_FORMAT_VERSION),
  source: SourceServer,
  /** Include/exclude patterns the catalog was read with. */
  filter: z.strictObject({ include: z.array(z.string()), exclude: z.array(z.string()) }),
  schemas: z.array(Schema),
  notes: z.array(CatalogNote),
});

export type ObjectRef = z.infer<typeof ObjectRef>;
export type TypeRef = z.infer<typeof TypeRef>;
export type Identity = z.infer<typeof Identity>;
export type MssqlColumnAttrs = z.infer<typeof MssqlColumnAttrs>;
export type Column = z.infer<typeof Column>;
export type KeyColumn = z.infer<typeof KeyColumn>;
export type KeyConstraint = z.infer<typeof KeyConstraint>;
export type ReferentialAction = z.infer<typeof ReferentialAction>;
export type ForeignKey = z.infer<typeof ForeignKey>;
export type CheckConstraint = z.infer<typeof CheckConstraint>;
export type Index = z.infer<typeof Index>;
export type Trigger = z.infer<typeof Trigger>;
export type TableStats = z.infer<typeof TableStats>;
export type FullTextIndex = z.infer<typeof FullTextIndex>;
export type MssqlTableAttrs = z.infer<typeof MssqlTableAttrs>;
export type Table = z.infer<typeof Table>;
export type ViewColumn = z.infer<typeof ViewColumn>;
export type View = z.infer<typeof View>;
export type Sequence = z.infer<typeof Sequence>;
export type Routine = z.infer<typeof Routine>;
export type Synonym = z.infer<typeof Synonym>;
export type UserType = z.infer<typeof UserType>;
export type Schema = z.infer<typeof Schema>;
export type SourceServer = z.infer<typeof SourceServer>;
export type CatalogNote = z.infer<typeof CatalogNote>;
export type Catalog = z.infer<typeof Catalog>;
