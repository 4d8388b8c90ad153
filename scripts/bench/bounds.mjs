// The target bound: the rows our copy wrote, exported once as PostgreSQL binary COPY files and loaded
// again by `psql \copy ... FROM` into bare tables (LIKE the copied ones: columns and NOT NULL, no keys
// or indexes) in schema "bound" of the same database: the speed of COPY streams of data that need no
// reading or encoding at all. With --jobs 1, one psql loads whole tables one after the other (one
// stream); with --jobs n, n psql processes at once each load one of n parts of every table (its
// pages split in n ranges), as the copy's n workers share the key ranges of a table.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { psqlScript, qualified, query } from './postgres.mjs';

const BOUND_SCHEMA = 'bound';
const boundTable = (t) => qualified(BOUND_SCHEMA, `${t.schema}__${t.name}`);
/** The file of part k of n of a table (n = 1: the whole table). */
const fileOf = (dir, t, part, parts) => join(dir, `${t.schema}__${t.name}.${part}-of-${parts}.bin`.replace(/[^\w.-]/g, '_'));

/** Part k of n of a table's pages as a ctid condition (the last part open-ended, so nothing is left out). */
function pagesOf(pages, part, parts) {
  const from = Math.floor((part * pages) / parts);
  const to = Math.floor(((part + 1) * pages) / parts);
  return part === parts - 1 ? `ctid >= '(${from},0)'` : `ctid >= '(${from},0)' AND ctid < '(${to},0)'`;
}

/** Exports every table (`{schema, name}`, target names) to binary files in `dir`, in n parts for each n of `jobs`, and creates its bare twin. */
export async function prepareTargetBound(url, tables, dir, jobs) {
  const pages = new Map();
  for (const t of tables) {
    const [row] = await query(url, 'SELECT pg_relation_size($1::regclass) / current_setting($2)::int AS pages', [qualified(t.schema, t.name), 'block_size']);
    pages.set(t, Number(row.pages));
  }
  const script = join(dir, 'export.sql');
  writeFileSync(
    script,
    [
      `CREATE SCHEMA IF NOT EXISTS ${BOUND_SCHEMA};`,
      ...tables.flatMap((t) => [
        `DROP TABLE IF EXISTS ${boundTable(t)};`,
        `CREATE TABLE ${boundTable(t)} (LIKE ${qualified(t.schema, t.name)});`,
        ...jobs.flatMap((n) =>
          Array.from({ length: n }, (_, k) => {
            const rows = n === 1 ? qualified(t.schema, t.name) : `(SELECT * FROM ${qualified(t.schema, t.name)} WHERE ${pagesOf(pages.get(t), k, n)})`;
            return `\\copy ${rows} TO '${fileOf(dir, t, k, n)}' (FORMAT binary)`;
          }),
        ),
      ]),
      '',
    ].join('\n'),
  );
  await psqlScript(url, script, 'export for the target bound');
}

/** Empties the bare tables (not timed), then times loading every file of `tables` with `jobs` psql at once. */
export async function loadTargetBound(url, tables, dir, jobs) {
  const truncate = join(dir, 'truncate.sql');
  writeFileSync(truncate, `TRUNCATE ${tables.map(boundTable).join(', ')};\n`);
  await psqlScript(url, truncate, 'truncate for the target bound');
  const loads = Array.from({ length: jobs }, (_, k) => {
    const load = join(dir, `load.${k}.sql`);
    writeFileSync(load, `${tables.map((t) => `\\copy ${boundTable(t)} FROM '${fileOf(dir, t, k, jobs)}' (FORMAT binary)`).join('\n')}\n`);
    return load;
  });
  const started = performance.now();
  await Promise.all(loads.map((load) => psqlScript(url, load, 'psql \\copy FROM (target bound)')));
  return (performance.now() - started) / 1000;
}
