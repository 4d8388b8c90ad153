/**
 * Large values with the synthetic source against a real PostgreSQL: values over the inline limit
 * are written piece by piece (binary and text), as large objects with `transform: large-object`,
 * and verify compares them by digests: equal when copied, a changed byte found and placed.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { applyPlanned } from '../../support/apply.js';
import { INLINE_VALUE_BYTES, PIECE_BYTES } from '../../../src/copy/large-value.js';
import { runCopy, type CopyRunOptions } from '../../../src/copy/run-copy.js';
import { documentsCatalog } from '../../../src/copy/synthetic-catalog.js';
import { SyntheticRowSource } from '../../../src/copy/synthetic-source.js';
import { loadMappings } from '../../../src/mapping/load.js';
import { buildPlan } from '../../../src/plan/build-plan.js';
import type { Plan } from '../../../src/plan/plan-model.js';
import { LocalLane } from '../../../src/verify/lane.js';
import { LanePool, verifyTable, type Difference } from '../../../src/verify/verify.js';
import { useTestDatabase, withClient } from '../../support/pg.js';

const MB = 1024 * 1024;
/** Row 1: large (3 pieces and a bit); 2: inline; 3: NULL-free tiny; 4: just over the inline limit. */
const SIZES = [2 * PIECE_BYTES + 3 * MB + 7, 4_000, 10, INLINE_VALUE_BYTES + 2];

function options(): CopyRunOptions {
  return {
    jobs: 1,
    rowsPerChunk: undefined,
    tables: [],
    restart: true,
    truncate: false,
    workerOnly: false,
    rejectsFile: join(mkdtempSync(join(tmpdir(), 'ms2pg-rejects-')), 'rejects.jsonl'),
    nul: 'reject',
    onError: 'stop',
    retrySeconds: 0,
    maxRejectsPerChunk: 0,
  };
}

async function create(url: string, plan: Plan): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    const result = await applyPlanned(pool, plan, 'pre-data');
    expect(result.failed).toEqual([]);
  } finally {
    await pool.end();
  }
}

async function verifyRows(url: string, plan: Plan): Promise<{ status: string; differences: Difference[] }> {
  return withClient(url, async (client) => {
    const differences: Difference[] = [];
    const table = plan.tables[0];
    if (table === undefined) throw new Error('no table');
    const verdict = await verifyTable(new LanePool([new LocalLane(new SyntheticRowSource({ largeValueBytes: SIZES }), client)]), table, {
      level: 'rows',
      examplesPerTable: 5,
      rowsPerRange: 50_000,
      maxRowsInMemory: 1_000_000,
      onDifference: (_t, d) => differences.push(d),
    });
    return { status: verdict.status, differences };
  });
}

/** The synthetic source's value of a large column, as the copy must have written it. */
async function expected(column: number, id: number): Promise<{ bytes: number; md5: string }> {
  const source = new SyntheticRowSource({ largeValueBytes: SIZES });
  const plan = buildPlan(documentsCatalog(SIZES.length), loadMappings([], process.cwd()), { targetVersion: 16 });
  const table = plan.tables[0];
  if (table === undefined) throw new Error('no table');
  const hash = createHash('md5');
  let bytes = 0;
  for await (const batch of source.read(table, { lower: [String(id - 1)], upper: [String(id)] })) {
    const value = batch[0]?.[column];
    const pieces = value instanceof Object && 'pieces' in value && typeof value.pieces === 'function' ? (value.pieces as () => AsyncIterable<Buffer | string>)() : [value as Buffer | string];
    for await (const piece of pieces) {
      const data = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
      hash.update(data);
      bytes += data.length;
    }
  }
  return { bytes, md5: hash.digest('hex') };
}

