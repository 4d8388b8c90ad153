// How to read one large value from SQL Server: through the driver (the value in the row) against
// SUBSTRING ranges of several sizes, each way in a process of its own, measured for seconds and
// peak RSS (docs/copy.md, "Why SUBSTRING ranges"). Reads document 1 (256 MB) of the large-values
// database that `npm run bench -- --mode live --parts large` loads (ms2pg_bench_large).
//
//   MSSQL_URL=mssql://... node scripts/bench/large-read.mjs [--id 1]
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { redact } from '../../dist/secrets.js';
import { withPool } from './dataset.mjs';
import { SOURCE_DATABASE } from './large.mjs';
import { sourceUrlFrom } from './live.mjs';
import { firstError, lastJson, runNode } from './measure.mjs';

const MiB = 1024 * 1024;
const WAYS = ['driver', 'ranges:1', 'ranges:4', 'ranges:8', 'ranges:16'];
const { values } = parseArgs({ options: { id: { type: 'string', default: '1' }, way: { type: 'string' } } });
const id = Number(values.id);
const url = sourceUrlFrom(process.env);

/** One way of reading the value, in this process: its bytes are hashed (so they are all used) and dropped. */
async function read(way) {
  return withPool(url, SOURCE_DATABASE, async (pool) => {
    const hash = createHash('md5');
    const started = performance.now();
    let bytes = 0;
    if (way === 'driver') {
      const value = (await pool.request().query(`SELECT content FROM dbo.documents WHERE id = ${id}`)).recordset[0]?.content;
      bytes = value?.length ?? 0;
      if (value !== undefined) hash.update(value);
    } else {
      const piece = Number(way.split(':')[1]) * MiB;
      const length = Number((await pool.request().query(`SELECT DATALENGTH(content) AS n FROM dbo.documents WHERE id = ${id}`)).recordset[0]?.n ?? 0);
      for (let offset = 1; offset <= length; offset += piece) {
        const value = (await pool.request().query(`SELECT SUBSTRING(content, ${offset}, ${piece}) AS v FROM dbo.documents WHERE id = ${id}`)).recordset[0]?.v;
        bytes += value.length;
        hash.update(value);
      }
    }
    return { way, bytes, seconds: (performance.now() - started) / 1000, md5: hash.digest('hex') };
  });
}

if (values.way !== undefined) {
  process.stdout.write(`${JSON.stringify(await read(values.way))}\n`);
} else {
  const script = new URL(import.meta.url).pathname;
  for (const way of WAYS) {
    const result = await runNode(script, ['--id', String(id), '--way', way], { env: { MSSQL_URL: url } });
    const read = lastJson(result.stdout);
    const line = read === undefined ? `failed: ${firstError(result.stderr || result.stdout)}` : `${(read.bytes / MiB).toFixed(0)} MB in ${read.seconds.toFixed(2)} s, peak RSS ${Math.round(result.peakRssMiB ?? 0)} MB, md5 ${read.md5}`;
    process.stdout.write(`${redact(`${way.padEnd(10)} ${line}`)}\n`);
  }
}
