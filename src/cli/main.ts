#!/usr/bin/env node
/** Process entry: run the CLI against the real process and exit with its code. */
import { runCli } from './program.js';

// A reader that goes away (`migrate plan ... | head`) loses the rest of the output; the work and
// its exit code go on, instead of the process dying with an unhandled EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
});
