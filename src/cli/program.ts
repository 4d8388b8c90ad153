/**
 * Builds the commander program from the declarations: global settings, then one subcommand per
 * CommandDefinition, each flag generated from its setting (settings.ts). Runs a command and turns
 * its outcome or error into output and an exit code.
 */
import { createRequire } from 'node:module';
import { Command, CommanderError, Option } from 'commander';
import { resolveSettings } from '../config/load.js';
import { defaultText, envNames, type OptionSpec } from '../config/option-spec.js';
import { SETTINGS, type SettingKey } from '../config/settings.js';
import { MigrateError, errorMessage } from '../errors.js';
import { LANGUAGES, languageFromEnv, setLanguage, t, type Language } from '../i18n/index.js';
import { redact, redactJson } from '../secrets.js';
import type { CommandDefinition } from './command.js';
import { COMMANDS } from './commands/index.js';
import { ExitCode, exitCodeForError } from './exit-codes.js';
import { Output, colorWanted, type OutputStreams } from './output.js';

const GLOBAL_SETTINGS = ['config', 'json', 'quiet', 'verbose', 'color', 'lang'] as const satisfies readonly SettingKey[];

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

export interface CliEnvironment extends OutputStreams {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function runCli(argv: readonly string[], environment: CliEnvironment): Promise<ExitCode> {
  // The language is needed before commander and the config file can fail; the config file may still change it.
  setLanguage(languageFromArgs(argv) ?? languageFromEnv(environment.env));
  let exitCode: ExitCode = ExitCode.Ok;
  const program = buildProgram(environment, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // commander has printed its message on stderr; --json also gets the error where it looks for results.
    if (error.exitCode !== 0 && jsonWanted(argv, environment.env)) {
      const code = error.code.replace(/^commander\./, '').replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
      environment.stdout.write(`${JSON.stringify(redactJson(failureResult(code, error.message.replace(/^error: /, ''))), null, 2)}\n`);
    }
    return exitCodeForError(error);
  }
  return exitCode;
}

/** `--lang ru` or `--lang=ru` among the arguments (before `--`), when it names a known language. */
function languageFromArgs(argv: readonly string[]): Language | undefined {
  const end = argv.indexOf('--');
  const args = end < 0 ? argv : argv.slice(0, end);
  const at = args.findLastIndex((arg) => arg === '--lang' || arg.startsWith('--lang='));
  const arg = args[at];
  const value = arg === undefined ? undefined : arg === '--lang' ? args[at + 1] : arg.slice('--lang='.length);
  return LANGUAGES.find((language) => language === value);
}

/** --json (or its environment variable) among arguments commander could not make sense of. */
function jsonWanted(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  const end = argv.indexOf('--');
  if ((end < 0 ? argv : argv.slice(0, end)).includes('--json')) return true;
  const fromEnv = envNames(SETTINGS.json).map((name) => env[name]).find((value) => value !== undefined && value !== '');
  const parsed = fromEnv === undefined ? undefined : SETTINGS.json.parse(fromEnv);
  return parsed !== undefined && 'value' in parsed && parsed.value;
}

function failureResult(code: string, message: string): unknown {
  return { formatVersion: 1, ok: false, error: { code, message } };
}

function buildProgram(environment: CliEnvironment, setExitCode: (code: ExitCode) => void): Command {
  const program = new Command('migrate')
    .description('ms2pg: migrate a Microsoft SQL Server database to PostgreSQL — schema, data and proof.')
    .version(version, '--version', 'print the ms2pg version')
    .showHelpAfterError(t('program.helpAfterError'))
    .exitOverride()
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({
      writeOut: (text) => environment.stdout.write(text),
      writeErr: (text) => environment.stderr.write(redact(text)),
    });
  for (const key of GLOBAL_SETTINGS) program.addOption(commanderOption(SETTINGS[key]));

  const groups = new Map<string, Command>();
  for (const definition of COMMANDS) {
    const [first = definition.name, second] = definition.name.split(' ');
    let parent = program;
    let name = first;
    if (second !== undefined) {
      parent = groups.get(first) ?? program.command(first).description(`${first} commands`).exitOverride();
      groups.set(first, parent);
      name = second;
    }
    const command = parent
      .command(name)
      .summary(definition.summary)
      .description(definition.summary)
      .addHelpText('after', `\nExamples:\n${definition.examples.map((e) => `  $ ${e}`).join('\n')}\n`)
      .exitOverride()
      .action(async (...received: unknown[]) => {
        // commander passes the positional arguments, then the options, then the command itself.
        const self = received.at(-1) as Command;
        setExitCode(await runCommand(definition, self, environment));
      });
    for (const argument of definition.arguments ?? []) {
      const syntax = `${argument.required ? '<' : '['}${argument.name}${argument.variadic === true ? '...' : ''}${argument.required ? '>' : ']'}`;
      command.argument(syntax, argument.description);
    }
    for (const key of definition.settings) command.addOption(commanderOption(SETTINGS[key]));
  }
  return program;
}

function commanderOption(spec: OptionSpec): Option {
  if (spec.flag === undefined) throw new Error(`setting ${spec.key} has no flag`);
  const env = envNames(spec);
  const fallback = defaultText(spec);
  const suffix = [fallback === undefined ? '' : `default: ${fallback}`, spec.inConfigFile === false ? '' : `config: ${spec.key}`, env.length === 0 ? '' : `env: ${env.join(', ')}`]
    .filter(Boolean)
    .join('; ');
  const option = new Option(spec.flag, `${spec.description}${suffix === '' ? '' : ` [${suffix}]`}`);
  // Lists are repeatable flags; values are validated by the declaration, not by commander.
  if (spec.jsonSchema.type === 'array') {
    option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), ...value.split(',').map((s) => s.trim())]);
  }
  return option;
}

