/**
 * plan.json: everything the later stages need, reviewable and deterministic. Per column: source and
 * target name and type, the rule that chose it (file:line), the read expression and encoder the copy
 * uses, declared losses. Statements carry the DDL in execution order, grouped in steps that
 * `migrate apply` runs (steps marked parallel run their statements concurrently).
 */
import { z } from 'zod';

export const PLAN_FORMAT_VERSION = 1;

const QualifiedName = z.strictObject({ schema: z.string(), name: z.string() });

export const PlanIssue = z.strictObject({
  /** error: blocks apply; warning: needs review; info: for the record. */
  severity: z.enum(['error', 'warning', 'info']),
  code: z.string(),
  object: z.string(),
  message: z.string(),
  hint: z.string().optional(),
});

export const PlanColumn = z.strictObject({
  source: z.strictObject({ name: z.string(), type: z.string(), nullable: z.boolean(), collation: z.string().optional() }),
  target: z.strictObject({ name: z.string(), type: z.string(), nullable: z.boolean(), collation: z.string().optional() }),
  rule: z.strictObject({ id: z.string(), file: z.string(), line: z.number().int() }).nullable(),
  /** T-SQL expression the copy selects. */
  read: z.string(),
  encoder: z.string(),
  /** False for generated columns, which PostgreSQL computes itself. */
  copied: z.boolean(),
  /**
   * Set for columns of values of any size ((n)varchar(max), varbinary(max), text, ntext, image, xml):
   * values over 1 MB are read in pieces (of bytes or of characters) and written as they arrive.
   * `limit`: the most bytes the target column holds (bytea and text: 1 GB); null for large objects.
   */
  large: z.strictObject({ pieces: z.enum(['bytes', 'characters']), limit: z.number().int().positive().nullable() }).optional(),
  losses: z.array(z.string()),
  /** What an application's queries on this column see differently from SQL Server (collations, citext). */
  queryDifferences: z.array(z.string()).optional(),
  identity: z.strictObject({ start: z.string(), increment: z.string(), lastValue: z.string().nullable() }).optional(),
  default: z.strictObject({ source: z.string(), target: z.string().nullable() }).optional(),
  computed: z.strictObject({ source: z.string(), persisted: z.boolean(), target: z.string().nullable() }).optional(),
});

export const PlanTable = z.strictObject({
  source: QualifiedName,
  target: QualifiedName,
  columns: z.array(PlanColumn),
  /**
   * The key the copy chunks on and verify compares on (primary key, else a unique not-null key), with
   * each column's source base type so key boundaries can be written as exact T-SQL literals.
   */
  key: z.array(z.strictObject({ source: z.string(), target: z.string(), sourceType: z.string() })),
  rows: z.number().int().nonnegative().nullable(),
  bytes: z.number().int().nonnegative().nullable(),
  /**
   * The table's full-text index as PostgreSQL searches it: its key (CONTAINSTABLE's KEY) and the
   * columns with a GIN index on their search vector, each in its text search configuration.
   */
  fullText: z
    .strictObject({
      key: z.strictObject({ source: z.string(), target: z.string() }),
      columns: z.array(z.strictObject({ source: z.string(), target: z.string(), config: z.string() })),
    })
    .optional(),
});

export const PlanStep = z.enum([
  'schemas',
  'extensions',
  'collations',
  'sequences',
  'tables',
  'primary-keys',
  'unique-constraints',
  'indexes',
  'checks',
  'foreign-keys',
  'validate',
  'identity',
  'sequence-values',
  'routines',
  'views',
  'table-functions',
  'triggers',
  'comments',
  'analyze',
]);

export const PlanStatement = z.strictObject({
  /** Stable id, unique in the plan: apply records it once done. */
  id: z.string(),
  phase: z.enum(['pre-data', 'post-data']),
  step: PlanStep,
  object: z.string(),
  sql: z.string(),
});

export const PlanTranslation = z.strictObject({
  object: z.string(),
  kind: z.enum(['default', 'check', 'computed', 'filter', 'view']),
  /** exact: same result as in SQL Server; review: translated, but a semantic difference is noted. */
  confidence: z.enum(['exact', 'review']),
  notes: z.array(z.string()),
});

