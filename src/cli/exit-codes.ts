/** The one place that decides exit codes. Commands return outcomes; errors carry a category. */
import { CommanderError } from 'commander';
import { MigrateError } from '../errors.js';

export const ExitCode = {
  /** Everything done (and, for verify, everything equal). */
  Ok: 0,
  /** Verification found differences. */
  Differences: 1,
  /** Incomplete or unverified: some work could not be done or proven. */
  Incomplete: 2,
  /** Usage or configuration error. */
  Usage: 3,
  /** Connection or runtime error. */
  Runtime: 4,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export function exitCodeForError(error: unknown): ExitCode {
  if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
  if (error instanceof MigrateError) return error.category === 'usage' ? ExitCode.Usage : ExitCode.Runtime;
  return ExitCode.Runtime;
}