/** Maps commander's attribute names back to setting keys, keeping only flags the user actually typed. */
function flagsGiven(command: Command, keys: readonly SettingKey[]): Partial<Record<SettingKey, unknown>> {
  const values = command.optsWithGlobals<Record<string, unknown>>();
  const given: Partial<Record<SettingKey, unknown>> = {};
  for (const key of keys) {
    const flag = SETTINGS[key].flag;
    if (flag === undefined) continue;
    const attribute = new Option(flag).attributeName();
    if (command.getOptionValueSourceWithGlobals(attribute) === 'cli') given[key] = values[attribute];
  }
  return given;
}

async function runCommand(definition: CommandDefinition, command: Command, environment: CliEnvironment): Promise<ExitCode> {
  const flags = flagsGiven(command, [...GLOBAL_SETTINGS, ...definition.settings]);
  // Output settings are needed before the config file is read, to report its errors properly.
  const early = new Output(
    {
      json: flags.json === true,
      quiet: flags.quiet === true,
      verbose: flags.verbose === true,
      color: colorWanted(flags.color !== false, environment.env, environment.stderr),
    },
    environment,
  );
  let output = early;
  try {
    const configPath = flags.config ?? environment.env.MS2PG_CONFIG;
    const settings = resolveSettings({
      flags,
      env: environment.env,
      cwd: environment.cwd,
      configPath: typeof configPath === 'string' ? configPath : undefined,
    });
    output = new Output(
      {
        json: settings.get('json') === true,
        quiet: settings.get('quiet') === true,
        verbose: settings.get('verbose') === true,
        color: colorWanted(settings.get('color') !== false, environment.env, environment.stderr),
      },
      environment,
    );
    setLanguage(settings.get('lang') ?? languageFromEnv(environment.env));
    if (settings.configFile !== undefined) output.detail(t('program.configFile', { file: settings.configFile }));
    const args = command.args.filter((arg): arg is string => typeof arg === 'string');
    const outcome = await definition.run({ settings, args, output, env: environment.env, cwd: environment.cwd });
    output.result(outcome.json, outcome.human);
    return outcome.exitCode;
  } catch (error) {
    reportFailure(error, output);
    return exitCodeForError(error);
  }
}

function reportFailure(error: unknown, output: Output): void {
  if (error instanceof MigrateError) {
    const [first = '', ...rest] = error.message.split('\n');
    output.error(first, rest.length === 0 ? error.hint : undefined);
    for (const line of rest) output.error(line);
    if (rest.length > 0 && error.hint !== undefined) output.error(error.hint);
  } else {
    output.error(output.options.verbose ? t('program.unexpected', { error: errorMessage(error) }) : t('program.unexpectedMore', { error: errorMessage(error) }));
  }
  if (output.options.verbose) output.detail(stackOf(error));
  if (output.options.json) {
    output.result(failureResult(error instanceof MigrateError ? error.code : 'UNEXPECTED', errorMessage(error)), '');
  }
}

function stackOf(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  while (current instanceof Error) {
    parts.push(current.stack ?? current.message);
    current = current.cause;
  }
  return parts.join('\ncaused by: ');
}
