/**
 * A TDS server of a test's own, for tests that restart the source: Babelfish started by the
 * workspace's tds-server scripts (MS2PG_TDS_SERVER is their folder; .ci/run sets it) on free ports
 * with a data directory of its own, so restarting it disturbs no other test. Outside this workspace
 * such tests skip.
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort } from '../../src/target/postgres/embedded.js';

export const TDS_SERVER_DIR = process.env.MS2PG_TDS_SERVER ?? '';
export const hasTdsServerScripts = TDS_SERVER_DIR !== '';

export interface PrivateTdsServer {
  /** mssql:// URL of its master database. */
  readonly url: string;
  /** Fast shutdown (sessions are cut), `pauseMs` down, then up again. */
  restart(pauseMs: number): Promise<void>;
  stop(): Promise<void>;
}

function script(name: 'start' | 'stop', env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(join(TDS_SERVER_DIR, name), [], { env: { ...process.env, ...env }, timeout: 300_000 }, (error, stdout, stderr) => {
      if (error === null) resolve(stdout);
      else reject(new Error(`tds-server ${name} failed: ${stderr.split('\n').slice(-8).join('\n')}`));
    });
  });
}

export async function startPrivateTdsServer(): Promise<PrivateTdsServer> {
  const dir = mkdtempSync(join(tmpdir(), 'ms2pg-tds-private-'));
  chmodSync(dir, 0o777); // the server runs as the postgres user
  const env = { TDS_PORT: String(await freeLoopbackPort()), TDS_PG_PORT: String(await freeLoopbackPort()), TDS_DATA: join(dir, 'data') };
  const url = (await script('start', env)).trim().split('\n').at(-1) ?? '';
  return {
    url,
    restart: async (pauseMs) => {
      await script('stop', env);
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
      await script('start', env);
    },
    stop: async () => {
      await script('stop', env);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