describe('large values (synthetic source)', () => {
  const db = useTestDatabase();
  const plan = buildPlan(documentsCatalog(SIZES.length), loadMappings([], process.cwd()), { targetVersion: 16 });

  it('copies values over the inline limit piece by piece, exactly', async () => {
    await create(db.url, plan);
    const summary = await runCopy(plan, { kind: 'synthetic', largeValueBytes: SIZES }, { connectionString: db.url }, process.env, options(), () => undefined);
    expect(summary.complete).toBe(true);
    const { rows } = await withClient(db.url, (c) =>
      c.query<{ id: number; content_bytes: number; content_md5: string; body_bytes: number; body_md5: string }>(
        'SELECT id, octet_length(content) AS content_bytes, md5(content) AS content_md5, octet_length(body) AS body_bytes, md5(body) AS body_md5 FROM dbo.documents ORDER BY id',
      ),
    );
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4]);
    for (const row of rows) {
      expect({ bytes: row.content_bytes, md5: row.content_md5 }).toEqual(await expected(2, row.id));
      expect({ bytes: row.body_bytes, md5: row.body_md5 }).toEqual(await expected(3, row.id));
    }
    // The binary value is its full declared size; the text is half as many characters (DATALENGTH counts UTF-16).
    expect(rows[0]?.content_bytes).toBe(SIZES[0]);
    const chars = await withClient(db.url, (c) => c.query<{ n: number }>('SELECT length(body) AS n FROM dbo.documents WHERE id = 1'));
    expect(chars.rows[0]?.n).toBe(Math.floor((SIZES[0] ?? 0) / 2));
  });

  it('verify finds the copy equal, comparing large values by digests', async () => {
    expect(await verifyRows(db.url, plan)).toEqual({ status: 'equal', differences: [] });
  });

  it('verify finds one changed byte deep in a large value, and a changed large text, and says where', async () => {
    await withClient(db.url, (c) => c.query(`UPDATE dbo.documents SET content = overlay(content placing '\\x00'::bytea from ${PIECE_BYTES + 5} for 1) WHERE id = 1`));
    await withClient(db.url, (c) => c.query("UPDATE dbo.documents SET body = body || 'x' WHERE id = 4"));
    const { status, differences } = await verifyRows(db.url, plan);
    expect(status).toBe('different');
    expect(differences).toHaveLength(2);
    expect(differences[0]).toMatchObject({ kind: 'changed', key: { id: '1' } });
    expect(differences[0]?.columns?.map((c) => c.column)).toEqual(['content']);
    expect(differences[0]?.columns?.[0]?.target).toContain(`differs from byte ${PIECE_BYTES}`);
    expect(differences[1]).toMatchObject({ kind: 'changed', key: { id: '4' } });
    expect(differences[1]?.columns?.map((c) => c.column)).toEqual(['body']);
  });
});

describe('large values as PostgreSQL large objects (transform: large-object)', () => {
  const db = useTestDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'ms2pg-lo-'));
  const rules = join(dir, 'lo.yaml');
  writeFileSync(rules, 'rules:\n  - id: documents-as-large-objects\n    match: { column: "dbo.documents.content" }\n    target: oid\n    transform: large-object\n');
  const plan = buildPlan(documentsCatalog(SIZES.length), loadMappings([rules], dir), { targetVersion: 16 });

  it('plans an oid column with no value limit', () => {
    const content = plan.tables[0]?.columns.find((c) => c.source.name === 'content');
    expect(content).toMatchObject({ target: { type: 'oid' }, encoder: 'large-object', large: { pieces: 'bytes', limit: null } });
    expect(plan.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('writes each value as a large object, in the chunk transaction, and verify compares the objects', async () => {
    await create(db.url, plan);
    const summary = await runCopy(plan, { kind: 'synthetic', largeValueBytes: SIZES }, { connectionString: db.url }, process.env, options(), () => undefined);
    expect(summary.complete).toBe(true);
    const { rows } = await withClient(db.url, (c) => c.query<{ id: number; md5: string; bytes: number }>('SELECT id, md5(lo_get(content)) AS md5, length(lo_get(content)) AS bytes FROM dbo.documents ORDER BY id'));
    for (const row of rows) expect({ bytes: row.bytes, md5: row.md5 }).toEqual(await expected(2, row.id));
    const objects = await withClient(db.url, (c) => c.query<{ n: string }>('SELECT count(*) AS n FROM pg_largeobject_metadata'));
    expect(Number(objects.rows[0]?.n)).toBe(SIZES.length);
    expect(await verifyRows(db.url, plan)).toEqual({ status: 'equal', differences: [] });
  });

  it('a plan refuses transform: large-object on a text column, or to a type other than oid', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'rules:\n  - id: body-lo\n    match: { column: "dbo.documents.body" }\n    target: oid\n    transform: large-object\n  - id: content-lo\n    match: { column: "dbo.documents.content" }\n    target: bytea\n    transform: large-object\n');
    const refused = buildPlan(documentsCatalog(1), loadMappings([bad], dir), { targetVersion: 16 });
    expect(refused.issues.filter((i) => i.code === 'LARGE_OBJECT_MISMATCH').map((i) => i.object)).toEqual(['dbo.documents.body', 'dbo.documents.content']);
  });
});
