/**
 * Config resolution: flags > environment > config file > defaults. The file is YAML or JSON, with
 * `${VAR}` (and `${VAR:-fallback}`) interpolated from the environment; `$${` writes a literal `${`.
 * Every problem is collected and reported together, each naming the setting's path.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { MigrateError } from '../errors.js';
import { t } from '../i18n/index.js';
import { closest } from '../suggest.js';
import { readTextFile } from '../text-file.js';
import { defaultValue, envNames, type OptionSpec, type OptionValue } from './option-spec.js';
import { SETTINGS, type SettingKey, type SettingValue } from './settings.js';

export const DEFAULT_CONFIG_FILES = ['migrate.config.yaml', 'migrate.config.yml', 'migrate.config.json'] as const;

export type Origin = 'flag' | 'env' | 'file' | 'default';

export class Settings {
  constructor(
    private readonly values: ReadonlyMap<SettingKey, { value: OptionValue; origin: Origin }>,
    /** The config file that was read, if any. */
    readonly configFile: string | undefined,
  ) {}

  get<K extends SettingKey>(key: K): SettingValue<K> | undefined {
    return this.values.get(key)?.value as SettingValue<K> | undefined;
  }

  /** Where a value came from, for `--verbose` explanations. */
  origin(key: SettingKey): Origin | undefined {
    return this.values.get(key)?.origin;
  }

  /** The same settings with some values decided by the program (e.g. `migrate run` placing artifacts). */
  with<K extends SettingKey>(overrides: Readonly<Partial<Record<K, SettingValue<K>>>>): Settings {
    const values = new Map(this.values);
    for (const [key, value] of Object.entries(overrides) as [K, SettingValue<K>][]) values.set(key, { value: value, origin: 'flag' });
    return new Settings(values, this.configFile);
  }
}

export interface ResolveInput {
  /** Values commander collected, keyed by setting key; only the flags the user actually gave. */
  readonly flags: Partial<Record<SettingKey, unknown>>;
  readonly env: NodeJS.ProcessEnv;
  /** Explicit config file (from --config); otherwise the default names are looked up in `cwd`. */
  readonly configPath?: string | undefined;
  readonly cwd: string;
}

const SETTING_LIST: readonly OptionSpec[] = Object.values(SETTINGS);

export function resolveSettings(input: ResolveInput): Settings {
  const problems: string[] = [];
  const file = readConfigFile(input, problems);
  const fileValues = file === undefined ? new Map<string, unknown>() : flattenConfig(file.data, problems);

  const values = new Map<SettingKey, { value: OptionValue; origin: Origin }>();
  for (const spec of SETTING_LIST) {
    const key = spec.key as SettingKey;
    const candidate = pickRaw(spec, input, fileValues);
    if (candidate === undefined) {
      const fallback = defaultValue(spec);
      if (fallback !== undefined) values.set(key, { value: fallback, origin: 'default' });
      continue;
    }
    const parsed = spec.parse(candidate.raw);
    if ('value' in parsed) {
      values.set(key, { value: parsed.value, origin: candidate.origin });
    } else {
      const shown = spec.secret === true ? t('config.hidden') : JSON.stringify(candidate.raw);
      problems.push(`${key}: ${wrongValue(candidate, spec, file?.path, { expected: parsed.expected, got: shown })}`);
    }
  }
  if (problems.length > 0) {
    throw new MigrateError('CONFIG_INVALID', 'usage', problems.join('\n'));
  }
  return new Settings(values, file?.path);
}

function pickRaw(
  spec: OptionSpec,
  input: ResolveInput,
  fileValues: ReadonlyMap<string, unknown>,
): { raw: unknown; origin: Origin; env?: string } | undefined {
  const flag = input.flags[spec.key as SettingKey];
  if (flag !== undefined) return { raw: flag, origin: 'flag' };
  for (const name of envNames(spec)) {
    const raw = input.env[name];
    if (raw !== undefined && raw !== '') return { raw, origin: 'env', env: name };
  }
  if (fileValues.has(spec.key)) return { raw: fileValues.get(spec.key), origin: 'file' };
  return undefined;
}

