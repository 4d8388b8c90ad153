/**
 * A lane in a worker thread: the thread opens its own source and target connections and does the
 * lane's work (lane-worker.ts); calls and their results cross as messages. Decoding the source's
 * rows, reading the target's and comparing them is CPU-bound on our side, so `--jobs n` gives verify
 * n threads, as it gives the copy.
 */
import { Worker } from 'node:worker_threads';
import type { KeyRange } from '../copy/row-source.js';
import type { RowSourceConfig } from '../copy/source-config.js';
import { builtEntry } from '../copy/thread-entry.js';
import { MigrateError, errorMessage, type ErrorCategory } from '../errors.js';
import { t, threadEnv } from '../i18n/index.js';
import type { PlanTable } from '../plan/plan-model.js';
import type { PgConnectionSettings } from '../target/postgres/connection.js';
import { LocalLane, type Lane, type LaneCounts } from './lane.js';
import type { Difference } from './verify.js';

export interface LaneThreadData {
  readonly source: RowSourceConfig;
  readonly target: PgConnectionSettings;
  /** How long a lane waits out a lost connection or server restart (retrying on new connections). */
  readonly retrySeconds: number;
}

export type LaneCall =
  | { readonly op: 'counts'; readonly table: PlanTable }
  | { readonly op: 'boundaries'; readonly table: PlanTable; readonly rows: number }
  | { readonly op: 'checksumsAgree'; readonly table: PlanTable; readonly range: KeyRange }
  | { readonly op: 'diff'; readonly table: PlanTable; readonly range: KeyRange }
  | { readonly op: 'close' };

/** An error as it crosses the thread boundary: a MigrateError keeps its code and category (exit codes depend on them). */
export interface ThreadError {
  readonly message: string;
  readonly code?: string;
  readonly category?: ErrorCategory;
  readonly hint?: string;
}

export type LaneMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'open-failed'; readonly error: ThreadError }
  | { readonly type: 'result'; readonly id: number; readonly value: unknown }
  | { readonly type: 'failed'; readonly id: number; readonly error: ThreadError };

export function toThreadError(error: unknown): ThreadError {
  if (error instanceof MigrateError) return { message: error.message, code: error.code, category: error.category, ...(error.hint === undefined ? {} : { hint: error.hint }) };
  return { message: errorMessage(error) };
}

function fromThreadError(error: ThreadError): Error {
  if (error.code === undefined || error.category === undefined) return new Error(error.message);
  return new MigrateError(error.code, error.category, error.message, error.hint === undefined ? undefined : { hint: error.hint });
}

/**
 * A lane worker's young generation: twice the copy worker's (WORKER_RESOURCE_LIMITS), because a
 * merge keeps rows of both sides alive at once. Live verify of narrow, wide and typed from
 * Babelfish, --jobs 2: 12 MB 15.5-16.5 s (CPU 13.3-14.3 s), 24 MB 14.4-15.2 s (CPU 11.4-12.5 s),
 * 48 MB 15.8 s; peak RSS no higher (260-305 MB against 308-329 MB).
 */
const LANE_WORKER_LIMITS = { maxYoungGenerationSizeMb: 24 } as const;

/**
 * `jobs` lanes on connections of their own, opened at once: each in a worker thread when running
 * from the build, in this thread from sources (tests). Closing the lanes is the caller's; if one
 * fails to open, those opened are closed and the first error is thrown.
 */
export async function openLanes(jobs: number, data: LaneThreadData, env: NodeJS.ProcessEnv): Promise<Lane[]> {
  const entry = builtEntry(new URL('./lane-worker.js', import.meta.url));
  const opened = await Promise.allSettled(Array.from({ length: jobs }, () => (entry === undefined ? LocalLane.open(data.source, data.target, env, data.retrySeconds) : ThreadLane.open(entry, data, env))));
  const lanes = opened.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = opened.find((result) => result.status === 'rejected');
  if (failure !== undefined) {
    await Promise.all(lanes.map((lane) => lane.close()));
    throw failure.reason;
  }
  return lanes;
}

export class ThreadLane implements Lane {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private failure: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: LaneMessage) => {
      if (message.type !== 'result' && message.type !== 'failed') return;
      const call = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.type === 'result') call?.resolve(message.value);
      else call?.reject(fromThreadError(message.error));
    });
    const fail = (error: Error): void => {
      this.failure ??= error;
      for (const call of this.pending.values()) call.reject(this.failure);
      this.pending.clear();
    };
    worker.on('error', (error) => {
      fail(new Error(t('verify.workerFailed', { reason: errorMessage(error) })));
    });
    worker.on('exit', () => {
      fail(new Error(t('verify.workerExited')));
    });
  }

  /** Starts a worker and waits until its connections are open; a failure to connect is thrown here, as from the main thread. */
  static async open(entry: string, data: LaneThreadData, env: NodeJS.ProcessEnv): Promise<ThreadLane> {
    const worker = new Worker(entry, { workerData: data, env: threadEnv(env), resourceLimits: LANE_WORKER_LIMITS });
    const opened = await new Promise<LaneMessage>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => {
        reject(new Error(t('verify.workerExitedEarly', { code })));
      });
    });
    if (opened.type === 'open-failed') {
      await worker.terminate();
      throw fromThreadError(opened.error);
    }
    return new ThreadLane(worker);
  }

  private call<T>(call: LaneCall): Promise<T> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      // The worker answers each call with the value the Lane method of LocalLane returned.
      this.pending.set(id, {
        resolve: (value) => {
          resolve(value as T);
        },
        reject,
      });
      this.worker.postMessage({ id, call });
    });
  }

  counts(table: PlanTable): Promise<LaneCounts> {
    return this.call({ op: 'counts', table });
  }

  boundaries(table: PlanTable, rows: number): Promise<string[][]> {
    return this.call({ op: 'boundaries', table, rows });
  }

  checksumsAgree(table: PlanTable, range: KeyRange): Promise<boolean | undefined> {
    return this.call({ op: 'checksumsAgree', table, range });
  }

  diff(table: PlanTable, range: KeyRange): Promise<Difference[]> {
    return this.call({ op: 'diff', table, range });
  }

  async close(): Promise<void> {
    if (this.failure === undefined) await this.call({ op: 'close' }).catch(() => undefined);
    await this.worker.terminate();
  }
}
