/**
 * Entry of an export worker thread: it asks the main thread for chunks (which alone keeps the
 * manifest) and tells it what it wrote. Encoding is CPU-bound, so each core gets its own worker.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openSource } from '../source-config.js';
import { runExportWorker, type ExportJob, type ExportThreadData, type ExportThreadMessage } from './export.js';

const data = workerData as ExportThreadData;
const port = parentPort;
if (port === null) throw new Error('export-thread.js must run as a worker thread');
const post = (message: ExportThreadMessage): void => {
  port.postMessage(message);
};

await runExportWorker({
  workerId: data.workerId,
  dir: data.dir,
  tables: new Map(data.tables.map((t) => [`${t.target.schema}.${t.target.name}`, t])),
  options: data.options,
  openSource: () => openSource(data.source),
  next: () =>
    new Promise<ExportJob | undefined>((resolve) => {
      port.once('message', (job: ExportJob | null) => {
        resolve(job ?? undefined);
      });
      post({ type: 'next' });
    }),
  emit: (event) => {
    post({ type: 'event', event });
  },
});
port.close();
