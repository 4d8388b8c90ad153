#!/usr/bin/env bash
# Prints the README's walkthrough: the municipal example migrated step by step from a SQL Server
# (or TDS server) into a fresh PostgreSQL database, each command with its real output.
#   MSSQL_URL='mssql://user:pass@host:1433/master?...' PG_URL=postgres://postgres:pass@host:5432/postgres scripts/walkthrough.sh
# It loads examples/municipal/source.sql into database `municipal` (dropped first), creates database
# `walk` on the PostgreSQL server (dropped first), works in /tmp/walk, and leaves both for a look.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${MSSQL_URL:?set MSSQL_URL}" "${PG_URL:?set PG_URL (a superuser URL)}"

node --input-type=module -e "
import { readFileSync } from 'node:fs';
import { runScript } from './dist/source/mssql/script.js';
import { recreateMssqlDatabase, withPool } from './scripts/bench/dataset.mjs';
await recreateMssqlDatabase(process.env.MSSQL_URL, 'municipal');
await withPool(process.env.MSSQL_URL, 'municipal', async (pool) => {
  const version = await pool.request().query('SELECT CAST(@@VERSION AS nvarchar(4000)) AS v');
  await runScript(pool, readFileSync('examples/municipal/source.sql', 'utf8'), /babelfish/i.test(version.recordset[0]?.v ?? ''));
});
"
psql "$PG_URL" -qX -c 'DROP DATABASE IF EXISTS walk WITH (FORCE)' -c 'CREATE DATABASE walk' >/dev/null

MS2PG_SOURCE=$(node -e 'const u = new URL(process.env.MSSQL_URL); u.pathname = "/municipal"; console.log(u.toString())')
MS2PG_TARGET=$(node -e 'const u = new URL(process.env.PG_URL); u.pathname = "/walk"; console.log(u.toString())')
export MS2PG_SOURCE MS2PG_TARGET
rm -rf /tmp/walk && mkdir -p /tmp/walk
ROOT=$PWD
cd /tmp/walk
step() { echo "\$ migrate $*"; }
migrate() { node "$ROOT/bin/migrate" "$@" 2>&1 || echo "exit code $?"; }
step check; migrate check
step introspect; migrate introspect --out catalog.json
step plan; migrate plan --catalog catalog.json --mappings "$ROOT/examples/municipal/mappings.yaml" --out plan
step apply pre-data; migrate apply --plan plan --phase pre-data
step copy; migrate copy --plan plan --jobs 2
step apply post-data; migrate apply --plan plan --phase post-data
step verify; migrate verify --plan plan && echo "exit code 0"
echo "\$ psql .../walk -c \"SELECT last_name, first_name FROM public.citizen WHERE last_name LIKE 'иван%' OR last_name ILIKE 'ПЕТР%' ORDER BY last_name\""
psql "$MS2PG_TARGET" -X -c "SELECT last_name, first_name FROM public.citizen WHERE last_name LIKE 'иван%' OR last_name ILIKE 'ПЕТР%' ORDER BY last_name"
step check --plan plan; migrate check --plan plan
