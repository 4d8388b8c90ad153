/**
 * SQL Server connection settings: parsed from a URL, an ADO.NET connection string or discrete
 * settings, merged, and turned into an `mssql` pool. Passwords are registered as secrets the moment
 * they are parsed, and connection failures become one clear line without them.
 */
import mssql from 'mssql';
import type { Settings } from '../../config/load.js';
import { MigrateError, usageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { registerSecret } from '../../secrets.js';

export interface MssqlConnectionSettings {
  readonly host: string;
  readonly port: number | undefined;
  readonly instance: string | undefined;
  readonly database: string | undefined;
  readonly user: string | undefined;
  readonly password: string | undefined;
  readonly encrypt: boolean;
  readonly trustServerCertificate: boolean;
  readonly connectTimeoutSeconds: number;
  /** 0: no limit. */
  readonly requestTimeoutSeconds: number;
}

type Parsed = Partial<{ -readonly [K in keyof MssqlConnectionSettings]: MssqlConnectionSettings[K] }>;

/** Accepts `mssql://` / `sqlserver://` URLs and ADO.NET `Key=Value;` strings. */
export function parseMssqlConnectionString(text: string): Parsed {
  const trimmed = text.trim();
  return /^(mssql|sqlserver):\/\//i.test(trimmed) ? parseUrl(trimmed) : parseAdo(trimmed);
}

function parseUrl(text: string): Parsed {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usageError('SOURCE_URL_INVALID', t('error.SOURCE_URL_INVALID'), t('hint.SOURCE_URL_INVALID'));
  }
  const password = url.password === '' ? undefined : decodeURIComponent(url.password);
  registerSecret(password);
  const out: Parsed = { host: url.hostname.replace(/^\[(.*)\]$/, '$1') };
  if (url.port !== '') out.port = Number(url.port);
  const path = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (path !== '') out.database = path;
  if (url.username !== '') out.user = decodeURIComponent(url.username);
  if (password !== undefined) out.password = password;
  for (const [name, value] of url.searchParams) applyKeyword(out, name, value, 'url');
  return out;
}

/** ADO.NET / ODBC style: `Server=tcp:host,1433;Database=db;User Id=u;Password='p;w'`. */
function parseAdo(text: string): Parsed {
  const out: Parsed = {};
  for (const [name, value] of splitKeywordPairs(text)) applyKeyword(out, name, value, 'ado');
  if (out.host === undefined) {
    throw usageError('SOURCE_CONNECTION_INVALID', t('error.SOURCE_CONNECTION_INVALID.noServer'), t('hint.SOURCE_CONNECTION_INVALID.noServer'));
  }
  return out;
}

/** Splits `a=1;b='x;y';c={p;q}` honouring quotes, doubled quotes and ODBC braces. */
function splitKeywordPairs(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf('=', i);
    if (eq < 0) {
      if (text.slice(i).trim() !== '') throw usageError('SOURCE_CONNECTION_INVALID', t('error.SOURCE_CONNECTION_INVALID.pairs'));
      break;
    }
    const name = text.slice(i, eq).trim();
    let j = eq + 1;
    while (text[j] === ' ') j++;
    let value = '';
    const open = text[j];
    if (open === "'" || open === '"' || open === '{') {
      const close = open === '{' ? '}' : open;
      j++;
      for (;;) {
        if (j >= text.length) throw usageError('SOURCE_CONNECTION_INVALID', t('error.SOURCE_CONNECTION_INVALID.unterminated', { name }));
        if (text[j] === close) {
          if (text[j + 1] === close) {
            value += close;
            j += 2;
            continue;
          }
          j++;
          break;
        }
        value += text.charAt(j);
        j++;
      }
      const semi = text.indexOf(';', j);
      i = semi < 0 ? text.length : semi + 1;
    } else {
      const semi = text.indexOf(';', j);
      const end = semi < 0 ? text.length : semi;
      value = text.slice(j, end).trim();
      i = end + 1;
    }
    if (name !== '') pairs.push([name, value]);
  }
  return pairs;
}

