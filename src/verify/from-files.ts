/**
 * `migrate verify --from-files DIR`: proves the target against an export's chunk files, with no
 * source connection. Per table: the files are all there and each is the one the manifest recorded
 * (SHA-256); the target's row count is the manifest's; and per key range (per table when the key is
 * not one whose order both databases share) the target's rows and the file's rows, loaded into a
 * temporary table of the same column types, have the same checksum, computed by PostgreSQL over
 * each row's text (long values through their MD5) in both. A range that differs is listed: rows of
 * the file missing from the target, rows of the target not in the file, by key.
 *
 * Where the export recorded the digest of the source's rows (row-digest.ts), a range is first
 * compared with that: equal, it is proven against the source itself and its files are not read. A
 * range whose target equals its files but not the source's digest lost or changed rows on the way
 * into the files (rows rejected at export, a value the encoders changed), and is different too.
 */
import type pg from 'pg';
import pLimit from 'p-limit';
import { errorMessage } from '../errors.js';
import { t } from '../i18n/index.js';
import { loadChunkFile } from '../copy/files/chunk-file.js';
import { manifestTables, readManifest, type Manifest, type ManifestChunk, type ManifestTable } from '../copy/files/manifest.js';
import { tableKey } from '../copy/queue.js';
import { copiedColumns } from '../copy/row-source.js';
import type { PlanTable } from '../plan/plan-model.js';
import { quoteIdent, quoteQualified } from '../target/postgres/quote.js';
import { copyOutRows } from '../target/postgres/copy-out.js';
import { targetSelect } from './canonical.js';
import { isRangeable, pgRangeWhere } from './lane.js';
import { addDigests, digestable, ROW_DIGEST_ALGORITHM, RowDigester, sameDigest, type RowDigest } from './row-digest.js';
import { verdictOf, type Difference, type TableVerdict } from './verify.js';

const CHUNK_TABLE = 'ms2pg_verify_chunk';

export interface FileVerifyOptions {
  readonly examplesPerTable: number;
  readonly onDifference: (table: string, difference: Difference) => void;
  readonly onProgress?: (table: string, done: number, total: number) => void;
}

interface Checksum {
  readonly count: string;
  readonly high: string;
  readonly low: string;
}

/**
 * One row's hash, the same expression on both sides: the row's text, long values (text, binary)
 * through their MD5. Binary is hashed as its bytes, not its text: the hex text of a value over
 * 512 MB would pass PostgreSQL's 1 GB limit of one value.
 */
function rowHash(table: PlanTable): string {
  const fields = copiedColumns(table).map((c) => (c.encoder === 'bytea' ? `md5(${quoteIdent(c.target.name)})` : c.encoder === 'text' ? `md5(${quoteIdent(c.target.name)}::text)` : quoteIdent(c.target.name)));
  return `md5(ROW(${fields.join(', ')})::text)`;
}

const checksumSql = (table: PlanTable, relation: string, where: string): string =>
  `SELECT count(*)::text AS count, COALESCE(sum(('x' || substr(h, 1, 8))::bit(32)::int::bigint), 0)::text AS high, COALESCE(sum(('x' || substr(h, 9, 8))::bit(32)::int::bigint), 0)::text AS low
   FROM (SELECT ${rowHash(table)} AS h FROM ${relation}${where === '' ? '' : ` WHERE ${where}`}) AS hashed`;

async function checksum(client: pg.ClientBase, table: PlanTable, relation: string, where: string): Promise<Checksum> {
  const { rows } = await client.query<Checksum>(checksumSql(table, relation, where));
  return rows[0] ?? { count: '0', high: '0', low: '0' };
}

const same = (a: Checksum, b: Checksum): boolean => a.count === b.count && a.high === b.high && a.low === b.low;

