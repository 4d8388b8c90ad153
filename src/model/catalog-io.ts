/**
 * catalog.json on disk: versioned, validated on load (errors name the JSON path and the object),
 * written deterministically (same catalog, same bytes).
 */
import { writeFile } from 'node:fs/promises';
import type { z } from 'zod';
import { MigrateError } from '../errors.js';
import { t } from '../i18n/index.js';
import { readTextFile } from '../text-file.js';
import { CATALOG_FORMAT_VERSION, Catalog } from './catalog.js';

const MAX_REPORTED_PROBLEMS = 20;

/** Pretty JSON with a trailing newline; key order is the schema's, so output is stable. */
export function serializeCatalog(catalog: Catalog): string {
  return `${JSON.stringify(Catalog.parse(catalog), null, 2)}\n`;
}

export async function writeCatalogFile(path: string, catalog: Catalog): Promise<void> {
  await writeFile(path, serializeCatalog(catalog), 'utf8');
}

export function readCatalogFile(path: string): Catalog {
  return parseCatalog(readTextFile(path, { code: 'CATALOG_UNREADABLE' }), path);
}

/** Parses and validates catalog JSON; `label` names the file in errors. */
export function parseCatalog(text: string, label: string): Catalog {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new MigrateError('CATALOG_MALFORMED', 'usage', t('error.CATALOG_MALFORMED.json', { file: label, reason: (error as Error).message }));
  }
  const version = typeof data === 'object' && data !== null ? (data as { formatVersion?: unknown }).formatVersion : undefined;
  if (version !== CATALOG_FORMAT_VERSION) {
    throw new MigrateError(
      'CATALOG_VERSION',
      'usage',
      version === undefined
        ? t('error.CATALOG_VERSION.missing', { file: label })
        : t('error.CATALOG_VERSION', { file: label, version: JSON.stringify(version), supported: CATALOG_FORMAT_VERSION }),
      { hint: t('hint.CATALOG_VERSION') },
    );
  }
  const parsed = Catalog.safeParse(data);
  const problems = parsed.success ? checkReferences(parsed.data) : parsed.error.issues.map((issue) => describeIssue(issue, data));
  if (!parsed.success || problems.length > 0) {
    const shown = problems.slice(0, MAX_REPORTED_PROBLEMS).map((p) => `${label}: ${p}`);
    if (problems.length > MAX_REPORTED_PROBLEMS) shown.push(t('error.CATALOG_MALFORMED.more', { file: label, count: problems.length - MAX_REPORTED_PROBLEMS }));
    throw new MigrateError('CATALOG_MALFORMED', 'usage', shown.join('\n'));
  }
  return parsed.data;
}

/** `$.schemas[0].tables[3].columns[1].type.name` plus the names met on the way, e.g. `(dbo.Orders.Total)`. */
function describeIssue(issue: z.core.$ZodIssue, data: unknown): string {
  let path = '$';
  const names: string[] = [];
  let node: unknown = data;
  for (const segment of issue.path) {
    path += typeof segment === 'number' ? `[${segment}]` : `.${String(segment)}`;
    node = typeof node === 'object' && node !== null ? (node as Record<PropertyKey, unknown>)[segment] : undefined;
    if (typeof segment === 'number' && typeof node === 'object' && node !== null) {
      const name = (node as { name?: unknown }).name;
      if (typeof name === 'string') names.push(name);
    }
  }
  return `${path}${names.length === 0 ? '' : ` (${names.join('.')})`}: ${issue.message}`;
}

/** Keys, indexes and foreign keys must name columns (and tables) that exist. */
function checkReferences(catalog: Catalog): string[] {
  const problems: string[] = [];
  const tables = new Map<string, Set<string>>();
  for (const schema of catalog.schemas) {
    for (const table of schema.tables) tables.set(`${schema.name}.${table.name}`, new Set(table.columns.map((c) => c.name)));
  }
  catalog.schemas.forEach((schema, si) => {
    schema.tables.forEach((table, ti) => {
      const at = `$.schemas[${si}].tables[${ti}] (${schema.name}.${table.name})`;
      const columns = tables.get(`${schema.name}.${table.name}`) ?? new Set<string>();
      const expect = (unknownColumn: (column: string) => string, names: readonly string[]): void => {
        for (const name of names) if (!columns.has(name)) problems.push(`${at}: ${unknownColumn(name)}`);
      };
      const { primaryKey } = table;
      if (primaryKey !== undefined) expect((column) => t('error.CATALOG_MALFORMED.primaryKeyColumn', { name: primaryKey.name, column }), primaryKey.columns.map((c) => c.name));
      for (const unique of table.uniqueConstraints) expect((column) => t('error.CATALOG_MALFORMED.uniqueColumn', { name: unique.name, column }), unique.columns.map((c) => c.name));
      for (const index of table.indexes) expect((column) => t('error.CATALOG_MALFORMED.indexColumn', { name: index.name, column }), [...index.columns.map((c) => c.name), ...index.include]);
      for (const fk of table.foreignKeys) {
        expect((column) => t('error.CATALOG_MALFORMED.foreignKeyColumn', { name: fk.name, column }), fk.columns);
        if (fk.columns.length !== fk.references.columns.length) {
          problems.push(`${at}: ${t('error.CATALOG_MALFORMED.foreignKeyArity', { name: fk.name, columns: fk.columns.length, referenced: fk.references.columns.length })}`);
        }
        const target = tables.get(`${fk.references.schema}.${fk.references.table}`);
        // A reference to a table outside the catalog (excluded) is allowed: introspect leaves a note.
        for (const name of fk.references.columns) {
          if (target !== undefined && !target.has(name)) problems.push(`${at}: ${t('error.CATALOG_MALFORMED.foreignKeyTarget', { name: fk.name, column: `${fk.references.schema}.${fk.references.table}.${name}` })}`);
        }
      }
    });
  });
  return problems;
}
