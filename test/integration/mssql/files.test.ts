/**
 * Gated on MSSQL_URL: the municipal example exported from the TDS server to chunk files, loaded into
 * a fresh PostgreSQL with no source connection, and proven against the manifest.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifest } from '../../../src/copy/files/manifest.js';
import { runMigrate } from '../../support/cli.js';
import { hasMssql, useFixtureDatabase } from '../../support/mssql.js';
import { useTestDatabase } from '../../support/pg.js';

describe.runIf(hasMssql)('transfer through files from a live TDS server (MSSQL_URL)', () => {
  const source = useFixtureDatabase(new URL('../../../examples/municipal/source.sql', import.meta.url));
  const target = useTestDatabase();

  it('exports to files, loads them elsewhere, and verify --from-files proves every table equal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ms2pg-transfer-'));
    const plan = join(dir, 'plan');
    const files = join(dir, 'files');
    const steps = [
      ['introspect', '--source', source.url, '--out', join(dir, 'catalog.json')],
      ['plan', '--catalog', join(dir, 'catalog.json'), '--mappings', 'examples/municipal/mappings.yaml', '--out', plan],
      ['copy', '--source', source.url, '--plan', plan, '--to-files', files, '--jobs', '2'],
      // The far side: no source connection from here on.
      ['apply', '--target', target.url, '--plan', plan, '--phase', 'pre-data'],
      ['copy', '--target', target.url, '--plan', plan, '--from-files', files, '--jobs', '2'],
      ['apply', '--target', target.url, '--plan', plan, '--phase', 'post-data'],
      ['verify', '--target', target.url, '--plan', plan, '--from-files', files],
    ];
    for (const step of steps) {
      const run = await runMigrate(step);
      expect(run.stderr.split('\n').filter((l) => l.startsWith('error')), `migrate ${step[0] ?? ''}`).toEqual([]);
      expect(run.code, `migrate ${step.slice(0, 2).join(' ')}: ${run.stdout}`).toBe(0);
      if (step[0] === 'verify') expect(run.stdout).toMatch(/^equal: (\d+) of \1 table\(s\) equal/m);
    }
    // Every table is proven against the source's rows as exported, but the one whose scans (1.5 to
    // 10 MB) are read in pieces: its chunk has no digest, and it is proven against its file.
    const verify = await runMigrate(['verify', '--target', target.url, '--plan', plan, '--from-files', files, '--json']);
    const tables = (JSON.parse(verify.stdout) as { tables: { table: string; checksummed: number; againstSource: number }[] }).tables;
    expect(tables.filter((v) => v.againstSource === 0).map((v) => v.table)).toEqual(['docs.attachment']);
    expect(tables.find((v) => v.table === 'docs.attachment')?.checksummed).toBe(1);
    const manifest = readManifest(files);
    expect(manifest.tables.length).toBeGreaterThan(20);
    expect(manifest.tables.every((t) => t.chunks.length === t.boundaries.length + 1)).toBe(true);
  });
});
