// The target bound: the rows our copy wrote, exported once as PostgreSQL binary COPY files and loaded
// again by `psql \copy ... FROM` into bare tables (LIKE the copied ones: columns and NOT NULL, no keys
// or indexes) in schema "bound" of the same database. One psql, one connection per table set: the
// speed of a single COPY stream of data that needs no reading or encoding at all.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { psqlScript, qualified } from './postgres.mjs';

const BOUND_SCHEMA = 'bound';
const boundTable = (t) => qualified(BOUND_SCHEMA, `${t.schema}__${t.name}`);
const fileOf = (dir, t) => join(dir, `${t.schema}__${t.name}.bin`.replace(/[^\w.-]/g, '_'));

/** Exports every table (`{schema, name}`, target names) to a binary file in `dir` and creates its bare twin. */
export async function prepareTargetBound(url, tables, dir) {
  const script = join(dir, 'export.sql');
  writeFileSync(
    script,
    [
      `CREATE SCHEMA IF NOT EXISTS ${BOUND_SCHEMA};`,
      ...tables.flatMap((t) => [
        `DROP TABLE IF EXISTS ${boundTable(t)};`,
        `CREATE TABLE ${boundTable(t)} (LIKE ${qualified(t.schema, t.name)});`,
        `\\copy ${qualified(t.schema, t.name)} TO '${fileOf(dir, t)}' (FORMAT binary)`,
      ]),
      '',
    ].join('\n'),
  );
  await psqlScript(url, script, 'export for the target bound');
}

/** Empties the bare tables (not timed), then times one psql loading every file of `tables`. */
export async function loadTargetBound(url, tables, dir) {
  const truncate = join(dir, 'truncate.sql');
  writeFileSync(truncate, `TRUNCATE ${tables.map(boundTable).join(', ')};\n`);
  await psqlScript(url, truncate, 'truncate for the target bound');
  const load = join(dir, 'load.sql');
  writeFileSync(load, `${tables.map((t) => `\\copy ${boundTable(t)} FROM '${fileOf(dir, t)}' (FORMAT binary)`).join('\n')}\n`);
  return psqlScript(url, load, 'psql \\copy FROM (target bound)');
}
