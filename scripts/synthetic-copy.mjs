// Copies synthetic rows with the real pipeline (encoders, writer, queue, worker threads) into
// PostgreSQL: used by the kill -9 fault test and by `npm run bench` in synthetic mode.
// usage: node scripts/synthetic-copy.mjs --plan DIR --target URL [--jobs N] [--rows-per-chunk N] [--large-values SIZES]
import { parseArgs } from 'node:util';
import { runCopy } from '../dist/copy/run-copy.js';
import { readPlanDirectory } from '../dist/plan/plan-io.js';

const { values } = parseArgs({
  options: {
    plan: { type: 'string' },
    target: { type: 'string' },
    jobs: { type: 'string', default: '2' },
    'rows-per-chunk': { type: 'string' },
    tables: { type: 'string', multiple: true, default: [] },
    restart: { type: 'boolean', default: false },
    // Sizes of the large values of rows 1, 2, ... (the benchmark's large-values part).
    'large-values': { type: 'string' },
  },
});
const plan = readPlanDirectory(values.plan);
// Errors end the process as the CLI's do, by its exit code once everything has closed (an uncaught
// error would end it at once, hiding anything left running).
let summary;
try {
  summary = await runCopy(
    plan,
    { kind: 'synthetic', ...(values['large-values'] === undefined ? {} : { largeValueBytes: values['large-values'].split(',').map(Number) }) },
    { connectionString: values.target },
    process.env,
    {
      jobs: Number(values.jobs),
      rowsPerChunk: values['rows-per-chunk'] === undefined ? undefined : Number(values['rows-per-chunk']),
      tables: values.tables,
      restart: values.restart,
      truncate: false,
      workerOnly: false,
      rejectsFile: '/dev/null',
      nul: 'reject',
      onError: 'stop',
      retrySeconds: 300,
      maxRejectsPerChunk: 0,
    },
    () => undefined,
  );
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
if (summary !== undefined) {
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  process.exitCode = summary.complete ? 0 : 2;
}
