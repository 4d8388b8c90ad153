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

/** The message, plus PostgreSQL's DETAIL and HINT when the server sent them (e.g. "Key (id)=(888) is duplicated."). */
export function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { detail, hint } = error as { detail?: unknown; hint?: unknown };
  const extra = [typeof detail === 'string' && detail !== '' ? `DETAIL: ${detail}` : '', typeof hint === 'string' && hint !== '' ? `HINT: ${hint}` : ''].filter(Boolean);
  return extra.length === 0 ? error.message : `${error.message} (${extra.join(' ')})`;
}
