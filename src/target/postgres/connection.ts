/**
 * PostgreSQL connection: a URL, or the libpq environment (PGHOST, PGPORT, PGUSER, PGPASSWORD,
 * PGDATABASE, PGSSLMODE) that `pg` reads natively. Failures become one clear line without secrets.
 */
import pg from 'pg';
import type { Settings } from '../../config/load.js';
import { MigrateError, usageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
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
      throw usageError('TARGET_URL_INVALID', t('error.TARGET_URL_INVALID.scheme'), t('hint.TARGET_URL_INVALID'));
    }
    try {
      const password = new URL(connectionString).password;
      registerSecret(password === '' ? undefined : decodeURIComponent(password));
    } catch {
      throw usageError('TARGET_URL_INVALID', t('error.TARGET_URL_INVALID'));
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
    return `${user}${url.hostname || 'localhost'}:${url.port || '5432'}/${decodeURIComponent(url.pathname.replace(/^\//, '')) || t('connection.defaultDatabase')}`;
  }
  const user = env.PGUSER ?? env.USER;
  return `${user === undefined ? '' : `${user}@`}${env.PGHOST ?? 'localhost'}:${env.PGPORT ?? '5432'}/${env.PGDATABASE ?? user ?? t('connection.defaultDatabase')}`;
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
    new MigrateError('TARGET_CONNECT_FAILED', 'connection', t('error.TARGET_CONNECT_FAILED', { where, reason: text }), { cause: error });
  switch (code) {
    case '28P01':
    case '28000':
      return fail(t('connect.pg.authentication'));
    case '3D000':
      return fail(t('connect.pg.noDatabase'));
    case 'ECONNREFUSED':
      return fail(t('connect.refused'));
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return fail(t('connect.pg.hostNotFound'));
    case 'ETIMEDOUT':
      return fail(t('connect.pg.timeout'));
    default:
      return fail(message.split('\n')[0] ?? message);
  }
}
