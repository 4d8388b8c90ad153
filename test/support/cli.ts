/** Runs the built CLI (bin/migrate -> dist/) as a child process, as a user would. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/migrate', import.meta.url));

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runMigrate(args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env.PATH, NO_COLOR: '1', ...options.env }, cwd: options.cwd, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The result object of a `--json` run: the whole output, or after one-line events its last line. */
export function resultJson(run: CliRun): unknown {
  const text = run.stdout.trimEnd();
  return JSON.parse(text.startsWith('{\n') ? text : (text.split('\n').at(-1) ?? ''));
}
