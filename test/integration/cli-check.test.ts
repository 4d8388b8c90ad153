import { describe, expect, it } from 'vitest';
import { runMigrate } from '../support/cli.js';
import { useTestDatabase } from '../support/pg.js';

// A password with every character that breaks naive URL / connection-string handling.
const NASTY_PASSWORD = "Pa;ss@wo'rd%41";
const ENCODED = encodeURIComponent(NASTY_PASSWORD);

function expectNoSecret(text: string): void {
  expect(text).not.toContain(NASTY_PASSWORD);
  expect(text).not.toContain(ENCODED);
  expect(text).not.toContain("wo'rd");
}

describe('migrate check', () => {
  const db = useTestDatabase();

  it('reports the target server, database and requirements against a real PostgreSQL', async () => {
    const run = await runMigrate(['check', '--target', db.url, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { ok: boolean; target: { connected: boolean; facts: { database: string; encoding: string; versionNum: number }; requirements: { name: string; met: boolean }[] } };
    expect(report.ok).toBe(true);
    expect(report.target.facts.database).toBe(db.name);
    expect(report.target.facts.encoding).toBe('UTF8');
    expect(report.target.facts.versionNum).toBeGreaterThanOrEqual(120000);
    expect(report.target.requirements.map((r) => r.name)).toContain('CREATE on the database');
  });

  it('uses the libpq environment when no --target is given', async () => {
    const url = new URL(db.url);
    const run = await runMigrate(['check'], {
      env: { PGHOST: url.hostname, PGPORT: url.port, PGUSER: url.username, PGPASSWORD: decodeURIComponent(url.password), PGDATABASE: db.name },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Target  PostgreSQL ${url.username}@${url.hostname}:${url.port}/${db.name}`);
    expect(run.stdout).toContain(`database   ${db.name} as ${url.username}`);
  });

  it('exits 4 with one clear line and no secret for a wrong PostgreSQL password', async () => {
    const url = new URL(db.url);
    url.password = ENCODED;
    const run = await runMigrate(['check', '--target', url.toString(), '--verbose']);
    expect(run.code).toBe(4);
    const errors = run.stderr.split('\n').filter((line) => line.startsWith('error:'));
    expect(errors).toEqual([`error: PostgreSQL ${url.username}@${url.hostname}:${url.port}/${db.name}: authentication failed (wrong user or password, or pg_hba.conf refuses this login)`]);
    expectNoSecret(run.stdout + run.stderr);
  });

  it('exits 4 for a database that does not exist', async () => {
    const url = new URL(db.url);
    url.pathname = '/no_such_database_here';
    const run = await runMigrate(['check', '--target', url.toString()]);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('no_such_database_here: database does not exist');
  });

  it('exits 4 with one clear line and no secret when SQL Server is unreachable (URL and ADO.NET forms)', async () => {
    for (const source of [
      `mssql://migrator:${ENCODED}@127.0.0.1:9/Municipal`,
      `Server=127.0.0.1,9;Database=Municipal;User Id=migrator;Password='${NASTY_PASSWORD.replace(/'/g, "''")}'`,
    ]) {
      for (const extra of [[], ['--json'], ['--verbose']]) {
        const run = await runMigrate(['check', '--source', source, ...extra]);
        expect(run.code).toBe(4);
        const errors = run.stderr.split('\n').filter((line) => line.startsWith('error:'));
        expect(errors).toEqual(['error: SQL Server migrator@127.0.0.1:9/Municipal: connection refused (nothing listens on that port)']);
        expectNoSecret(run.stdout + run.stderr);
      }
    }
  });

  it('takes the SQL Server password from MSSQL_PASSWORD and never prints it', async () => {
    const run = await runMigrate(['check', '--source', 'mssql://migrator@127.0.0.1:9/Municipal', '--verbose'], { env: { MSSQL_PASSWORD: NASTY_PASSWORD } });
    expect(run.code).toBe(4);
    expectNoSecret(run.stdout + run.stderr);
  });
});
