/**
 * A target table against the plan: every planned column with its type and nullability, and (for
 * apply, which must not adopt a table of another shape) columns the plan does not have.
 */
import type pg from 'pg';
import { t } from '../../i18n/index.js';
import type { PlanTable } from '../../plan/plan-model.js';
import { parseTargetType } from './types.js';

/** format_type()'s words in the plan's canonical spelling (`character varying(20)` -> `varchar(20)`). */
function canonicalOf(formatted: string): string {
  const parsed = parseTargetType(formatted);
  return 'type' in parsed ? parsed.type.sql : formatted;
}


const withoutSchema = (type: string): string => type.replace(/^[^.(]+\./, '');
export async function checkTargetSchema(client: pg.ClientBase, table: PlanTable, options: { readonly extraColumns: boolean } = { extraColumns: false }): Promise<string[]> {
  const { rows } = await client.query<{ name: string; type: string; not_null: boolean }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped`,
    [table.target.schema, table.target.name],
  );
  if (rows.length === 0) return [t('schemaCheck.noTable', { table: `${table.target.schema}.${table.target.name}` })];
  const actual = new Map(rows.map((r) => [r.name, r]));
  const problems: string[] = [];
  for (const column of table.columns) {
    const found = actual.get(column.target.name);
    if (found === undefined) {
      problems.push(t('schemaCheck.missing', { column: column.target.name }));
      continue;
    }
    // A type of an extension or of one's own is shown schema-qualified only when its schema is not on
    // the search path, and a rule may write it either way: compared without the schema on both sides.
    const type = canonicalOf(found.type);
    if (withoutSchema(type) !== withoutSchema(column.target.type)) problems.push(t('schemaCheck.type', { column: column.target.name, type, planned: column.target.type }));
    if (found.not_null === column.target.nullable) problems.push(found.not_null ? t('schemaCheck.notNull', { column: column.target.name }) : t('schemaCheck.nullable', { column: column.target.name }));
  }
  if (options.extraColumns) {
    const planned = new Set(table.columns.map((c) => c.target.name));
    for (const name of actual.keys()) if (!planned.has(name)) problems.push(t('schemaCheck.extra', { column: name }));
  }
  return problems;
}
