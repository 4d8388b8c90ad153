/**
 * Entry of a copy worker thread: encoding is CPU-bound, so each core gets its own worker. Events go
 * to the main thread, which alone writes output (through the redactor) and the rejects file.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { PlanTable } from '../plan/plan-model.js';
import type { PgConnectionSettings } from '../target/postgres/connection.js';
import { openFeed, openTarget, type SourceConfig } from './source-config.js';
import { queueSignal, runWorker, type CopyOptions } from './worker.js';

export interface WorkerThreadData {
  readonly workerId: string;
  readonly tables: readonly PlanTable[];
  readonly source: SourceConfig;
  readonly target: PgConnectionSettings;
  readonly options: CopyOptions;
}

const data = workerData as WorkerThreadData;
const port = parentPort;
if (port === null) throw new Error('worker-thread.js must run as a worker thread');
let stopped = false;
// The thread starts while the run prepares the queue; 'claim' says it is ready ('stop' also ends the wait).
const { queueReady, claim } = queueSignal();
port.on('message', (message: unknown) => {
  if (message === 'stop') stopped = true;
  if (message === 'stop' || message === 'claim') claim();
});
// Listening keeps the thread alive until the queue is ready, and no longer: not once the work is done.
void queueReady.then(() => {
  port.unref();
});
await runWorker({
  workerId: data.workerId,
  tables: new Map(data.tables.map((t) => [`${t.target.schema}.${t.target.name}`, t])),
  options: data.options,
  openSource: () => openFeed(data.source),
  openTarget: () => openTarget(data.target, process.env),
  emit: (event) => {
    port.postMessage(event);
  },
  stopped: () => stopped,
  queueReady,
});
