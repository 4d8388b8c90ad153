/**
 * Every expected failure is a MigrateError with a stable code. The CLI maps the error's category to an
 * exit code in one place (cli/exit-codes.ts); nothing else decides exit codes.
 */
export type ErrorCategory =
  /** Bad flags, bad config, malformed input files: the user must change what they asked for. */
  | 'usage'
  /** Cannot reach or log in to a database. */
  | 'connection'
  /** Anything that went wrong while doing the work. */
  | 'runtime';

export class MigrateError extends Error {
  override readonly name = 'MigrateError';

  constructor(
    /** Stable, greppable identifier such as `CONFIG_INVALID`. */
    readonly code: string,
    readonly category: ErrorCategory,
    message: string,
    options?: { cause?: unknown; hint?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.hint = options?.hint;
  }

  /** One line telling the user what to do about it, when we know. */
  readonly hint: string | undefined;
}

export function usageError(code: string, message: string, hint?: string): MigrateError {
  return new MigrateError(code, 'usage', message, hint === undefined ? undefined : { hint });
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
