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

  it('speaks the language asked for by --lang, --lang=, MS2PG_LANG, the config file or LANG, and English otherwise, run after run', async () => {
    const russian = 'ошибка: нечего проверять: укажите --source и/или --target (или задайте их в migrate.config.yaml)';
    const english = 'error: nothing to check: give --source and/or --target (or set them in migrate.config.yaml)';
    expect((await run(['check', '--lang', 'ru'])).err).toContain(russian);
    expect((await run(['check'])).err).toContain(english);
    expect((await run(['check', '--lang=ru'])).err).toContain(russian);
    expect((await run(['check'], { MS2PG_LANG: 'ru' })).err).toContain(russian);
    expect((await run(['check'], { LANG: 'ru_RU.UTF-8' })).err).toContain(russian);
    expect((await run(['check', '--lang', 'en'], { LANG: 'ru_RU.UTF-8' })).err).toContain(english);
    const cwd = mkdtempSync(join(tmpdir(), 'ms2pg-cli-'));
    writeFileSync(join(cwd, 'migrate.config.yaml'), 'lang: ru\n');
    expect((await run(['check'], {}, cwd)).err).toContain(russian);
    // commander's own words stay English; ours around them follow the language, before any command runs.
    const unknown = await run(['check', '--frobnicate', '--lang', 'ru']);
    expect(unknown.code).toBe(3);
    expect(unknown.err).toContain('(справка: --help)');
    const badValue = await run(['check', '--lang', 'ru'], { MS2PG_SOURCE_PORT: 'x' });
    expect(badValue.err).toContain('ошибка: source.port: ожидается целое число >= 1 и <= 65535, получено "x" (из переменной окружения MS2PG_SOURCE_PORT)');
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

  it('a usage error commander finds (unknown flag, missing value) still prints a JSON error on stdout with --json', async () => {
    for (const argv of [['check', '--frobnicate', '--json'], ['--json', 'plan', '--frobnicate'], ['plan', '--json', '--out']]) {
      const { code, out } = await run(argv);
      expect(code, argv.join(' ')).toBe(3);
      const result = JSON.parse(out) as { formatVersion: number; ok: boolean; error: { code: string; message: string } };
      expect(result, argv.join(' ')).toMatchObject({ formatVersion: 1, ok: false });
      expect(result.error.code, argv.join(' ')).toMatch(/^[A-Z_]+$/);
      expect(result.error.message, argv.join(' ')).toMatch(/option/);
    }
    expect(JSON.parse((await run(['check', '--frobnicate', '--json'])).out)).toEqual({ formatVersion: 1, ok: false, error: { code: 'UNKNOWN_OPTION', message: "unknown option '--frobnicate'" } });
    // A mistyped flag can carry a connection string: the JSON is redacted like everything else.
    expect((await run(['check', '--json', '--sorce=mssql://sa:Secret%21@db01/x'])).out).toContain('mssql://sa:***@db01/x');
    // Without --json, stdout stays empty; --help is not an error.
    expect((await run(['check', '--frobnicate'])).out).toBe('');
    expect((await run(['check', '--help', '--json'])).code).toBe(0);
  });

  it('--help shows the default of every flag that has one', async () => {
    const help = async (...argv: string[]): Promise<string> => (await run([...argv, '--help'])).out.replace(/\s+/g, ' ');
    expect(await help('verify')).toMatch(/--level <level> .*\[default: checksum; config: verify\.level; env: MS2PG_VERIFY_LEVEL\]/);
    expect(await help('copy')).toMatch(/--jobs <n> .*\[default: CPU cores; config: copy\.jobs;/);
    expect(await help('copy')).toMatch(/--on-error <mode> .*\[default: stop;/);
    expect(await help('introspect')).toMatch(/--out <file> .*\[default: catalog\.json;/);
    // Its default depends on --target, so the description says it instead of a [default: ...].
    expect(await help('plan')).toMatch(/--target-version <major> .*\(default: the newest, 18\).*\[config: plan\.targetVersion;/);
    // An off switch has no default worth showing; a flag without a default shows none.
    expect(await help('copy')).toMatch(/--restart [^[]*\[config: copy\.restart;/);
    expect(await help('plan')).toMatch(/--identifiers <policy> [^[]*\[config: plan\.identifiers;/);
  });
});
