/** Typed access to SQL Server: every catalog query names its row interface. */
import type mssql from 'mssql';

export async function queryRows<Row>(pool: mssql.ConnectionPool, sql: string): Promise<Row[]> {
  const result = await pool.request().query<Row>(sql);
  return result.recordset;
}
