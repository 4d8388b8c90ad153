/** Introspection of one live SQL Server database into a catalog: read rows, count, assemble. */
import type mssql from 'mssql';
import type { Catalog, CatalogNote } from '../../model/catalog.js';
import type { ObjectFilter } from '../../model/object-filter.js';
import { assembleCatalog, keptTables } from './assemble.js';
import { countRowsExactly, readCatalogRows, type ReadProgress } from './read-catalog.js';
import { checkSourcePermissions, readServerFacts } from './server-facts.js';
import { messageIn } from '../../i18n/index.js';

export interface IntrospectOptions {
  readonly filter: ObjectFilter;
  /** COUNT_BIG(*) every kept table instead of using catalog estimates. */
  readonly exactCounts: boolean;
  /** How many COUNT_BIG queries run at once. */
  readonly concurrency: number;
  readonly progress: ReadProgress;
}

export async function introspectMssql(pool: mssql.ConnectionPool, options: IntrospectOptions): Promise<Catalog> {
  const facts = await readServerFacts(pool);
  const notes: CatalogNote[] = [];
  const viewDefinition = (await checkSourcePermissions(pool, facts.isBabelfish)).find((p) => p.permission === 'VIEW DEFINITION');
  if (viewDefinition?.granted === false) {
    notes.push({
      severity: 'warning',
      code: 'MISSING_PERMISSION',
      object: '(database)',
      message: messageIn('en', 'catalogNote.missingViewDefinition'),
    });
  }
  const read = await readCatalogRows(pool, options.progress);
  notes.push(...read.notes);
  const { rows } = read;
  if (options.exactCounts || rows.sizes === null) {
    rows.exactCounts = await countRowsExactly(pool, keptTables(rows, options.filter), options.concurrency, options.progress);
  }
  return assembleCatalog(rows, facts, options.filter, notes);
}
