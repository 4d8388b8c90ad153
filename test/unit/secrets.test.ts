import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Output } from '../../src/cli/output.js';
import { redact, redactJson, registerSecret } from '../../src/secrets.js';

/** Passwords that are also words, numbers or JSON punctuation of ordinary output. */
const AWKWARD = ['true', 'false', 'applied', '0', '"', '}', 'null', ':', ',', 'p w;d'];
for (const password of AWKWARD) registerSecret(password);

/** ADO.NET quoting: braces when the value holds a separator or a quote. */
const ado = (password: string): string => (/[;'"{}\s]/.test(password) ? `{${password.replace(/\}/g, '}}')}}` : password);

function capture(json: boolean): { output: Output; text: () => string } {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { output: new Output({ json, quiet: false, verbose: false, color: false }, { stdout, stderr: new PassThrough() }), text: () => text };
}

describe('redact', () => {
  it('leaves JSON valid and unchanged when passwords are true, applied, 0, " or }', () => {
    const result = { formatVersion: 1, ok: true, done: false, applied: 3, status: 'applied', rows: 0, text: '"} {"a": 1}', nothing: null, list: [0, true, 'applied'] };
    expect(redactJson(result)).toEqual(result);
    const { output, text } = capture(true);
    output.event({ type: 'progress', ok: true, rows: 0 });
    output.result(result, '');
    const lines = text().trimEnd().split('\n');
    // With events, stdout is JSON Lines: every line parses.
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([{ type: 'progress', ok: true, rows: 0 }, result]);
  });

  it('leaves the human summary alone when the password is one of its words', () => {
    const { output, text } = capture(false);
    output.result({}, '3 applied, 0 already applied, 0 failed in 0.1 s: true');
    expect(text()).toBe('3 applied, 0 already applied, 0 failed in 0.1 s: true\n');
  });

  it('masks every such password where it is a credential: URLs, connection strings, environment, JSON fields', () => {
    for (const password of AWKWARD) {
      expect(redact(`connecting to mssql://sa:${encodeURIComponent(password)}@db01:1433/x failed`)).toBe('connecting to mssql://sa:***@db01:1433/x failed');
      expect(redact(`postgres://bob:${encodeURIComponent(password)}@pg:5432/x`)).toBe('postgres://bob:***@pg:5432/x');
      expect(redact(`Server=db01;Password=${ado(password)};Database=x`)).toBe('Server=db01;Password=***;Database=x');
      expect(redact(`Server=db01;PWD=${ado(password)}`)).toBe('Server=db01;PWD=***');
      expect(redact(`Unexpected token in {"source": {"password": ${JSON.stringify(password)}, "user": "sa"}}`)).toBe('Unexpected token in {"source": {"password": "***", "user": "sa"}}');
      // The same inside a JSON result: the string value is masked, the JSON stays valid.
      expect(JSON.parse(JSON.stringify(redactJson({ error: `login to mssql://sa:${encodeURIComponent(password)}@db01/x failed` })))).toEqual({ error: 'login to mssql://sa:***@db01/x failed' });
    }
    expect(redact('PGPASSWORD=applied MSSQL_PASSWORD="a ""b""" psql')).toBe('PGPASSWORD=*** MSSQL_PASSWORD=*** psql');
    expect(redact("Server=a;PWD='x;y'")).toBe('Server=a;PWD=***');
  });

  it('masks a distinctive registered password anywhere, also URL-encoded, but not inside a longer word', () => {
    registerSecret("p;@'%long1");
    expect(redact("login p;@'%long1 failed")).toBe('login *** failed');
    expect(redact(`url ${encodeURIComponent("p;@'%long1")}`)).toBe('url ***');
    registerSecret('Winter2024');
    expect(redact('driver said: password Winter2024 rejected; Winter20245 is another')).toBe('driver said: password *** rejected; Winter20245 is another');
    expect(redactJson({ message: 'password Winter2024 rejected', ok: false })).toEqual({ message: 'password *** rejected', ok: false });
  });

  it('masks a password field of a JSON result whatever its value, and a long letters-only passphrase anywhere', () => {
    expect(redactJson({ source: { user: 'sa', password: 'applied' }, PGPASSWORD: 'x', status: 'applied' })).toEqual({ source: { user: 'sa', password: '***' }, PGPASSWORD: '***', status: 'applied' });
    registerSecret('CorrectHorseBatteryStaple');
    expect(redact('login with CorrectHorseBatteryStaple failed')).toBe('login with *** failed');
  });

  it('masks credentials in URLs and key=value strings it never saw', () => {
    expect(redact('postgres://bob:hunter2@db:5432/x')).toBe('postgres://bob:***@db:5432/x');
    expect(redact('Server=a;Password=hunter2;Database=b')).toBe('Server=a;Password=***;Database=b');
  });
});
