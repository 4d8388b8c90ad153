/** What a subcommand is: metadata and settings as data, plus the function that does the work. */
import type { Settings } from '../config/load.js';
import type { SettingKey } from '../config/settings.js';
import type { ExitCode } from './exit-codes.js';
import type { Output } from './output.js';

export interface CommandContext {
  readonly settings: Settings;
  /** Positional arguments, as declared in `CommandDefinition.arguments`. */
  readonly args: readonly string[];
  readonly output: Output;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export interface CommandOutcome {
  readonly exitCode: ExitCode;
  /** The --json result. */
  readonly json: unknown;
  /** The human rendering of the same result. */
  readonly human: string;
}

export interface CommandArgument {
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
  readonly variadic?: boolean;
}

export interface CommandDefinition {
  /** `check`, or `mappings explain` for a subcommand of a command group. */
  readonly name: string;
  readonly arguments?: readonly CommandArgument[];
  readonly summary: string;
  /** Shown under "Examples:" in the command's --help. */
  readonly examples: readonly string[];
  /** Settings (by key) this command takes as flags; every setting can still come from file or env. */
  readonly settings: readonly SettingKey[];
  run(context: CommandContext): Promise<CommandOutcome>;
}