function applyKeyword(out: Parsed, rawName: string, value: string, from: 'url' | 'ado'): void {
  const name = rawName.toLowerCase().replace(/[\s_-]/g, '');
  switch (name) {
    case 'server':
    case 'datasource':
    case 'address':
    case 'addr':
    case 'networkaddress':
    case 'host': {
      // tcp:host\instance,port
      const match = /^(?:tcp:)?([^,\\]+)(?:\\([^,]+))?(?:,\s*(\d+))?$/i.exec(value.trim());
      if (match === null) throw usageError('SOURCE_CONNECTION_INVALID', t('error.SOURCE_CONNECTION_INVALID.server', { value }));
      const host = match[1] ?? '';
      out.host = host === '.' || host.toLowerCase() === '(local)' ? 'localhost' : host;
      if (match[2] !== undefined) out.instance = match[2];
      if (match[3] !== undefined) out.port = Number(match[3]);
      return;
    }
    case 'port':
      out.port = parsePort(value);
      return;
    case 'instance':
    case 'instancename':
      out.instance = value;
      return;
    case 'database':
    case 'initialcatalog':
      out.database = value;
      return;
    case 'userid':
    case 'uid':
    case 'user':
    case 'username':
      out.user = value;
      return;
    case 'password':
    case 'pwd':
      registerSecret(value);
      out.password = value;
      return;
    case 'encrypt':
      out.encrypt = parseEncrypt(value);
      return;
    case 'trustservercertificate':
      out.trustServerCertificate = parseFlag(value, rawName);
      return;
    case 'connecttimeout':
    case 'connectiontimeout':
    case 'timeout':
      out.connectTimeoutSeconds = parseSeconds(value, rawName);
      return;
    case 'requesttimeout':
    case 'commandtimeout':
      out.requestTimeoutSeconds = parseSeconds(value, rawName);
      return;
    case 'integratedsecurity':
    case 'trustedconnection':
    case 'authentication':
      throw usageError('SOURCE_AUTH_UNSUPPORTED', t('error.SOURCE_AUTH_UNSUPPORTED', { name: rawName }));
    case 'applicationname':
    case 'app':
    case 'multipleactiveresultsets':
    case 'persistsecurityinfo':
    case 'pooling':
    case 'multisubnetfailover':
    case 'applicationintent':
      return; // Accepted for compatibility; they do not change how ms2pg connects.
    default:
      throw usageError('SOURCE_CONNECTION_INVALID', from === 'url' ? t('error.SOURCE_CONNECTION_INVALID.urlParameter', { name: rawName }) : t('error.SOURCE_CONNECTION_INVALID.keyword', { name: rawName }));
  }
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw usageError('SOURCE_CONNECTION_INVALID', t('error.SOURCE_CONNECTION_INVALID.port', { value }));
  return port;
}

function parseSeconds(value: string, name: string): number {
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 0) throw usageError('SOURCE_CONNECTION_INVALID', t('error.SOURCE_CONNECTION_INVALID.seconds', { name, value }));
  return seconds;
}

function parseFlag(value: string, name: string): boolean {
  const word = value.trim().toLowerCase();
  if (['true', 'yes', '1'].includes(word)) return true;
  if (['false', 'no', '0'].includes(word)) return false;
  throw usageError('SOURCE_CONNECTION_INVALID', t('error.SOURCE_CONNECTION_INVALID.flag', { name, value }));
}

/** `Encrypt` also takes the Microsoft.Data.SqlClient words: Mandatory/Strict (on), Optional (off). */
function parseEncrypt(value: string): boolean {
  const word = value.trim().toLowerCase();
  if (['mandatory', 'strict'].includes(word)) return true;
  if (word === 'optional') return false;
  return parseFlag(value, 'Encrypt');
}

/** Merges the connection string with discrete settings; discrete settings the user set win. */
export function mssqlSettingsFrom(settings: Settings): MssqlConnectionSettings {
  const connection = settings.get('source.connection');
  const parsed: Parsed = connection === undefined ? {} : parseMssqlConnectionString(connection);
  const explicit = <T>(key: Parameters<Settings['get']>[0], value: T | undefined): T | undefined =>
    settings.origin(key) === 'default' ? undefined : value;

  const host = settings.get('source.host') ?? parsed.host;
  if (host === undefined) {
    throw usageError('SOURCE_MISSING', t('error.SOURCE_MISSING'), t('hint.SOURCE_MISSING'));
  }
  const password = parsed.password ?? settings.get('source.password');
  registerSecret(password);
  return {
    host,
    port: settings.get('source.port') ?? parsed.port,
    instance: settings.get('source.instance') ?? parsed.instance,
    database: settings.get('source.database') ?? parsed.database,
    user: settings.get('source.user') ?? parsed.user,
    password,
    encrypt: explicit('source.encrypt', settings.get('source.encrypt')) ?? parsed.encrypt ?? true,
    trustServerCertificate:
      explicit('source.trustServerCertificate', settings.get('source.trustServerCertificate')) ?? parsed.trustServerCertificate ?? false,
    connectTimeoutSeconds:
      explicit('source.connectTimeoutSeconds', settings.get('source.connectTimeoutSeconds')) ?? parsed.connectTimeoutSeconds ?? 15,
    requestTimeoutSeconds:
      explicit('source.requestTimeoutSeconds', settings.get('source.requestTimeoutSeconds')) ?? parsed.requestTimeoutSeconds ?? 0,
  };
}

