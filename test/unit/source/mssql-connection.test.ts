import { describe, expect, it } from 'vitest';
import { resolveSettings } from '../../../src/config/load.js';
import { MigrateError } from '../../../src/errors.js';
import { describeMssql, mssqlPoolConfig, mssqlSettingsFrom, parseMssqlConnectionString } from '../../../src/source/mssql/connection.js';

const settingsWith = (flags: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) =>
  mssqlSettingsFrom(resolveSettings({ cwd: '/nonexistent-dir', env, flags }));

describe('parseMssqlConnectionString', () => {
  it('reads a URL with an encoded password and query options', () => {
    expect(parseMssqlConnectionString("mssql://mig%40r:p%3B%40'%25w@sql01.city.local:14330/Муниципалитет?encrypt=false&trustServerCertificate=true")).toEqual({
      host: 'sql01.city.local',
      port: 14330,
      database: 'Муниципалитет',
      user: 'mig@r',
      password: "p;@'%w",
      encrypt: false,
      trustServerCertificate: true,
    });
  });

  it('reads an ADO.NET string with synonyms, tcp: prefix, port and quoted values', () => {
    expect(
      parseMssqlConnectionString("Data Source=tcp:sql01,1444; Initial Catalog=Budget; UID=u; PWD='a;b''c'; Encrypt=Mandatory; TrustServerCertificate=no; Connect Timeout=30"),
    ).toEqual({ host: 'sql01', port: 1444, database: 'Budget', user: 'u', password: "a;b'c", encrypt: true, trustServerCertificate: false, connectTimeoutSeconds: 30 });
  });

  it('reads ODBC braces, named instances and Encrypt=Optional', () => {
    expect(parseMssqlConnectionString('Server=.\\SQLEXPRESS;Database=db;User Id=sa;Password={x;}}y};Encrypt=Optional')).toEqual({
      host: 'localhost',
      instance: 'SQLEXPRESS',
      database: 'db',
      user: 'sa',
      password: 'x;}y',
      encrypt: false,
    });
  });

  it('refuses integrated security and unknown keywords clearly', () => {
    expect(() => parseMssqlConnectionString('Server=a;Integrated Security=SSPI')).toThrow(/Integrated Security is not supported/);
    expect(() => parseMssqlConnectionString('Server=a;Colour=blue')).toThrow(/unknown connection string keyword "Colour"/);
    expect(() => parseMssqlConnectionString('Database=db')).toThrow(/no server given/);
    expect(() => parseMssqlConnectionString("Server=a;Password='open")).toThrow(/unterminated quoted value for Password/);
  });
});

describe('mssqlSettingsFrom', () => {
  it('encrypts by default with certificate validation, and has no request timeout', () => {
    const s = settingsWith({ 'source.connection': 'mssql://u@h/db' });
    expect(s.encrypt).toBe(true);
    expect(s.trustServerCertificate).toBe(false);
    const config = mssqlPoolConfig(s);
    expect(config.requestTimeout).toBe(0);
    expect(config.options?.packetSize).toBe(32767);
    expect(config.options?.encrypt).toBe(true);
  });

  it('takes the password from MSSQL_PASSWORD when the connection string has none, and prefers the given one', () => {
    expect(settingsWith({ 'source.connection': 'mssql://u@h/db' }, { MSSQL_PASSWORD: 'from-env' }).password).toBe('from-env');
    expect(settingsWith({ 'source.connection': 'mssql://u:given@h/db' }, { MSSQL_PASSWORD: 'from-env' }).password).toBe('given');
  });

  it('lets discrete settings override parts of the connection string', () => {
    const s = settingsWith({ 'source.connection': 'Server=h,1500;Database=a;User Id=u', 'source.database': 'b', 'source.port': '1600' });
    expect([s.host, s.port, s.database, s.user]).toEqual(['h', 1600, 'b', 'u']);
  });

  it('keeps an explicit encrypt=false from the URL (opting out is explicit)', () => {
    expect(settingsWith({ 'source.connection': 'mssql://u@h/db?encrypt=false' }).encrypt).toBe(false);
  });

  it('describes a connection without its password', () => {
    const s = settingsWith({ 'source.connection': 'mssql://u:topsecret@h:1433/db' });
    expect(describeMssql(s)).toBe('u@h:1433/db');
  });

  it('asks for a source when none is given', () => {
    expect(() => settingsWith({})).toThrow(MigrateError);
    expect(() => settingsWith({})).toThrow(/no SQL Server source given/);
  });
});
