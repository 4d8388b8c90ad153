import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveSettings } from '../../../src/config/load.js';
import { migrateFailure } from '../../support/failure.js';

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ms2pg-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}


describe('resolveSettings', () => {
  it('applies flags > environment > file > defaults', () => {
    const cwd = dirWith({ 'migrate.config.yaml': 'source:\n  port: 1500\n  database: FromFile\n  user: file_user\n' });
    const settings = resolveSettings({
      cwd,
      env: { MS2PG_SOURCE_DATABASE: 'FromEnv', MS2PG_SOURCE_USER: 'env_user' },
      flags: { 'source.user': 'flag_user' },
    });
    expect(settings.get('source.user')).toBe('flag_user');
    expect(settings.origin('source.user')).toBe('flag');
    expect(settings.get('source.database')).toBe('FromEnv');
    expect(settings.origin('source.database')).toBe('env');
    expect(settings.get('source.port')).toBe(1500);
    expect(settings.origin('source.port')).toBe('file');
    expect(settings.get('source.encrypt')).toBe(true);
    expect(settings.origin('source.encrypt')).toBe('default');
    expect(settings.configFile).toBe(join(cwd, 'migrate.config.yaml'));
  });

  it('reads JSON config given with --config and interpolates ${VAR} and ${VAR:-fallback}', () => {
    const cwd = dirWith({ 'cfg.json': JSON.stringify({ source: { password: '${SECRET}', database: '${DB:-Municipal}', host: '$${literal}' } }) });
    const settings = resolveSettings({ cwd, env: { SECRET: 'p@ss' }, flags: {}, configPath: 'cfg.json' });
    expect(settings.get('source.password')).toBe('p@ss');
    expect(settings.get('source.database')).toBe('Municipal');
    expect(settings.get('source.host')).toBe('${literal}');
  });

  it('names the path and the expectation for invalid values, from every origin', () => {
    const cwd = dirWith({ 'migrate.config.yaml': 'source:\n  port: "x"\n  encrypt: maybe\n' });
    const error = migrateFailure(() => resolveSettings({ cwd, env: { MS2PG_SOURCE_CONNECT_TIMEOUT_SECONDS: '0' }, flags: {} }));
    expect(error.category).toBe('usage');
    const lines = error.message.split('\n');
    expect(lines).toContain(`source.port: expected an integer >= 1 and <= 65535, got "x" (in ${join(cwd, 'migrate.config.yaml')})`);
    expect(lines).toContain(`source.encrypt: expected true or false, got "maybe" (in ${join(cwd, 'migrate.config.yaml')})`);
    expect(lines).toContain('source.connectTimeoutSeconds: expected an integer >= 1, got "0" (from environment variable MS2PG_SOURCE_CONNECT_TIMEOUT_SECONDS)');
  });

  it('reports a bad flag value with the flag name', () => {
    const error = migrateFailure(() => resolveSettings({ cwd: dirWith({}), env: {}, flags: { 'source.port': 'abc' } }));
    expect(error.message).toBe('source.port: expected an integer >= 1 and <= 65535, got "abc" (from --source-port)');
  });

  it('refuses unknown keys and suggests the nearest one', () => {
    const cwd = dirWith({ 'migrate.config.yaml': 'source:\n  databse: x\nsorce:\n  host: y\n' });
    const error = migrateFailure(() => resolveSettings({ cwd, env: {}, flags: {} }));
    expect(error.message).toContain('source.databse: unknown setting (did you mean source.database?)');
    expect(error.message).toContain('sorce: unknown setting (did you mean source?)');
  });

  it('names a missing environment variable and its path', () => {
    const cwd = dirWith({ 'migrate.config.yaml': 'source:\n  password: ${NOT_SET_ANYWHERE}\n' });
    const error = migrateFailure(() => resolveSettings({ cwd, env: {}, flags: {} }));
    expect(error.message).toContain('source.password: environment variable NOT_SET_ANYWHERE is not set');
  });

  it('never echoes a secret value in a validation error', () => {
    const cwd = dirWith({ 'migrate.config.yaml': 'source:\n  password: 12345\n' });
    const error = migrateFailure(() => resolveSettings({ cwd, env: {}, flags: {} }));
    expect(error.message).toContain('source.password: expected a non-empty string, got (hidden)');
    expect(error.message).not.toContain('12345');
  });

  it('reports YAML syntax errors with the file and line', () => {
    const cwd = dirWith({ 'migrate.config.yaml': 'source:\n  host: [unclosed\n' });
    const error = migrateFailure(() => resolveSettings({ cwd, env: {}, flags: {} }));
    expect(error.message).toMatch(/migrate\.config\.yaml: not valid YAML at line \d+/);
  });

  it('reports a missing --config file', () => {
    const error = migrateFailure(() => resolveSettings({ cwd: dirWith({}), env: {}, flags: {}, configPath: 'nope.yaml' }));
    expect(error.message).toMatch(/nope\.yaml: file not found$/);
  });

  it('accepts lists as YAML arrays and as comma-separated env values', () => {
    const cwd = dirWith({ 'migrate.config.yaml': 'include:\n  - dbo.*\n  - sales\n' });
    expect(resolveSettings({ cwd, env: {}, flags: {} }).get('include')).toEqual(['dbo.*', 'sales']);
    expect(resolveSettings({ cwd, env: { MS2PG_EXCLUDE: 'audit.*, tmp' }, flags: {} }).get('exclude')).toEqual(['audit.*', 'tmp']);
  });
});
