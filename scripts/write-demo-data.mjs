// Writes examples/municipal/data/: the municipal example's rows as chunk files (migrate copy
// --to-files), which `migrate demo` loads with no SQL Server. Run after changing the example's
// source.sql, catalog.json or mappings.yaml:
//   MSSQL_URL='mssql://user:pass@host:1433/master?...' node scripts/write-demo-data.mjs
// It loads source.sql into a scratch database on that server, plans the committed catalog with the
// example's mappings, exports every table, and drops the scratch database.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScript } from '../dist/source/mssql/script.js';
import { recreateMssqlDatabase, withPool } from './bench/dataset.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EXAMPLE = join(ROOT, 'examples/municipal');
const DATABASE = 'ms2pg_demo_data';
const url = process.env.MSSQL_URL;
if (url === undefined || url === '') {
  process.stderr.write('set MSSQL_URL to a SQL Server (or TDS server) login that can create databases\n');
  process.exit(3);
}
const migrate = (...args) => execFileSync(process.execPath, [join(ROOT, 'bin/migrate'), ...args], { stdio: ['ignore', 'inherit', 'inherit'] });

await recreateMssqlDatabase(url, DATABASE);
const work = mkdtempSync(join(tmpdir(), 'ms2pg-demo-data-'));
try {
  await withPool(url, DATABASE, async (pool) => {
    const version = await pool.request().query('SELECT CAST(@@VERSION AS nvarchar(4000)) AS v');
    await runScript(pool, readFileSync(join(EXAMPLE, 'source.sql'), 'utf8'), /babelfish/i.test(version.recordset[0]?.v ?? ''));
  });
  const source = new URL(url);
  source.pathname = `/${DATABASE}`;
  migrate('plan', '--catalog', join(EXAMPLE, 'catalog.json'), '--mappings', join(EXAMPLE, 'mappings.yaml'), '--out', join(work, 'plan'), '--quiet');
  rmSync(join(EXAMPLE, 'data'), { recursive: true, force: true });
  migrate('copy', '--plan', join(work, 'plan'), '--source', source.toString(), '--to-files', join(EXAMPLE, 'data'), '--rejects', join(work, 'rejects.jsonl'));
} finally {
  rmSync(work, { recursive: true, force: true });
  await withPool(url, 'master', (pool) => pool.request().batch(`DROP DATABASE IF EXISTS ${DATABASE}`));
}
