import mssql from 'mssql';
import { readFileSync } from 'node:fs';
const text = readFileSync('/work/shared/bench/dataset.sql', 'utf8');
const batches = text.split(/^\s*GO\s*$/im).map((b) => b.trim()).filter((b) => b.replace(/--.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '').trim() !== '');
const cfg = (d) => ({ server: '127.0.0.1', port: 1433, user: 'babelfish_user', password: 'Babel_Pass123', database: d, options: { encrypt: false, trustServerCertificate: true }, requestTimeout: 0 });
const pool = await new mssql.ConnectionPool(cfg('master')).connect();
const only = process.argv[2] ?? 'narrow';
let t = performance.now();
for (const b of batches) {
  if (/dbo\.(wide|typed|small_)/.test(b) && !b.includes(`dbo.${only}`)) continue;
  if (/^\s*USE bench/i.test(b) || b.includes('USE bench')) { /* keep */ }
  try { await pool.request().batch(b); } catch (e) { console.log('FAIL', e.message.slice(0, 200), b.slice(0, 80).replace(/\n/g, ' ')); }
}
console.log('loaded in', ((performance.now() - t) / 1000).toFixed(1), 's');
const r = await pool.request().query('SELECT COUNT_BIG(*) AS n FROM bench.dbo.narrow');
console.log(r.recordset);
await pool.close();
