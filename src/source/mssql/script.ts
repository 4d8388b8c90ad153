/**
 * T-SQL scripts as SSMS and sqlcmd run them, batches separated by lines holding only GO: the test
 * fixtures, the examples (their data for the demo is exported from such a database).
 */
import type mssql from 'mssql';

export function splitBatches(script: string): string[] {
  return script
    .split(/^\s*GO\s*$/im)
    .map((b) => b.trim())
    .filter((b) => b.replace(/--.*$/gm, '').trim() !== '');
}

/**
 * Runs a script batch by batch in `pool`'s database. On Babelfish, which refuses some valid T-SQL
 * (WITH NOCHECK, rowversion, ...) unless its escape hatches say "ignore", those are set first, and
 * batches that start with "-- babelfish: skip" are left out; they are returned.
 */
export async function runScript(pool: mssql.ConnectionPool, script: string, isBabelfish: boolean): Promise<string[]> {
  const skipped: string[] = [];
  if (isBabelfish) await pool.request().batch("EXEC sys.sp_babelfish_configure '%', 'ignore'");
  for (const batch of splitBatches(script)) {
    if (isBabelfish && batch.startsWith('-- babelfish: skip')) {
      skipped.push(batch);
      continue;
    }
    try {
      await pool.request().batch(batch);
    } catch (error) {
      throw new Error(`script batch failed: ${(error as Error).message}\n${batch}`, { cause: error });
    }
  }
  return skipped;
}
