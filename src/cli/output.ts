/**
 * All terminal output goes through here: human text and progress on stderr, the result on stdout
 * (JSON with --json). Every string passes through `redact`, so a secret cannot leak by accident.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { t } from '../i18n/index.js';
import { redact, redactJson } from '../secrets.js';

export interface OutputOptions {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
  readonly color: boolean;
}

export interface OutputStreams {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export class Output {
  readonly style: ChalkInstance;
  /** Once events were printed, stdout is JSON Lines and the result must be one line too. */
  private eventsWritten = false;

  constructor(
    readonly options: OutputOptions,
    private readonly streams: OutputStreams,
  ) {
    this.style = new Chalk({ level: options.color ? 1 : 0 });
  }

  /** Normal progress narration; silenced by --quiet. */
  info(text: string): void {
    if (!this.options.quiet) this.writeErr(text);
  }

  /** Details for --verbose only. */
  detail(text: string): void {
    if (this.options.verbose) this.writeErr(this.style.dim(text));
  }

  warn(text: string): void {
    this.writeErr(`${this.style.yellow(t('output.warning'))} ${text}`);
  }

  error(text: string, hint?: string): void {
    this.writeErr(`${this.style.red(t('output.error'))} ${text}`);
    if (hint !== undefined) this.writeErr(`${this.style.dim(t('output.hint'))} ${hint}`);
  }

  /** For a command run inside another (migrate run): human output only, all of it on stderr. */
  nested(): Output {
    return new Output({ ...this.options, json: false }, { stdout: this.streams.stderr, stderr: this.streams.stderr });
  }

  /** A machine-readable event (one JSON line on stdout), only with --json. */
  event(json: unknown): void {
    if (!this.options.json) return;
    this.eventsWritten = true;
    this.streams.stdout.write(`${JSON.stringify(redactJson(json))}\n`);
  }

  /** The terminal for progress bars, when there is one and nothing asked for silence. */
  progressStream(): (NodeJS.WritableStream & { isTTY?: boolean }) | undefined {
    return this.options.json || this.options.quiet || this.streams.stderr.isTTY !== true ? undefined : this.streams.stderr;
  }

  /** The command's result: JSON on stdout with --json, otherwise the human rendering on stdout. */
  result(json: unknown, human: string): void {
    if (this.options.json) this.streams.stdout.write(`${JSON.stringify(redactJson(json), null, this.eventsWritten ? undefined : 2)}\n`);
    else if (human !== '') this.streams.stdout.write(`${redact(human)}\n`);
  }

  private writeErr(text: string): void {
    this.streams.stderr.write(`${redact(text)}\n`);
  }
}

/** Colour only when asked, NO_COLOR is unset, and stderr is a terminal. */
export function colorWanted(flag: boolean, env: NodeJS.ProcessEnv, stderr: OutputStreams['stderr']): boolean {
  return flag && (env.NO_COLOR ?? '') === '' && (stderr.isTTY === true || (env.FORCE_COLOR ?? '') !== '');
}

/** cli-progress's tokens, as parameters of a message that places them in a bar's format. */
export const BAR_TOKENS = { value: '{value}', total: '{total}', rate: '{rate}', eta: '{eta_formatted}' } as const;

/** Fixed-width table for human output. */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
