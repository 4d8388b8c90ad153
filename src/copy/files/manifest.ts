/**
 * manifest.json of a chunk-file directory (`migrate copy --to-files`): the only index of the files.
 * Each chunk file holds exactly the bytes of one COPY stream (binary: signature, tuples, trailer;
 * text for tables with a column that has no binary encoder), optionally gzip-compressed, so
 * `COPY ... FROM` loads it and any tool can inspect it. Per chunk the manifest records the key range,
 * rows, the file's size and SHA-256, the digest of the source's rows; per table the digest of the plan's copy of it, so files are only
 * ever loaded with the plan they were written for.
 */
import { createHash } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { MigrateError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import type { Plan, PlanTable } from '../../plan/plan-model.js';
import { readVersionedJson } from '../../json-file.js';
import { tableDigest, tableKey } from '../queue.js';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_FORMAT_VERSION = 1;

export const COMPRESSIONS = ['none', 'gzip'] as const;
export type Compression = (typeof COMPRESSIONS)[number];

const KeyBound = z.array(z.string()).nullable();

export const ManifestChunk = z.strictObject({
  chunk: z.number().int().nonnegative(),
  lower: KeyBound,
  upper: KeyBound,
  /** Relative to the directory, '/'-separated. */
  file: z.string(),
  rows: z.number().int().nonnegative(),
  /** Size of the file as stored (compressed when the manifest says so). */
  bytes: z.number().int().nonnegative(),
  /** Size of the COPY data itself. */
  copyBytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /**
   * The digest of the range's rows as read from the source (verify/row-digest.ts), rejected rows
   * included; absent for tables whose rows cannot be digested alike on both sides.
   */
  sourceDigest: z.strictObject({ rows: z.number().int().nonnegative(), sum: z.string().regex(/^[0-9a-f]{32}$/) }).optional(),
});

export const ManifestTable = z.strictObject({
  /** Target `schema.name`, as the copy queue names tables. */
  table: z.string(),
  source: z.string(),
  /** tableDigest() of the plan the files were written with. */
  digest: z.string(),
  format: z.enum(['binary', 'text']),
  /** Where the table's chunks end (the upper bound of every chunk but the last), in key order. */
  boundaries: z.array(z.array(z.string())),
  /** The chunks written so far, in chunk order (boundaries.length + 1 when the table is complete). */
  chunks: z.array(ManifestChunk),
});

export const Manifest = z.strictObject({
  formatVersion: z.literal(MANIFEST_FORMAT_VERSION),
  /** Digest of the plan's copied tables, columns, encoders and keys. */
  planDigest: z.string(),
  source: z.strictObject({ server: z.string(), database: z.string() }),
  compression: z.enum(COMPRESSIONS),
  /** How the chunks' sourceDigest were made (row-digest.ts); absent: none were. */
  rowDigest: z.string().optional(),
  tables: z.array(ManifestTable),
});

export type ManifestChunk = z.infer<typeof ManifestChunk>;
export type ManifestTable = z.infer<typeof ManifestTable>;
export type Manifest = z.infer<typeof Manifest>;

/** One digest for all of the plan's tables as the copy sees them: files written with another plan are refused. */
export function planDigest(plan: Plan): string {
  return createHash('sha256')
    .update(plan.tables.map((t) => `${tableKey(t)}:${tableDigest(t)}`).join('\n'))
    .digest('hex');
}

export function chunkFileName(table: PlanTable, chunk: number, compression: Compression): string {
  // Names from the plan may hold any character: the file name is a digest, the manifest says which table.
  const stem = createHash('sha256').update(tableKey(table)).digest('hex').slice(0, 16);
  return `chunks/${stem}/${String(chunk).padStart(6, '0')}.copy${compression === 'gzip' ? '.gz' : ''}`;
}

export function readManifest(dir: string): Manifest {
  return readVersionedJson(join(dir, MANIFEST_FILE), Manifest, { codePrefix: 'MANIFEST', formatVersion: MANIFEST_FORMAT_VERSION, notFound: t('error.MANIFEST_UNREADABLE.notFound') });
}

/** Written to a temporary name and renamed: a reader (or a killed writer) never sees half a manifest. */
export function writeManifest(dir: string, manifest: Manifest): void {
  const path = join(dir, MANIFEST_FILE);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(Manifest.parse(manifest), null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

/** The manifest's entry for each planned table, refusing files written with another plan of it. */
export function manifestTables(manifest: Manifest, tables: readonly PlanTable[], dir: string): Map<string, ManifestTable> {
  const byKey = new Map(manifest.tables.map((t) => [t.table, t]));
  const found = new Map<string, ManifestTable>();
  for (const table of tables) {
    const entry = byKey.get(tableKey(table));
    if (entry === undefined) {
      throw new MigrateError('MANIFEST_TABLE_MISSING', 'usage', t('error.MANIFEST_TABLE_MISSING', { manifest: join(dir, MANIFEST_FILE), table: tableKey(table) }), {
        hint: t('hint.MANIFEST_TABLE_MISSING'),
      });
    }
    if (entry.digest !== tableDigest(table)) {
      throw new MigrateError('MANIFEST_PLAN_CHANGED', 'usage', t('error.MANIFEST_PLAN_CHANGED', { table: tableKey(table) }), {
        hint: t('hint.MANIFEST_PLAN_CHANGED'),
      });
    }
    found.set(entry.table, entry);
  }
  return found;
}
