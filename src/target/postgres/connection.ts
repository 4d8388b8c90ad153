/**
 * PostgreSQL connection: a URL, or the libpq environment (PGHOST, PGPORT, PGUSER, PGPASSWORD,
 * PGDATABASE, PGSSLMODE) that `pg` reads natively. Failures become one clear line without secrets.
 */
import pg from 'pg';
import type { Settings } from '../../config/load.js';
import { MigrateError, usageError } from '../../errors.js';
import { registerSecret } from '../../secrets.js';

export interface PgConnectionSettings {
  /** Undefined: use the libpq environment. */
  readonly connectionString: string | undefined;
}

export function pgSettingsFrom(settings: Settings, env: NodeJS.ProcessEnv): PgConnectionSettings {
  const connectionString = settings.get('target.connection');
  registerSecret(env.PGPASSWORD);
  if (connectionString !== undefined) {
    if (!/^postgres(ql)?:\/\//i.test(connectionString)) {
      throw usageError('TARGET_URL_INVALID', 'target connection: expected a postgres:// or postgresql:// URL', 'or leave --target out and set PGHOST, PGUSER, PGDATABASE, PGPASSWORD');
    }
    try {
      const password = new URL(connectionString).password;
      registerSecret(password === '' ? undefined : decodeURIComponent(password));
    } catch {
      throw usageError('TARGET_URL_INVALID', 'target connection: not a valid postgres:// URL');
    }
  }
  return { connectionString };
}

export function pgClientConfig(s: PgConnectionSettings): pg.ClientConfig {
  return {
    ...(s.connectionString === undefined ? {} : { connectionString: s.connectionString }),
    application_name: 'ms2pg',
  };
}

/** `user@host:5432/db` from the URL or the environment — what a log line may say. */
export function describePg(s: PgConnectionSettings, env: NodeJS.ProcessEnv): string {
  if (s.connectionString !== undefined) {
    const url = new URL(s.connectionString);
    const user = url.username === '' ? '' : `${decodeURIComponent(url.username)}@`;
    return `${user}${url.hostname || 'localhost'}:${url.port || '5432'}/${decodeURIComponent(url.pathname.replace(/^\//, '')) || '(default database)'}`;
  }
  const user = env.PGUSER ?? env.USER;
  return `${user === undefined ? '' : `${user}@`}${env.PGHOST ?? 'localhost'}:${env.PGPORT ?? '5432'}/${env.PGDATABASE ?? user ?? '(default database)'}`;
}

export async function connectPg(s: PgConnectionSettings, env: NodeJS.ProcessEnv): Promise<pg.Client> {
  const client = new pg.Client(pgClientConfig(s));
  // Errors on an idle client (server restart) are reported by the next query, not as a crash.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw explainPgConnectError(error, describePg(s, env));
  }
}

export function explainPgConnectError(error: unknown, where: string): MigrateError {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const fail = (text: string): MigrateError =>
    new MigrateError('TARGET_CONNECT_FAILED', 'connection', `PostgreSQL ${where}: ${text}`, { cause: error });
  switch (code) {
    case '28P01':
    case '28000':
      return fail('authentication failed (wrong user or password, or pg_hba.conf refuses this login)');
    case '3D000':
      return fail('database does not exist');
    case 'ECONNREFUSED':
      return fail('connection refused (nothing listens on that port)');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return fail('host not found');
    case 'ETIMEDOUT':
      return fail('no answer (host down or firewall)');
    default:
      return fail(message.split('\n')[0] ?? message);
  }
}
