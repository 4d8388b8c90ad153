/** `migrate introspect`: read one SQL Server database's schema into catalog.json. */
import { resolve } from 'node:path';
import { SOURCE_FLAGS } from '../../config/settings.js';
import { t, type MessageKey } from '../../i18n/index.js';
import type { Catalog } from '../../model/catalog.js';
import { writeCatalogFile } from '../../model/catalog-io.js';
import { connectMssql, describeMssql, mssqlSettingsFrom } from '../../source/mssql/connection.js';
import { introspectMssql } from '../../source/mssql/introspect.js';
import type { CommandContext, CommandDefinition, CommandOutcome } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { renderTable } from '../output.js';

export const introspectCommand: CommandDefinition = {
  name: 'introspect',
  summary: 'read the SQL Server schema (tables, keys, indexes, views, routines, comments, sizes) into catalog.json',
  examples: [
    'MSSQL_PASSWORD=... migrate introspect --source "mssql://migrator@sql01:1433/Municipal" --out catalog.json',
    'migrate introspect --source "Server=sql01;Database=Budget;User Id=migrator" --include "budget.*" --exclude "*.tmp_*" --exact-counts',
  ],
  settings: [...SOURCE_FLAGS, 'include', 'exclude', 'introspect.out', 'introspect.exactCounts'],
  async run({ settings, output, cwd }: CommandContext): Promise<CommandOutcome> {
    const connection = mssqlSettingsFrom(settings);
    const out = resolve(cwd, settings.get('introspect.out') ?? 'catalog.json');
    output.info(t('introspect.starting', { where: describeMssql(connection) }));
    const started = Date.now();
    const pool = await connectMssql(connection, 4);
    let catalog: Catalog;
    try {
      catalog = await introspectMssql(pool, {
        filter: { include: settings.get('include') ?? [], exclude: settings.get('exclude') ?? [] },
        exactCounts: settings.get('introspect.exactCounts') === true,
        concurrency: 4,
        progress: (step) => {
          output.detail(`  ${t('introspect.reading', { step })}`);
        },
      });
    } finally {
      await pool.close();
    }
    await writeCatalogFile(out, catalog);
    const seconds = (Date.now() - started) / 1000;
    const counts = countObjects(catalog);
    for (const note of catalog.notes) if (note.severity === 'warning') output.warn(`${note.object}: ${note.message}`);
    const human = [
      t('introspect.wrote', { file: out, seconds: seconds.toFixed(1) }),
      renderTable(
        [t('introspect.column.object'), t('introspect.column.count')],
        Object.entries(counts).map(([kind, n]) => [t(OBJECT_KINDS[kind as keyof typeof counts]), String(n)]),
      ),
      catalog.notes.length === 0 ? '' : t('introspect.notes', { count: catalog.notes.length }),
    ]
      .filter(Boolean)
      .join('\n');
    return { exitCode: ExitCode.Ok, json: { formatVersion: 1, out, seconds, counts, notes: catalog.notes }, human };
  },
};

/** How the summary names each kind of object (the --json keys stay as countObjects gives them). */
const OBJECT_KINDS: Readonly<Record<keyof ReturnType<typeof countObjects>, MessageKey>> = {
  schemas: 'introspect.part.schemas',
  tables: 'introspect.part.tables',
  columns: 'introspect.part.columns',
  indexes: 'introspect.part.indexes',
  'foreign keys': 'introspect.part.foreignKeys',
  'check constraints': 'introspect.part.checks',
  triggers: 'introspect.part.triggers',
  views: 'introspect.part.views',
  sequences: 'introspect.kind.sequences',
  routines: 'introspect.kind.routines',
  synonyms: 'introspect.part.synonyms',
  'user types': 'introspect.kind.userTypes',
};

export function countObjects(catalog: Catalog) {
  const sum = (pick: (s: Catalog['schemas'][number]) => number): number => catalog.schemas.reduce((n, s) => n + pick(s), 0);
  return {
    schemas: catalog.schemas.length,
    tables: sum((s) => s.tables.length),
    columns: sum((s) => s.tables.reduce((n, t) => n + t.columns.length, 0)),
    indexes: sum((s) => s.tables.reduce((n, t) => n + t.indexes.length, 0)),
    'foreign keys': sum((s) => s.tables.reduce((n, t) => n + t.foreignKeys.length, 0)),
    'check constraints': sum((s) => s.tables.reduce((n, t) => n + t.checks.length, 0)),
    triggers: sum((s) => s.tables.reduce((n, t) => n + t.triggers.length, 0)),
    views: sum((s) => s.views.length),
    sequences: sum((s) => s.sequences.length),
    routines: sum((s) => s.routines.length),
    synonyms: sum((s) => s.synonyms.length),
    'user types': sum((s) => s.userTypes.length),
  };
}