export const ManualItem = z.strictObject({
  object: z.string(),
  kind: z.string(),
  reason: z.string(),
  /** The original T-SQL. */
  original: z.string(),
});

export const InventoryItem = z.strictObject({
  object: z.string(),
  kind: z.string(),
  lines: z.number().int(),
  /** 1 (trivial) .. 5 (rewrite by hand); rough, from the constructs found. */
  difficulty: z.number().int().min(1).max(5),
  constructs: z.array(z.string()),
});

export const PlanRoutineConstruct = z.strictObject({
  /** Key of the construct table (src/translate/constructs.ts). */
  construct: z.string(),
  confidence: z.enum(['exact', 'review', 'refused']),
  line: z.number().int(),
  col: z.number().int(),
  reason: z.string(),
});

export const PlanRoutine = z.strictObject({
  object: z.string(),
  kind: z.string(),
  /** The PostgreSQL object (schema.name), or null when refused. */
  target: z.string().nullable(),
  /** What it became: procedure, function returning rows, function, table function, trigger function. */
  shape: z.string().nullable(),
  /** exact: behaves as the original; review: converted, a construct needs a look; refused: in manual.sql. */
  confidence: z.enum(['exact', 'review', 'refused']),
  lines: z.number().int().nonnegative(),
  /** Constructs that need review or were refused, each with its position in the definition. */
  constructs: z.array(PlanRoutineConstruct),
  /** Estimated hours of a DBA's work: reviewing a conversion or porting by hand. */
  effortHours: z.number().nonnegative(),
});

export const Plan = z.strictObject({
  formatVersion: z.literal(PLAN_FORMAT_VERSION),
  source: z.strictObject({ database: z.string(), server: z.string(), isBabelfish: z.boolean() }),
  /** Major version of the PostgreSQL the plan was made for (collation choices and some DDL depend on it). */
  targetVersion: z.number().int(),
  mappings: z.array(z.strictObject({ file: z.string(), sha256: z.string() })),
  names: z.strictObject({ policy: z.enum(['preserve', 'lower', 'snake']), caseInsensitive: z.enum(['auto', 'icu', 'citext', 'ignore']) }),
  schemas: z.array(z.strictObject({ source: z.string(), target: z.string() })),
  /** ICU collations the plan creates in the ms2pg schema; nondeterministic ones refuse LIKE before PostgreSQL 18. */
  collations: z.array(z.strictObject({ name: z.string(), locale: z.string(), deterministic: z.boolean() })),
  /** In foreign-key order: referenced tables first. */
  tables: z.array(PlanTable),
  statements: z.array(PlanStatement),
  /** Every translated expression and view, with its confidence. */
  translations: z.array(PlanTranslation),
  manual: z.array(ManualItem),
  /** Every procedure, function and trigger: what it became, how sure, and the effort left. */
  routines: z.array(PlanRoutine),
  inventory: z.array(InventoryItem),
  issues: z.array(PlanIssue),
});

export type PlanIssue = z.infer<typeof PlanIssue>;
export type PlanColumn = z.infer<typeof PlanColumn>;
export type PlanTable = z.infer<typeof PlanTable>;
export type PlanStep = z.infer<typeof PlanStep>;
export type PlanStatement = z.infer<typeof PlanStatement>;
export type ManualItem = z.infer<typeof ManualItem>;
export type PlanTranslation = z.infer<typeof PlanTranslation>;
export type InventoryItem = z.infer<typeof InventoryItem>;
export type PlanRoutine = z.infer<typeof PlanRoutine>;
export type PlanRoutineConstruct = z.infer<typeof PlanRoutineConstruct>;
export type Plan = z.infer<typeof Plan>;

/** Steps whose statements are independent and may run concurrently. */
export const PARALLEL_STEPS: ReadonlySet<PlanStep> = new Set(['primary-keys', 'unique-constraints', 'indexes', 'checks', 'validate', 'analyze']);
