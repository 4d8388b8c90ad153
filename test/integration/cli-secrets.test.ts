/**
 * Wrong passwords that are also words of the output, against the real drivers and servers: whatever
 * the drivers say, --json stays valid JSON, the summary keeps its words, and no credential shows.
 */
import { describe, expect, it, inject } from 'vitest';
import { runMigrate } from './../support/cli.js';
import { MSSQL_URL, hasMssql } from '../support/mssql.js';

/** The URL with another password. */
function withPassword(url: string, password: string): string {
  const parsed = new URL(url);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

describe('secrets in driver messages', () => {
  it.each(['true', 'connected', '0', '"', '}'])('PostgreSQL refusing password %j: valid JSON, no credential', async (password) => {
    const url = withPassword(inject('pgAdminUrl'), password);
    const run = await runMigrate(['check', '--target', url, '--json']);
    expect(run.code).toBe(4);
    const result = JSON.parse(run.stdout) as { target: { connected: boolean; error: string } };
    expect(result.target.connected).toBe(false);
    expect(result.target.error).toMatch(/password authentication failed|authentication/);
    expect(`${run.stdout}${run.stderr}`).not.toContain(`:${encodeURIComponent(password)}@`);
  });

  it.runIf(hasMssql)('SQL Server refusing password "applied": valid JSON, no credential (MSSQL_URL)', async () => {
    const run = await runMigrate(['check', '--source', withPassword(MSSQL_URL ?? '', 'applied'), '--json']);
    expect(run.code).toBe(4);
    const result = JSON.parse(run.stdout) as { source: { connected: boolean; error: string } };
    expect(result.source).toMatchObject({ connected: false, error: expect.stringMatching(/login failed/) as unknown });
    expect(`${run.stdout}${run.stderr}`).not.toContain(':applied@');
  });
});
