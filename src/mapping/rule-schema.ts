/**
 * Mapping files (mappings/*.yaml): type rules, identifier policy and collation handling. The zod
 * schema is the single definition: types, validation (with file:line, see load.ts) and the shipped
 * JSON Schema mappings/mapping.schema.json.
 */
import { z } from 'zod';
import { language } from '../i18n/index.js';

const Range = z
  .strictObject({ min: z.number().int().optional(), max: z.number().int().optional() })
  .describe('inclusive bounds; either may be left out');

const OneOrMany = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/** A text for people: one string, shown as written, or one per language (`en` required), of which the plan takes its own. */
const Text = z.union([z.string().min(1), z.strictObject({ en: z.string().min(1), ru: z.string().min(1).optional() })]);

export const RuleMatch = z
  .strictObject({
    type: OneOrMany.optional().describe('source base type name(s), lower case: decimal, nvarchar, datetime2, ...'),
    alias: OneOrMany.optional().describe('user-defined alias type glob(s), schema.name (e.g. dbo.Phone, *.Money*)'),
    length: z.union([Range, z.literal('max')]).optional().describe("length in characters (bytes for binary types), or 'max'"),
    precision: Range.optional(),
    scale: Range.optional().describe('scale; fractional-second digits for datetime2/time/datetimeoffset'),
    identity: z.boolean().optional(),
    nullable: z.boolean().optional(),
    collation: OneOrMany.optional().describe('collation glob(s), e.g. *_CI_* or Cyrillic_General_*'),
    column: OneOrMany.optional().describe('schema.table.column glob(s), case-insensitive'),
  })
  .describe('every given criterion must hold; an empty match matches every column');

export const Rule = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'lower-case letters, digits, _ . -').describe('unique name, shown in plans and reports'),
  match: RuleMatch,
  target: z.string().min(1).describe('PostgreSQL type; templates {length}, {precision}, {scale} take the source values'),
  transform: z
    .enum(['none', 'hierarchyid-text', 'spatial-wkt', 'spatial-ewkb', 'sql-variant-text', 'datetimeoffset-utc', 'large-object'])
    .optional()
    .describe('how the copy turns the source value into the target value (default none); large-object: each binary value becomes a PostgreSQL large object, its oid in the column (target oid)'),
  check: z.string().min(1).optional().describe('a CHECK added on the column; {column} is the quoted target column'),
  keepDefault: z.boolean().optional().describe('carry the source default over (default true)'),
  keepNotNull: z.boolean().optional().describe('carry NOT NULL over (default true)'),
  loss: Text.optional().describe('declared loss: what cannot arrive exactly, shown on the column in plan and report; a text, or {en: ..., ru: ...} per language'),
  review: Text.optional().describe('a decision the DBA should confirm; reported as a warning on each column; a text, or {en: ..., ru: ...} per language'),
  note: z.string().min(1).optional(),
});

export const NamesPolicy = z.strictObject({
  policy: z.enum(['preserve', 'lower', 'snake']).optional().describe('how identifiers are folded (default lower)'),
  schemas: z.record(z.string(), z.string().min(1)).optional().describe('schema renames, e.g. {dbo: public}'),
  objects: z.record(z.string(), z.string().min(1)).optional().describe('table/view/sequence renames: {"schema.name": new_name}'),
  columns: z.record(z.string(), z.string().min(1)).optional().describe('column renames: {"schema.table.column": new_name}'),
});

export const CollationPolicy = z.strictObject({
  caseInsensitive: z
    .enum(['auto', 'icu', 'citext', 'ignore'])
    .optional()
    .describe(
      '*_CI_* and *_AI_* columns: auto = by target version so LIKE keeps working (default; docs/collations.md), icu = nondeterministic ICU collation, citext = citext type, ignore = case-sensitive (reported)',
    ),
});

export const MappingFile = z.strictObject({
  $schema: z.string().optional(),
  description: z.string().optional(),
  names: NamesPolicy.optional(),
  collations: CollationPolicy.optional(),
  rules: z.array(Rule).optional(),
});

export type RuleMatch = z.infer<typeof RuleMatch>;
export type Rule = z.infer<typeof Rule>;
export type NamesPolicy = z.infer<typeof NamesPolicy>;
export type CollationPolicy = z.infer<typeof CollationPolicy>;
export type MappingFile = z.infer<typeof MappingFile>;
export type Transform = NonNullable<Rule['transform']>;
export type Text = z.infer<typeof Text>;

/** A rule's text in the current language (English when the rule has none in it). */
export function textInLanguage(text: Text): string {
  return typeof text === 'string' ? text : (text[language()] ?? text.en);
}
