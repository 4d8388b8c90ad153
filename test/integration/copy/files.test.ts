/**
 * Transfer through files: an export of the synthetic source to chunk files, loaded into PostgreSQL
 * through the chunk queue (CLI, built), verified against the manifest with no source; a flipped byte
 * is refused naming the file; a killed load resumes to exact counts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { exportToFiles, type ExportOptions } from '../../../src/copy/files/export.js';
import { readManifest } from '../../../src/copy/files/manifest.js';
import type { SyntheticOptions } from '../../../src/copy/synthetic-source.js';
import { digestable, ROW_DIGEST_ALGORITHM } from '../../../src/verify/row-digest.js';
import { writePlanDirectory } from '../../../src/plan/plan-io.js';
import { applyPlanned } from '../../support/apply.js';
import { resultJson, runMigrate } from '../../support/cli.js';
import { useTestDatabase, withClient } from '../../support/pg.js';
import { syntheticPlan } from '../../support/synthetic.js';

const ROWS = 120_000;
const plan = syntheticPlan(ROWS);
const BIN = new URL('../../../bin/migrate', import.meta.url).pathname;

function exportOptions(over: Partial<ExportOptions> = {}): ExportOptions {
  return { jobs: 2, rowsPerChunk: 20_000, tables: [], compression: 'gzip', nul: 'reject', onError: 'stop', retrySeconds: 0, rejectsFile: '/dev/null', ...over };
}

async function exported(compression: ExportOptions['compression'], source: SyntheticOptions = {}, over: Partial<ExportOptions> = {}): Promise<{ dir: string; planDir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'ms2pg-files-'));
  const planDir = join(dir, 'plan');
  writePlanDirectory(planDir, plan);
  const summary = await exportToFiles(plan, { kind: 'synthetic', ...source }, join(dir, 'files'), exportOptions({ compression, ...over }), () => undefined);
  expect(summary.complete).toBe(true);
  return { dir: join(dir, 'files'), planDir };
}

async function createTables(url: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: url });
  try {
    await applyPlanned(pool, plan, 'pre-data');
  } finally {
    await pool.end();
  }
}

async function counts(url: string): Promise<Record<string, number>> {
  return withClient(url, async (c) => {
    const out: Record<string, number> = {};
    for (const t of plan.tables) out[`${t.target.schema}.${t.target.name}`] = Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${t.target.schema}.${t.target.name}`)).rows[0]?.n);
    return out;
  });
}

const planned = Object.fromEntries(plan.tables.map((t) => [`${t.target.schema}.${t.target.name}`, t.rows ?? -1]));

describe('copy --to-files, --from-files and verify --from-files', () => {
  const db = useTestDatabase();
  let files = { dir: '', planDir: '' };

  it('exports every chunk to a file the manifest describes, and resumes without writing a recorded chunk again', async () => {
    files = await exported('gzip');
    const manifest = readManifest(files.dir);
    const narrow = manifest.tables.find((t) => t.table === 'dbo.narrow');
    expect(narrow?.chunks).toHaveLength(6);
    expect(narrow?.chunks.reduce((n, c) => n + c.rows, 0)).toBe(ROWS);
    expect(narrow?.chunks[1]).toMatchObject({ chunk: 1, lower: ['20000'], upper: ['40000'], sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown, sourceDigest: { rows: 20_000, sum: expect.stringMatching(/^[0-9a-f]{32}$/) as unknown } });
    const again = await exportToFiles(plan, { kind: 'synthetic' }, files.dir, exportOptions(), () => undefined);
    expect(again.complete).toBe(true);
    expect(readManifest(files.dir)).toEqual(manifest);
  });

  it('loads the files exactly once through the chunk queue, and verify proves them equal without a source', async () => {
    await createTables(db.url);
    const load = await runMigrate(['copy', '--plan', files.planDir, '--target', db.url, '--from-files', files.dir, '--jobs', '2', '--json']);
    expect(load.stderr.split('\n').filter((l) => l.startsWith('error'))).toEqual([]);
    expect(load.code).toBe(0);
    expect(resultJson(load)).toMatchObject({ complete: true });
    expect(await counts(db.url)).toEqual(planned);
    const verify = await runMigrate(['verify', '--plan', files.planDir, '--target', db.url, '--from-files', files.dir, '--json']);
    expect(verify.code).toBe(0);
    const report = JSON.parse(verify.stdout) as { status: string; tables: { table: string; status: string; checksummed: number; againstSource: number }[] };
    const leveled = await runMigrate(['verify', '--plan', files.planDir, '--target', db.url, '--from-files', files.dir, '--level', 'rows']);
    expect([leveled.code, leveled.stderr]).toEqual([3, expect.stringContaining('--level rows cannot be given with --from-files') as unknown]);
    expect(report).toMatchObject({ status: 'equal', tables: plan.tables.map(() => ({ status: 'equal' })) });
    // Tables whose rows both sides digest alike are proven against the source's rows, range by range.
    expect(plan.tables.filter(digestable).map((t) => t.source.name)).toContain('narrow');
    for (const table of plan.tables) {
      const verdict = report.tables.find((v) => v.table === `${table.source.schema}.${table.source.name}`);
      expect(verdict?.againstSource, verdict?.table).toBe(digestable(table) ? verdict?.checksummed : 0);
    }
    expect(verify.stderr).toMatch(/\d+ of \d+ compared range\(s\) proven against the digests the export made of the source's rows/);
  });

  it('compares digests only when they were made the way this verify makes them; an export resumed by another version drops the old ones', async () => {
    const path = join(files.dir, 'manifest.json');
    const original = readFileSync(path, 'utf8');
    const otherVersion = JSON.stringify({ ...(JSON.parse(original) as object), rowDigest: 'md5/escaped/canonical-0' });
    try {
      writeFileSync(path, otherVersion);
      const verify = await runMigrate(['verify', '--plan', files.planDir, '--target', db.url, '--from-files', files.dir, '--json']);
      expect(verify.code).toBe(0);
      const tables = (JSON.parse(verify.stdout) as { tables: { status: string; checksummed: number; againstSource: number }[] }).tables;
      expect(tables.every((v) => v.status === 'equal' && v.againstSource === 0 && v.checksummed > 0)).toBe(true);
      writeFileSync(path, otherVersion);
      const resumed = await exportToFiles(plan, { kind: 'synthetic' }, files.dir, exportOptions(), () => undefined);
      expect(resumed.complete).toBe(true);
      const manifest = readManifest(files.dir);
      expect(manifest.rowDigest).toBe(ROW_DIGEST_ALGORITHM);
      expect(manifest.tables.flatMap((t) => t.chunks).filter((c) => c.sourceDigest !== undefined)).toEqual([]);
    } finally {
      writeFileSync(path, original);
    }
  });

  it('verify --from-files reports a changed row and an added one by key', async () => {
    await withClient(db.url, (c) => c.query("UPDATE dbo.narrow SET name = name || 'x' WHERE id = 777; INSERT INTO dbo.small VALUES (99999, 'added')"));
    const verify = await runMigrate(['verify', '--plan', files.planDir, '--target', db.url, '--from-files', files.dir, '--json']);
    expect(verify.code).toBe(1);
    const report = JSON.parse(verify.stdout) as { tables: { table: string; status: string; examples: { kind: string; key: Record<string, string> }[] }[] };
    const narrow = report.tables.find((t) => t.table === 'dbo.narrow');
    expect(narrow?.status).toBe('different');
    expect(narrow?.examples).toEqual([
      { kind: 'extra', key: { id: '777' } },
      { kind: 'missing', key: { id: '777' } },
    ]);
    expect(report.tables.find((t) => t.table === 'dbo.small')?.examples).toEqual([{ kind: 'extra', key: { id: '99999' } }]);
  });
});

describe('files that are not the source', () => {
  const db = useTestDatabase();

  it('rows rejected at export leave their ranges different from the source, though the target holds every file', async () => {
    const files = await exported('gzip', { nulEvery: 25_000 }, { onError: 'skip-row' });
    await createTables(db.url);
    const load = await runMigrate(['copy', '--plan', files.planDir, '--target', db.url, '--from-files', files.dir, '--tables', 'dbo.narrow']);
    expect(load.code).toBe(0);
    const verify = await runMigrate(['verify', '--plan', files.planDir, '--target', db.url, '--from-files', files.dir, '--tables', 'dbo.narrow', '--json']);
    expect(verify.code).toBe(1);
    const narrow = (JSON.parse(verify.stdout) as { tables: { table: string; status: string; mismatchedChunks: number; problems: string[] }[] }).tables.find((t) => t.table === 'dbo.narrow');
    expect(narrow?.status).toBe('different');
    // Rows 25000, 50000, ... 100000 were rejected: in chunks 1, 2, 3 and 4 of six.
    expect(narrow?.mismatchedChunks).toBe(4);
    expect(narrow?.problems).toHaveLength(4);
    expect(narrow?.problems[0]).toMatch(/^chunks\/[0-9a-f]{16}\/000001\.copy\.gz: the target holds the exported rows, but they are not the source's rows as the export read them \(20000 read, 19999 exported/);
  });
});

describe('a chunk file that is not the exported one', () => {
  const db = useTestDatabase();

  it('fails its load, naming the file, and leaves none of its rows', async () => {
    const files = await exported('none');
    const chunk = readManifest(files.dir).tables.find((t) => t.table === 'dbo.narrow')?.chunks[2];
    if (chunk === undefined) throw new Error('chunk 2 of dbo.narrow missing');
    const path = join(files.dir, chunk.file);
    const bytes = readFileSync(path);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = (bytes[at] ?? 0) ^ 0x01;
    writeFileSync(path, bytes);
    await createTables(db.url);
    const load = await runMigrate(['copy', '--plan', files.planDir, '--target', db.url, '--from-files', files.dir, '--jobs', '1', '--tables', 'dbo.narrow']);
    expect(load.code).toBe(4);
    expect(load.stderr).toContain(path);
    expect(load.stderr).toMatch(/SHA-256 [0-9a-f]{64} \(\d+ bytes\) is not the/);
    const loaded = await withClient(db.url, (c) => c.query<{ n: number; corrupt: number }>('SELECT count(*)::int AS n, count(*) FILTER (WHERE id > 40000 AND id <= 60000)::int AS corrupt FROM dbo.narrow'));
    // The corrupt chunk left nothing; the others loaded whole (--on-error stop ends the run after the failure).
    expect(loaded.rows[0]?.corrupt).toBe(0);
    expect((loaded.rows[0]?.n ?? -1) % 20_000).toBe(0);
    expect(loaded.rows[0]?.n).toBeLessThan(ROWS);
  });
});

describe('a killed load', () => {
  const db = useTestDatabase();

  it('resumes to exact counts', async () => {
    const files = await exported('gzip');
    await createTables(db.url);
    const args = [BIN, 'copy', '--plan', files.planDir, '--target', db.url, '--from-files', files.dir, '--jobs', '2', '--quiet'];
    const child = spawn(process.execPath, args, { stdio: 'ignore' });
    // Killed once the first chunks are in, anywhere from there on.
    for (let i = 0; i < 200; i++) {
      const done = await withClient(db.url, (c) => c.query<{ n: number }>("SELECT count(*)::int AS n FROM ms2pg_state.copy_chunks WHERE status = 'done'")).catch(() => ({ rows: [{ n: 0 }] }));
      if ((done.rows[0]?.n ?? 0) >= 1) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const resumed = await runMigrate(['copy', '--plan', files.planDir, '--target', db.url, '--from-files', files.dir, '--jobs', '2']);
    expect(resumed.code).toBe(0);
    expect(await counts(db.url)).toEqual(planned);
    const distinct = await withClient(db.url, (c) => c.query<{ n: number }>('SELECT count(DISTINCT id)::int AS n FROM dbo.narrow'));
    expect(distinct.rows[0]?.n).toBe(ROWS);
  });
});
