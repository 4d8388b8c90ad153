/** Entry of a verify lane's worker thread (thread-lane.ts): opens the connections, then answers the lane's calls. */
import { parentPort, workerData } from 'node:worker_threads';
import { LocalLane } from './lane.js';
import { toThreadError, type LaneCall, type LaneMessage, type LaneThreadData } from './thread-lane.js';

const data = workerData as LaneThreadData;
const port = parentPort;
if (port === null) throw new Error('lane-worker.js must run as a worker thread');
const post = (message: LaneMessage): void => {
  port.postMessage(message);
};

async function openLane(): Promise<LocalLane | undefined> {
  try {
    return await LocalLane.open(data.source, data.target, process.env, data.retrySeconds);
  } catch (error) {
    post({ type: 'open-failed', error: toThreadError(error) });
    return undefined;
  }
}

function answer(lane: LocalLane, call: LaneCall): Promise<unknown> {
  switch (call.op) {
    case 'counts':
      return lane.counts(call.table);
    case 'boundaries':
      return lane.boundaries(call.table, call.rows);
    case 'checksumsAgree':
      return lane.checksumsAgree(call.table, call.range);
    case 'diff':
      return lane.diff(call.table, call.range);
    case 'close':
      return lane.close();
  }
}

const lane = await openLane();
if (lane !== undefined) {
  port.on('message', ({ id, call }: { id: number; call: LaneCall }) => {
    answer(lane, call).then(
      (value) => {
        post({ type: 'result', id, value });
        if (call.op === 'close') port.close();
      },
      (error: unknown) => {
        post({ type: 'failed', id, error: toThreadError(error) });
      },
    );
  });
  post({ type: 'ready' });
}