/** Rows on one side and not the other (by row hash, duplicates counted), in key order, with their keys. */
async function differences(client: pg.ClientBase, table: PlanTable, target: string, where: string): Promise<Difference[]> {
  const keys = table.key.length > 0 ? table.key.map((k) => ({ name: k.source, column: k.target })) : copiedColumns(table).map((c) => ({ name: c.source.name, column: c.target.name }));
  const select = `${rowHash(table)} COLLATE "C" AS h, ${keys.map((k, i) => `${quoteIdent(k.column)}::text COLLATE "C" AS k${i}`).join(', ')}`;
  const fromFile = `SELECT ${select} FROM pg_temp.${CHUNK_TABLE}`;
  const fromTarget = `SELECT ${select} FROM ${target}${where === '' ? '' : ` WHERE ${where}`}`;
  await client.query(`CREATE TEMP TABLE ms2pg_verify_diff AS SELECT 'missing' AS kind, * FROM (${fromFile} EXCEPT ALL ${fromTarget}) AS m UNION ALL SELECT 'extra', * FROM (${fromTarget} EXCEPT ALL ${fromFile}) AS e`);
  try {
    const { rows } = await client.query<Record<string, string | null>>(`SELECT * FROM pg_temp.ms2pg_verify_diff ORDER BY ${keys.map((_, i) => `k${i}`).join(', ')}, kind`);
    return rows.map((row) => ({ kind: row.kind === 'missing' ? 'missing' : 'extra', key: Object.fromEntries(keys.map((k, i) => [k.name, row[`k${i}`] ?? null])) }));
  } finally {
    await client.query('DROP TABLE pg_temp.ms2pg_verify_diff');
  }
}

/** The digest of the target's rows of a range, read as `targetSelect` writes them (canonical.ts). */
async function targetDigest(client: pg.ClientBase, table: PlanTable, where: string): Promise<RowDigest> {
  const select = copiedColumns(table).map((c) => targetSelect(c.target.name, c.encoder, c.target.type)).join(', ');
  const digest = RowDigester.forTarget(table);
  for await (const batch of copyOutRows(client, `SELECT ${select} FROM ${quoteQualified(table.target.schema, table.target.name)}${where === '' ? '' : ` WHERE ${where}`}`)) {
    for (const row of batch) digest.add(row);
  }
  const result = digest.result();
  // copyOutRows reads every value whole: nothing is a LargeValue on this side.
  if (result === undefined) throw new Error('a target row read as a large value');
  return result;
}

/** The digest the export made of a group's source rows, when it made one for each of its chunks the way this verify does. */
function sourceDigest(table: PlanTable, manifest: Manifest, chunks: readonly ManifestChunk[]): RowDigest | undefined {
  const digests = chunks.map((c) => c.sourceDigest);
  return manifest.rowDigest === ROW_DIGEST_ALGORITHM && digestable(table) && digests.every((d) => d !== undefined) ? addDigests(digests) : undefined;
}

