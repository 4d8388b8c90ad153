#!/usr/bin/env node
/** Process entry: run the CLI against the real process and exit with its code. */
import { runCli } from './program.js';

process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
});
