// Child process of the synthetic benchmark: `migrate verify` with the synthetic source in place of
// SQL Server (the same verifyTable, options, lanes in worker threads and report status as
// src/cli/commands/verify.ts).
// The synthetic source computes no checksums, so at level checksum every range is compared row by
// row. Prints the verify report as JSON on stdout; exit 0 only when every table is equal.
//
//   node scripts/bench/synthetic-verify.mjs --plan DIR --target URL [--jobs N] [--level checksum] [--tables GLOB]... [--large-values SIZES]
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import { selectTables } from '../../dist/copy/run-copy.js';
import { readPlanDirectory } from '../../dist/plan/plan-io.js';
import { overallStatus } from '../../dist/verify/report.js';
import { openLanes } from '../../dist/verify/thread-lane.js';
import { LanePool, verifyTable } from '../../dist/verify/verify.js';

const { values } = parseArgs({
  options: {
    plan: { type: 'string', default: 'plan' },
    target: { type: 'string' },
    jobs: { type: 'string', default: String(availableParallelism()) },
    level: { type: 'string', default: 'checksum' },
    tables: { type: 'string', multiple: true, default: [] },
    'large-values': { type: 'string' },
  },
});
const jobs = Number(values.jobs);
const tables = selectTables(readPlanDirectory(values.plan), values.tables);
const started = performance.now();
const source = { kind: 'synthetic', ...(values['large-values'] === undefined ? {} : { largeValueBytes: values['large-values'].split(',').map(Number) }) };
const opened = await openLanes(jobs, { source, target: { connectionString: values.target }, retrySeconds: 0 }, process.env);
let verdicts;
try {
  const lanes = new LanePool(opened);
  const limit = pLimit(jobs);
  const options = { level: values.level, examplesPerTable: 10, rowsPerRange: 50_000, maxRowsInMemory: 2_000_000, onDifference: () => undefined };
  verdicts = await Promise.all(tables.map((table) => limit(() => verifyTable(lanes, table, options))));
} finally {
  await Promise.all(opened.map((lane) => lane.close()));
}
const report = { level: values.level, jobs, status: overallStatus(verdicts), tables: verdicts, seconds: (performance.now() - started) / 1000 };
process.stdout.write(`${JSON.stringify(report)}\n`);
process.exitCode = report.status === 'equal' ? 0 : report.status === 'different' ? 1 : 2;
