/**
 * catalog.json on disk: versioned, validated on load (errors name the JSON path and the object),
 * written deterministically (same catalog, same bytes).
 */
import { writeFile } from 'node:fs/promises';
import type { z } from 'zod';
import { MigrateError } from '../errors.js';
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
    throw new MigrateError('CATALOG_MALFORMED', 'usage', `${label}: not valid JSON: ${(error as Error).message}`);
  }
  const version = typeof data === 'object' && data !== null ? (data as { formatVersion?: unknown }).formatVersion : undefined;
  if (version !== CATALOG_FORMAT_VERSION) {
    throw new MigrateError(
      'CATALOG_VERSION',
      'usage',
      version === undefined
        ? `${label}: $.formatVersion is missing: this is not an ms2pg catalog`
        : `${label}: $.formatVersion ${JSON.stringify(version)} is not supported (this ms2pg reads version ${CATALOG_FORMAT_VERSION})`,
      { hint: 'introspect the source again with this version of ms2pg' },
    );
  }
  const parsed = Catalog.safeParse(data);
  const problems = parsed.success ? checkReferences(parsed.data) : parsed.error.issues.map((issue) => describeIssue(issue, data));
  if (!parsed.success || problems.length > 0) {
    const shown = problems.slice(0, MAX_REPORTED_PROBLEMS).map((p) => `${label}: ${p}`);
    if (problems.length > MAX_REPORTED_PROBLEMS) shown.push(`${label}: ... and ${problems.length - MAX_REPORTED_PROBLEMS} more problems`);
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
      const expect = (what: string, names: readonly string[]): void => {
        for (const name of names) if (!columns.has(name)) problems.push(`${at}: ${what} names column "${name}", which the table does not have`);
      };
      if (table.primaryKey !== undefined) expect(`primary key ${table.primaryKey.name}`, table.primaryKey.columns.map((c) => c.name));
      for (const unique of table.uniqueConstraints) expect(`unique constraint ${unique.name}`, unique.columns.map((c) => c.name));
      for (const index of table.indexes) expect(`index ${index.name}`, [...index.columns.map((c) => c.name), ...index.include]);
      for (const fk of table.foreignKeys) {
        expect(`foreign key ${fk.name}`, fk.columns);
        if (fk.columns.length !== fk.references.columns.length) {
          problems.push(`${at}: foreign key ${fk.name} has ${fk.columns.length} columns but references ${fk.references.columns.length}`);
        }
        const target = tables.get(`${fk.references.schema}.${fk.references.table}`);
        // A reference to a table outside the catalog (excluded) is allowed: introspect leaves a note.
        for (const name of fk.references.columns) {
          if (target !== undefined && !target.has(name)) problems.push(`${at}: foreign key ${fk.name} references ${fk.references.schema}.${fk.references.table}.${name}, which does not exist`);
        }
      }
    });
  });
  return problems;
}