async function verifyTableFromFiles(client: pg.ClientBase, table: PlanTable, entry: ManifestTable, dir: string, manifest: Manifest, options: FileVerifyOptions): Promise<TableVerdict> {
  const name = `${table.source.schema}.${table.source.name}`;
  const target = quoteQualified(table.target.schema, table.target.name);
  const problems: string[] = [];
  const expected = entry.chunks.reduce((n, c) => n + c.rows, 0);
  const counted = verdictOf(table, 'checksum', problems);
  const verdict = (status: TableVerdict['status'], extra: Partial<TableVerdict>): TableVerdict => counted(status, { sourceRows: expected, chunks: entry.boundaries.length + 1, ...extra });
  if (entry.chunks.length !== entry.boundaries.length + 1) {
    problems.push(t('verify.problem.exportIncomplete', { files: entry.chunks.length, chunks: entry.boundaries.length + 1 }));
    return verdict('unverified', {});
  }
  try {
    const count = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${target}`);
    const targetRows = Number(count.rows[0]?.n ?? 0);
    if (targetRows !== expected) problems.push(t('verify.problem.countsFiles', { files: expected, target: targetRows }));
    const columns = copiedColumns(table);
    await client.query(`DROP TABLE IF EXISTS pg_temp.${CHUNK_TABLE}; CREATE TEMP TABLE ${CHUNK_TABLE} AS SELECT ${columns.map((c) => quoteIdent(c.target.name)).join(', ')} FROM ${target} WITH NO DATA`);
    const copyTarget = { schema: 'pg_temp', name: CHUNK_TABLE, columns: columns.map((c) => c.target.name), encoders: columns.map((c) => c.encoder) };
    // Ranges are compared one by one where both databases order the key alike; otherwise the whole table at once.
    const groups: { where: string; chunks: ManifestChunk[] }[] = isRangeable(table)
      ? entry.chunks.map((c) => ({ where: pgRangeWhere(table, { lower: c.lower ?? undefined, upper: c.upper ?? undefined }), chunks: [c] }))
      : [{ where: '', chunks: entry.chunks }];
    let done = 0;
    let checksummed = 0;
    let againstSource = 0;
    let mismatched = 0;
    let differing = 0;
    const examples: Difference[] = [];
    options.onProgress?.(name, 0, entry.chunks.length);
    await client.query("SET datestyle = 'ISO, YMD'");
    for (const group of groups) {
      const fromSource = sourceDigest(table, manifest, group.chunks);
      const sourceDiffers = fromSource !== undefined && !sameDigest(fromSource, await targetDigest(client, table, group.where));
      if (fromSource !== undefined && !sourceDiffers) {
        checksummed++;
        againstSource++;
        done += group.chunks.length;
        options.onProgress?.(name, done, entry.chunks.length);
        continue;
      }
      await client.query(`TRUNCATE pg_temp.${CHUNK_TABLE}`);
      for (const chunk of group.chunks) {
        await loadChunkFile(client, dir, chunk, copyTarget, manifest.compression, false, () => undefined);
        options.onProgress?.(name, ++done, entry.chunks.length);
      }
      const sameAsFiles = same(await checksum(client, table, `pg_temp.${CHUNK_TABLE}`, ''), await checksum(client, table, target, group.where));
      if (sameAsFiles && !sourceDiffers) {
        checksummed++;
        continue;
      }
      mismatched++;
      if (sameAsFiles) {
        const exported = group.chunks.reduce((n, c) => n + c.rows, 0);
        problems.push(t('verify.problem.filesDifferFromSource', { files: group.chunks.map((c) => c.file).join(', '), read: fromSource?.rows ?? 0, exported }));
        continue;
      }
      const found = await differences(client, table, target, group.where);
      differing += found.length;
      for (const difference of found) {
        if (examples.length < options.examplesPerTable) examples.push(difference);
        options.onDifference(name, difference);
      }
    }
    const status = mismatched > 0 || problems.length > 0 ? 'different' : 'equal';
    return verdict(status, { targetRows, checksummed, againstSource, mismatchedChunks: mismatched, differences: differing, examples });
  } catch (error) {
    problems.push(t('verify.problem.failed', { reason: errorMessage(error) }));
    return verdict('unverified', {});
  } finally {
    await client.query(`DROP TABLE IF EXISTS pg_temp.${CHUNK_TABLE}`).catch(() => undefined);
  }
}

/** Every table against the files, `pool.options.max` tables at once (each on its own connection). */
export async function verifyFromFiles(pool: pg.Pool, jobs: number, tables: readonly PlanTable[], dir: string, options: FileVerifyOptions): Promise<TableVerdict[]> {
  const manifest = readManifest(dir);
  const entries = manifestTables(manifest, tables, dir);
  const limit = pLimit(jobs);
  return Promise.all(
    tables.map((table) =>
      limit(async () => {
        const entry = entries.get(tableKey(table));
        if (entry === undefined) throw new Error(`${tableKey(table)} missing from the manifest`);
        const client = await pool.connect();
        try {
          return await verifyTableFromFiles(client, table, entry, dir, manifest, options);
        } finally {
          client.release();
        }
      }),
    ),
  );
}
