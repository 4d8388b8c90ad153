/**
 * Whether the SQL Server half of the suite runs: it needs MSSQL_URL. CI sets MS2PG_REQUIRE_MSSQL=1
 * where a TDS server is available, and then a missing URL fails the run instead of skipping.
 */
export interface MssqlGate {
  readonly enabled: boolean;
  readonly required: boolean;
  /** One line for the test log; never holds a password. */
  readonly line: string;
}

export function mssqlGateMessage(env: NodeJS.ProcessEnv): MssqlGate {
  const url = env.MSSQL_URL ?? '';
  const required = env.MS2PG_REQUIRE_MSSQL === '1';
  if (url !== '') {
    let where = 'MSSQL_URL';
    try {
      const parsed = new URL(url);
      where = `${parsed.hostname}:${parsed.port || '1433'}`;
    } catch {
      // Not a URL: the SQL Server tests report that themselves.
    }
    return { enabled: true, required, line: `SQL Server tests: on, against ${where} (MSSQL_URL)` };
  }
  return {
    enabled: false,
    required,
    line: required
      ? 'SQL Server tests are required here (MS2PG_REQUIRE_MSSQL=1) but MSSQL_URL is not set'
      : 'SQL Server tests: skipped; set MSSQL_URL=mssql://user:password@host:1433/master to run them (README, "Tests", shows a SQL Server container)',
  };
}
