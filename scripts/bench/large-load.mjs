// Child process of the large-values part (large.mjs): (re)creates database ms2pg_bench_large on the
// SQL Server of MS2PG_SOURCE with dbo.documents holding one value of each size given, random-looking
// bytes sent as parameters (T-SQL cannot build random bytes portably: Babelfish adds varbinary
// values as numbers), and the marker that says which sizes it holds, written last.
//
//   MS2PG_SOURCE=mssql://.../ms2pg_bench_large node scripts/bench/large-load.mjs 268435456,...
import { Buffer } from 'node:buffer';
import { createCipheriv } from 'node:crypto';
import mssql from 'mssql';
import { recreateMssqlDatabase, withPool } from './dataset.mjs';

const list = process.argv[2] ?? '';
const sizes = list.split(',').map(Number);
const url = new URL(process.env.MS2PG_SOURCE ?? '');
const database = decodeURIComponent(url.pathname.slice(1));

/** A value of `length` random-looking bytes, the same for the same row. */
function documentBytes(id, length) {
  const iv = Buffer.alloc(16);
  iv.writeUInt32BE(id, 8);
  return createCipheriv('aes-128-ctr', Buffer.alloc(16, 33), iv).update(Buffer.alloc(length));
}

await recreateMssqlDatabase(url.toString(), database);
await withPool(url.toString(), database, async (pool) => {
  await pool.request().batch('CREATE TABLE dbo.documents (id int NOT NULL PRIMARY KEY, name nvarchar(200) NOT NULL, content varbinary(max) NULL)');
  for (const [i, size] of sizes.entries()) {
    await pool
      .request()
      .input('id', mssql.Int, i + 1)
      .input('name', mssql.NVarChar(200), `Документ № ${i + 1}`)
      .input('content', mssql.VarBinary(mssql.MAX), documentBytes(i + 1, size))
      .query('INSERT INTO dbo.documents (id, name, content) VALUES (@id, @name, @content)');
  }
  await pool.request().batch('CREATE SCHEMA bench_meta');
  await pool.request().batch('CREATE TABLE bench_meta.large_values (sizes varchar(400) NOT NULL)');
  await pool.request().input('sizes', mssql.VarChar(400), list).query('INSERT INTO bench_meta.large_values (sizes) VALUES (@sizes)');
});
