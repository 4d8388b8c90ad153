/** Runs the CLI in-process (from the sources) with captured streams. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/program.js';

export async function runInProcess(argv: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<{ code: number; out: string; err: string; cwd: string }> {
  const cwd = options.cwd ?? mkdtempSync(join(tmpdir(), 'ms2pg-cli-'));
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await runCli(argv, { env: options.env ?? {}, cwd, stdout, stderr });
  return { code, out, err, cwd };
}