/** What was wrong with a value, and where it came from. */
function wrongValue(candidate: { origin: Origin; env?: string }, spec: OptionSpec, file: string | undefined, params: { expected: string; got: string }): string {
  switch (candidate.origin) {
    case 'flag':
      return t('config.wrongValue.flag', { ...params, flag: spec.flag?.split(' ')[0] ?? spec.key });
    case 'env':
      return t('config.wrongValue.env', { ...params, name: candidate.env ?? '' });
    case 'file':
      return file === undefined ? t('config.wrongValue', params) : t('config.wrongValue.file', { ...params, file });
    case 'default':
      return t('config.wrongValue', params);
  }
}

function readConfigFile(input: ResolveInput, problems: string[]): { path: string; data: unknown } | undefined {
  const explicit = input.configPath;
  const path =
    explicit === undefined
      ? DEFAULT_CONFIG_FILES.map((name) => resolve(input.cwd, name)).find((candidate) => existsSync(candidate))
      : resolve(input.cwd, explicit);
  if (path === undefined) return undefined;
  const text = readTextFile(path, { code: 'CONFIG_UNREADABLE', label: t('config.file', { file: path }) });
  let data: unknown;
  try {
    data = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const format = path.endsWith('.json') ? 'JSON' : 'YAML';
    const reason = (error as Error).message.split('\n')[0] ?? '';
    throw new MigrateError(
      'CONFIG_UNREADABLE',
      'usage',
      error instanceof YAMLParseError
        ? t('error.CONFIG_UNREADABLE.syntaxAt', { file: path, format, line: error.linePos?.[0].line ?? '?', reason })
        : t('error.CONFIG_UNREADABLE.syntax', { file: path, format, reason }),
    );
  }
  return { path, data: interpolate(data ?? {}, '', input.env, problems) };
}

const PLACEHOLDER = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** Replaces `${VAR}` in every string of the file; a missing variable without fallback is a problem named by path. */
export function interpolate(value: unknown, path: string, env: NodeJS.ProcessEnv, problems: string[]): unknown {
  if (typeof value === 'string') {
    return value.replace(PLACEHOLDER, (match, name: string | undefined, fallback: string | undefined) => {
      if (name === undefined) return '${';
      const found = env[name];
      if (found !== undefined) return found;
      if (fallback !== undefined) return fallback;
      problems.push(`${path || t('config.root')}: ${t('config.envUnset', { name, reference: match })}`);
      return '';
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => interpolate(item, `${path}[${i}]`, env, problems));
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, interpolate(v, path ? `${path}.${k}` : k, env, problems)]),
    );
  }
  return value;
}

const KNOWN_KEYS = new Set(SETTING_LIST.filter((spec) => spec.inConfigFile !== false).map((spec) => spec.key));
const KNOWN_SECTIONS = new Set([...KNOWN_KEYS].flatMap((key) => key.split('.').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('.'))));

/** `{copy: {jobs: 4}}` -> `copy.jobs = 4`; unknown keys are problems with a suggestion. */
function flattenConfig(data: unknown, problems: string[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const walk = (node: unknown, prefix: string): void => {
    if (!isPlainObject(node)) {
      problems.push(`${prefix || t('config.root')}: ${t('config.notMapping', { got: JSON.stringify(node) })}`);
      return;
    }
    for (const [name, value] of Object.entries(node)) {
      const key = prefix ? `${prefix}.${name}` : name;
      if (KNOWN_KEYS.has(key)) out.set(key, value);
      else if (KNOWN_SECTIONS.has(key)) walk(value, key);
      else problems.push(`${key}: ${unknownSetting(key)}`);
    }
  };
  walk(data, '');
  return out;
}

function unknownSetting(key: string): string {
  const best = closest(key, [...KNOWN_KEYS, ...KNOWN_SECTIONS]);
  return best === undefined ? t('config.unknown') : t('config.unknownSuggest', { suggestion: best });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
