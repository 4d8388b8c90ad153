/**
 * An option is declared once, as data. The same declaration yields the commander flag, the
 * config-file key (its dotted `key`), the environment variable and the JSON Schema entry, so the
 * three ways of setting a value cannot drift apart.
 */
import { t } from '../i18n/index.js';

export type OptionValue = string | number | boolean | readonly string[];

export interface OptionDeclaration<T extends OptionValue> {
  readonly description: string;
  /** Commander flag, e.g. `--jobs <n>`. Omitted for settings that live only in the config file. */
  readonly flag?: string;
  /** Environment variables, most specific first. The default is derived from the key (see envNames). */
  readonly env?: readonly string[];
  /** False for options that make no sense in a config file (e.g. `--config` itself). */
  readonly inConfigFile?: boolean;
  /** Secrets are masked in every output (see secrets.ts) and never echoed in error messages. */
  readonly secret?: boolean;
  readonly default?: T | (() => T);
  /** How --help and the docs name a default computed at run time, e.g. `CPU cores`. */
  readonly defaultHelp?: string;
  /** Coerces a raw value (string from a flag/env, any JSON value from a file); returns an error text on failure. */
  readonly parse: (raw: unknown) => { value: T } | { expected: string };
  /** JSON Schema fragment for the config file. */
  readonly jsonSchema: Readonly<Record<string, unknown>>;
}

export interface OptionSpec<T extends OptionValue = OptionValue> extends OptionDeclaration<T> {
  /** Dotted config path, e.g. `copy.jobs`: the config-file key and the name used in error messages. */
  readonly key: string;
}

type Declared<T extends OptionValue> = Omit<OptionDeclaration<T>, 'parse' | 'jsonSchema'>;

/** Gives every declaration its key (the property name), so a key is written exactly once. */
export function defineOptions<M extends Record<string, OptionDeclaration<OptionValue>>>(
  declarations: M,
): { readonly [K in keyof M & string]: M[K] & { readonly key: K } } {
  return Object.fromEntries(Object.entries(declarations).map(([key, spec]) => [key, { ...spec, key }])) as {
    readonly [K in keyof M & string]: M[K] & { readonly key: K };
  };
}

export function stringOption(spec: Declared<string>): OptionDeclaration<string> {
  return {
    ...spec,
    parse: (raw) => (typeof raw === 'string' && raw.length > 0 ? { value: raw } : { expected: t('config.expected.string') }),
    jsonSchema: { type: 'string', minLength: 1 },
  };
}

export function integerOption(spec: Declared<number> & { min?: number; max?: number }): OptionDeclaration<number> {
  const { min, max } = spec;
  return {
    ...spec,
    parse: (raw) => {
      const expected =
        min === undefined
          ? max === undefined
            ? t('config.expected.integer')
            : t('config.expected.integerAtMost', { max })
          : max === undefined
            ? t('config.expected.integerAtLeast', { min })
            : t('config.expected.integerBetween', { min, max });
      const value = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
      if (!Number.isSafeInteger(value)) return { expected };
      if ((min !== undefined && value < min) || (max !== undefined && value > max)) return { expected };
      return { value };
    },
    jsonSchema: { type: 'integer', ...(min === undefined ? {} : { minimum: min }), ...(max === undefined ? {} : { maximum: max }) },
  };
}

const TRUE_WORDS = new Set(['true', 'yes', 'on', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'off', '0']);

export function booleanOption(spec: Declared<boolean>): OptionDeclaration<boolean> {
  return {
    ...spec,
    parse: (raw) => {
      if (typeof raw === 'boolean') return { value: raw };
      if (typeof raw === 'string') {
        const word = raw.trim().toLowerCase();
        if (TRUE_WORDS.has(word)) return { value: true };
        if (FALSE_WORDS.has(word)) return { value: false };
      }
      return { expected: t('config.expected.boolean') };
    },
    jsonSchema: { type: 'boolean' },
  };
}

export function enumOption<const C extends readonly string[]>(
  spec: Declared<C[number]> & { choices: C },
): OptionDeclaration<C[number]> & { readonly choices: C } {
  return {
    ...spec,
    parse: (raw) =>
      typeof raw === 'string' && (spec.choices as readonly string[]).includes(raw)
        ? { value: raw }
        : { expected: t('config.expected.choice', { choices: spec.choices.map((c) => JSON.stringify(c)).join(', ') }) },
    jsonSchema: { type: 'string', enum: [...spec.choices] },
  };
}

/** A list: repeated flags, a comma-separated flag/env value, or a YAML/JSON array. */
export function listOption(spec: Declared<readonly string[]>): OptionDeclaration<readonly string[]> {
  return {
    ...spec,
    parse: (raw) => {
      const expected = t('config.expected.list');
      const items = typeof raw === 'string' ? raw.split(',').map((s) => s.trim()) : raw;
      if (!Array.isArray(items)) return { expected };
      const strings = items.filter((item): item is string => typeof item === 'string' && item.length > 0);
      return strings.length === items.length ? { value: strings } : { expected };
    },
    jsonSchema: { type: 'array', items: { type: 'string', minLength: 1 } },
  };
}

/** `copy.jobs` -> `MS2PG_COPY_JOBS`; `source.trustServerCertificate` -> `MS2PG_SOURCE_TRUST_SERVER_CERTIFICATE`. */
export function derivedEnvName(key: string): string {
  return `MS2PG_${key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/\./g, '_').toUpperCase()}`;
}

export function envNames(spec: OptionSpec): readonly string[] {
  return spec.env ?? [derivedEnvName(spec.key)];
}

export function defaultValue<T extends OptionValue>(spec: OptionSpec<T>): T | undefined {
  const d = spec.default;
  return typeof d === 'function' ? d() : d;
}

/** The default as --help and the docs state it; none for switches, which are off unless given. */
export function defaultText(spec: OptionSpec): string | undefined {
  if (spec.defaultHelp !== undefined) return spec.defaultHelp;
  const d = spec.default;
  if (d === undefined || typeof d === 'function' || typeof d === 'boolean') return undefined;
  return typeof d === 'string' || typeof d === 'number' ? String(d) : d.join(',');
}
