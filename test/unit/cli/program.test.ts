import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../../support/run-cli.js';

const run = (argv: string[], env: NodeJS.ProcessEnv = {}, cwd?: string) => runInProcess(argv, { env, ...(cwd === undefined ? {} : { cwd }) });

describe('migrate CLI', () => {
  it('--help lists the subcommands and the global options', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('check [options]');
    for (const flag of ['--config <file>', '--json', '--quiet', '--verbose', '--no-color']) expect(out).toContain(flag);
  });

  it('each subcommand --help shows a usage example and the config key of each flag', async () => {
    const { code, out } = await run(['check', '--help']);
    expect(code).toBe(0);
    expect(out).toContain('Examples:');
    expect(out).toContain('$ MSSQL_PASSWORD=... migrate check --source');
    expect(out).toContain('config: source.connection');
  });

  it('unknown options and commands are usage errors (exit 3)', async () => {
    expect((await run(['check', '--frobnicate'])).code).toBe(3);
    expect((await run(['nosuchcommand'])).code).toBe(3);
  });

  it('a config error exits 3 naming the path', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ms2pg-cli-'));
    writeFileSync(join(cwd, 'migrate.config.yaml'), 'source:\n  port: x\n');
    const { code, err } = await run(['check', '--no-color'], {}, cwd);
    expect(code).toBe(3);
    expect(err).toMatch(/^error: source\.port: expected an integer >= 1 and <= 65535, got "x"/);
  });

  it('check without source or target is a usage error; --json still gives a JSON result', async () => {
    const { code, out } = await run(['check', '--json']);
    expect(code).toBe(3);
    expect(JSON.parse(out)).toMatchObject({ ok: false, error: { code: 'CHECK_NOTHING' } });
  });

  it('check --json with passwords that are JSON words prints valid JSON, the passwords masked only as credentials', async () => {
    const { code, out, err } = await run(['check', '--json', '--source', 'mssql://sa:false@127.0.0.1:1/db?encrypt=false', '--target', 'postgres://bob:connected@127.0.0.1:1/db']);
    expect(code).toBe(4);
    const result = JSON.parse(out) as { source: { connected: boolean; connection: string }; target: { connected: boolean } };
    expect(result).toMatchObject({ source: { connected: false, connection: 'sa@127.0.0.1:1/db' }, target: { connected: false } });
    expect(`${out}${err}`).not.toMatch(/:false@|:connected@/);
  });
});
