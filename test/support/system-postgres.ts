/**
 * A throwaway cluster of an installed PostgreSQL (Debian's postgresql-15 package puts its binaries in
 * /usr/lib/postgresql/15/bin): initdb into a temporary directory, start on a free loopback port,
 * stop and remove on teardown. The suite tests version-dependent behaviour (case-insensitive text,
 * LIKE on nondeterministic collations) on PostgreSQL 15 this way, next to the embedded 18.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freeLoopbackPort } from '../../src/target/postgres/embedded.js';

const run = promisify(execFile);

export interface SystemPostgres {
  readonly url: string;
  stop(): Promise<void>;
}

/** Where Debian installs a major version's server binaries. */
export function debianBinDir(major: number): string | undefined {
  const dir = `/usr/lib/postgresql/${major}/bin`;
  return existsSync(join(dir, 'initdb')) ? dir : undefined;
}

export async function startSystemPostgres(binDir: string, purpose: string): Promise<SystemPostgres> {
  // The directory name is what CI looks for to prove no server outlives a run (ms2pg-test-pg-*).
  const dir = mkdtempSync(join(tmpdir(), `ms2pg-${purpose}-`));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const password = randomBytes(12).toString('hex');
  const passwordFile = join(dir, 'password');
  writeFileSync(passwordFile, password, { mode: 0o644 });
  const port = await freeLoopbackPort();
  // PostgreSQL refuses to run as root: run its programs as the postgres user the package created.
  const as = (program: string, args: readonly string[]): Promise<unknown> =>
    process.getuid?.() === 0 ? run('runuser', ['-u', 'postgres', '--', join(binDir, program), ...args]) : run(join(binDir, program), [...args]);
  const settings = [`-p ${port}`, "-c listen_addresses='127.0.0.1'", `-c unix_socket_directories='${dir}'`, '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'];
  try {
    await as('initdb', ['-D', data, '-U', 'postgres', `--pwfile=${passwordFile}`, '--auth-host=scram-sha-256', '--auth-local=peer', '--encoding=UTF8', '--locale=C.UTF-8']);
    await as('pg_ctl', ['-D', data, '-o', settings.join(' '), '-l', join(dir, 'server.log'), '-w', 'start']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await as('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
