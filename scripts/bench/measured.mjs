// Runs a Node script in this process and, on exit, writes process.resourceUsage() to the file
// named by BENCH_USAGE_FILE: peak RSS (maxRSS, KiB) and CPU time (µs) of the whole process, worker
// threads included, measured by the OS without /usr/bin/time. Used by measure.mjs.
//
//   BENCH_USAGE_FILE=usage.json node scripts/bench/measured.mjs SCRIPT [ARGS...]
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [script, ...args] = process.argv.slice(2);
const usageFile = process.env.BENCH_USAGE_FILE;
if (script === undefined || usageFile === undefined) {
  console.error('usage: BENCH_USAGE_FILE=FILE node scripts/bench/measured.mjs SCRIPT [ARGS...]');
  process.exit(3);
}
// Not inherited by the script's own children, whose usage is not ours.
delete process.env.BENCH_USAGE_FILE;
process.on('exit', () => {
  writeFileSync(usageFile, JSON.stringify(process.resourceUsage()));
});
// The script reads its arguments from process.argv as if it had been started directly.
process.argv = [process.argv[0] ?? 'node', resolve(script), ...args];
await import(pathToFileURL(resolve(script)).href);
