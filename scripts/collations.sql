-- What case-insensitive text does on this PostgreSQL: docs/collations.md was written from its output
-- on PostgreSQL 15 and 18. Run it in a scratch database (it creates and drops schema ms2pg_measure):
--   psql -X -f scripts/collations.sql "postgres://user@host/scratch"
-- Errors are part of the result (e.g. "nondeterministic collations are not supported for LIKE").
\set ON_ERROR_STOP 0
\pset footer off
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS ms2pg_measure CASCADE;
CREATE SCHEMA ms2pg_measure;
SET search_path = ms2pg_measure, public;
CREATE EXTENSION IF NOT EXISTS citext;
SELECT version();
CREATE COLLATION ci (provider = icu, locale = 'ru-u-ks-level2', deterministic = false);
CREATE COLLATION ciai (provider = icu, locale = 'ru-u-ks-level1', deterministic = false);
CREATE COLLATION ru (provider = icu, locale = 'ru');
-- icu: nondeterministic collation; citext: citext ordered by the deterministic ru collation.
CREATE TABLE t_icu (name varchar(50) COLLATE ci UNIQUE);
CREATE TABLE t_citext (name citext COLLATE ru UNIQUE);
INSERT INTO t_icu VALUES ('Иванов'), ('Åsa'), ('apple'), ('Banana'), ('ёлка'), ('Ель'), ('zeta');
INSERT INTO t_citext SELECT name FROM t_icu;

\echo == unique key, a value differing only in case (both must fail)
INSERT INTO t_icu VALUES ('ИВАНОВ');
INSERT INTO t_citext VALUES ('ИВАНОВ');
\echo == = 'иВАНОВ' (1 each)
SELECT (SELECT count(*) FROM t_icu WHERE name = 'иВАНОВ') AS icu, (SELECT count(*) FROM t_citext WHERE name = 'иВАНОВ') AS citext;
\echo == LIKE 'ив%'
SELECT count(*) AS icu FROM t_icu WHERE name LIKE 'ив%';
SELECT count(*) AS citext FROM t_citext WHERE name LIKE 'ив%';
\echo == ILIKE 'ИВ%'
SELECT count(*) AS icu FROM t_icu WHERE name ILIKE 'ИВ%';
SELECT count(*) AS citext FROM t_citext WHERE name ILIKE 'ИВ%';
\echo == ~ '^ив' and SIMILAR TO 'ив%'
SELECT count(*) AS icu FROM t_icu WHERE name ~ '^ив';
SELECT count(*) AS icu FROM t_icu WHERE name SIMILAR TO 'ив%';
SELECT count(*) AS citext FROM t_citext WHERE name ~ '^ив';
SELECT count(*) AS citext FROM t_citext WHERE name SIMILAR TO 'ив%';
\echo == strpos and replace
SELECT strpos(name, 'АН') AS icu FROM t_icu WHERE name = 'иванов';
SELECT replace(name, 'ан', 'x') AS icu FROM t_icu WHERE name = 'иванов';
SELECT strpos(name, 'АН') AS citext FROM t_citext WHERE name = 'иванов';
\echo == ORDER BY
SELECT string_agg(name, ',' ORDER BY name) AS icu FROM t_icu;
SELECT string_agg(name::text, ',' ORDER BY name) AS citext FROM t_citext;
SELECT string_agg(name::text, ',' ORDER BY name::text COLLATE "C") AS code_points FROM t_citext;
\echo == the workaround on a nondeterministic column: an explicit deterministic collation
SELECT count(*) AS icu_collate_ilike FROM t_icu WHERE name COLLATE ru ILIKE 'ИВ%';
SELECT count(*) AS icu_lower_similar FROM t_icu WHERE lower(name COLLATE ru) SIMILAR TO '[и]в%';
\echo == accent-insensitive: = 'asa' on 'Åsa', LIKE 'Елк%' on 'ёлка'
CREATE TABLE t_ai (name varchar(20) COLLATE ciai);
INSERT INTO t_ai VALUES ('Åsa'), ('ёлка');
SELECT count(*) AS ai_equal FROM t_ai WHERE name = 'asa';
SELECT count(*) AS ai_like FROM t_ai WHERE name LIKE 'Елк%';
SELECT count(*) AS citext_equal FROM t_citext WHERE name = 'asa';

\echo == index use: 300,000 rows
CREATE TABLE p_icu (id int, name varchar(60) COLLATE ci);
CREATE TABLE p_citext (id int, name citext COLLATE ru);
INSERT INTO p_icu SELECT i, (ARRAY['Иванов', 'Петров', 'Smith', 'Сидоров', 'Jones', 'Кузнецов'])[1 + i % 6] || i FROM generate_series(1, 300000) i;
INSERT INTO p_citext SELECT * FROM p_icu;
CREATE INDEX ON p_icu (name);
CREATE INDEX ON p_citext (name);
ANALYZE p_icu, p_citext;
EXPLAIN (COSTS OFF) SELECT * FROM p_icu WHERE name = 'иванов6';
EXPLAIN (COSTS OFF) SELECT * FROM p_citext WHERE name = 'иванов6';
EXPLAIN (COSTS OFF) SELECT * FROM p_icu WHERE name LIKE 'иванов12%';
EXPLAIN (COSTS OFF) SELECT * FROM p_citext WHERE name LIKE 'иванов12%';
EXPLAIN (COSTS OFF) SELECT * FROM p_icu ORDER BY name LIMIT 10;
EXPLAIN (COSTS OFF) SELECT * FROM p_citext ORDER BY name LIMIT 10;
\echo == timings without an index (sequential scans; run twice, read the second)
SET enable_indexscan = off;
SET enable_bitmapscan = off;
SET max_parallel_workers_per_gather = 0;
\timing on
SELECT count(*) AS icu_equal FROM p_icu WHERE name = 'иванов6';
SELECT count(*) AS citext_equal FROM p_citext WHERE name = 'иванов6';
SELECT count(*) AS icu_like FROM p_icu WHERE name LIKE '%нов12%';
SELECT count(*) AS citext_like FROM p_citext WHERE name LIKE '%нов12%';
SELECT count(*) AS icu_sort FROM (SELECT name FROM p_icu ORDER BY name OFFSET 0) s;
SELECT count(*) AS citext_sort FROM (SELECT name FROM p_citext ORDER BY name OFFSET 0) s;
\timing off
DROP SCHEMA ms2pg_measure CASCADE;