/** `user@host:1433/db` — what a log line may say about a connection. */
export function describeMssql(s: MssqlConnectionSettings): string {
  const where = s.instance === undefined ? `${s.host}:${s.port ?? 1433}` : `${s.host}\\${s.instance}`;
  return `${s.user === undefined ? '' : `${s.user}@`}${where}/${s.database ?? t('connection.defaultDatabase')}`;
}

export function mssqlPoolConfig(s: MssqlConnectionSettings, maxConnections = 4): mssql.config {
  return {
    server: s.host,
    ...(s.port === undefined ? {} : { port: s.port }),
    ...(s.database === undefined ? {} : { database: s.database }),
    ...(s.user === undefined ? {} : { user: s.user }),
    ...(s.password === undefined ? {} : { password: s.password }),
    connectionTimeout: s.connectTimeoutSeconds * 1000,
    // tedious treats 0 as "no timeout"; the mssql default of 15 s kills long catalog and data reads.
    requestTimeout: s.requestTimeoutSeconds * 1000,
    pool: { min: 0, max: maxConnections, idleTimeoutMillis: 30_000 },
    options: {
      encrypt: s.encrypt,
      trustServerCertificate: s.trustServerCertificate,
      // 32 KB TDS packets instead of 4 KB: fewer round trips on bulk reads.
      packetSize: 32767,
      appName: 'ms2pg',
      useUTC: true,
      enableArithAbort: true,
      ...(s.instance === undefined ? {} : { instanceName: s.instance }),
    },
  };
}

export async function connectMssql(s: MssqlConnectionSettings, maxConnections?: number): Promise<mssql.ConnectionPool> {
  const pool = new mssql.ConnectionPool(mssqlPoolConfig(s, maxConnections));
  // An idle pool error must not crash the process; requests report their own errors.
  pool.on('error', () => undefined);
  try {
    return await pool.connect();
  } catch (error) {
    await pool.close().catch(() => undefined);
    throw explainMssqlConnectError(error, s);
  }
}

/** Turns a driver failure into one line that says what is wrong, never echoing the password. */
export function explainMssqlConnectError(error: unknown, s: MssqlConnectionSettings): MigrateError {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  // tedious hides socket errors (ECONNREFUSED, ENOTFOUND) inside originalError.cause(.errors).
  const causes = errorCodes(error).join(' ');
  const where = describeMssql(s);
  const fail = (text: string, hint?: string): MigrateError =>
    new MigrateError('SOURCE_CONNECT_FAILED', 'connection', t('error.SOURCE_CONNECT_FAILED', { where, reason: text }), { cause: error, ...(hint === undefined ? {} : { hint }) });
  if (code === 'ELOGIN') {
    if (/cannot open database/i.test(message) || /database .* does not exist/i.test(message)) {
      return fail(t('connect.mssql.database', { database: s.database ?? '' }));
    }
    return fail(t('connect.mssql.login', { user: s.user ?? '' }));
  }
  if (/certificate|self[- ]signed|SSL|TLS/i.test(message)) {
    return fail(t('connect.mssql.tls', { reason: firstLine(message) }), t('hint.SOURCE_CONNECT_FAILED.tls'));
  }
  if (code === 'ETIMEOUT') return fail(t('connect.mssql.timeout', { seconds: s.connectTimeoutSeconds }));
  if (code === 'EINSTLOOKUP') return fail(t('connect.mssql.instance', { instance: s.instance ?? '' }));
  if (causes.includes('ECONNREFUSED')) return fail(t('connect.refused'));
  if (/ENOTFOUND|EAI_AGAIN/.test(causes)) return fail(t('connect.mssql.hostNotFound', { host: s.host }));
  return fail(firstLine(message));
}

/** Codes found anywhere in an error's chain: originalError, cause and AggregateError members. */
function errorCodes(error: unknown, depth = 0): string[] {
  if (typeof error !== 'object' || error === null || depth > 5) return [];
  const e = error as { code?: unknown; originalError?: unknown; cause?: unknown; errors?: unknown };
  return [
    ...(typeof e.code === 'string' ? [e.code] : []),
    ...errorCodes(e.originalError, depth + 1),
    ...errorCodes(e.cause, depth + 1),
    ...(Array.isArray(e.errors) ? e.errors.flatMap((inner) => errorCodes(inner, depth + 1)) : []),
  ];
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
