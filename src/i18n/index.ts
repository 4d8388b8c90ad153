/**
 * The language of everything ms2pg writes for people: report.md, report.html, the CLI's summaries
 * and errors. One catalog per language (en.ts, ru.ts; the Russian one must have every English key,
 * which the compiler and a test check). Identifiers, SQL, file formats and what servers say stay as
 * they are. English is the default; `--lang ru` (MS2PG_LANG) or a Russian locale in LC_ALL,
 * LC_MESSAGES or LANG gives Russian.
 */
import { en, type MessageKey } from './en.js';
import { formatMessage, type MessageParams } from './format.js';
import { ru } from './ru.js';

export const LANGUAGES = ['en', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];
export type { MessageKey, MessageParams };

const CATALOGS: Readonly<Record<Language, Readonly<Record<MessageKey, string>>>> = { en, ru };

/** The language the environment asks for: MS2PG_LANG, else the first locale variable set, else English. */
export function languageFromEnv(env: NodeJS.ProcessEnv): Language {
  const chosen = env.MS2PG_LANG;
  if (chosen === 'en' || chosen === 'ru') return chosen;
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((value) => value !== undefined && value !== '') ?? '';
  return /^ru([_.@-]|$)/i.test(locale) ? 'ru' : 'en';
}

let current: Language = languageFromEnv(process.env);

/**
 * Sets the language for this thread, and in the environment for the worker threads it starts
 * (they read MS2PG_LANG when they load).
 */
export function setLanguage(language: Language): void {
  current = language;
  process.env.MS2PG_LANG = language;
}

/** A worker thread's environment: the caller's, with this thread's language, which the thread reads when it loads. */
export function threadEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, MS2PG_LANG: current };
}

export function language(): Language {
  return current;
}

/** The message `key` in the current language, its parameters filled in. */
export function t(key: MessageKey, params: MessageParams = {}): string {
  return messageIn(current, key, params);
}

/**
 * The parameters a message of `key` was made with, read back from its text in whichever language
 * made it (a plan keeps its messages in the language of `migrate plan`); undefined when the text is
 * no such message. Templates with plurals are not read back.
 */
export function messageParams(key: MessageKey, text: string): Record<string, string> | undefined {
  for (const language of LANGUAGES) {
    const names: string[] = [];
    const pattern = CATALOGS[language][key].replace(/\{(\w+)\}|[.*+?^${}()|[\]\\]/g, (token, name?: string) => {
      if (name === undefined) return `\\${token}`;
      names.push(name);
      return '(.*)';
    });
    const match = new RegExp(`^${pattern}$`, 's').exec(text);
    if (match !== null) return Object.fromEntries(names.map((name, i) => [name, match[i + 1] ?? '']));
  }
  return undefined;
}

/** The message `key` in a given language, whatever the current one (the docs' tables are English). */
export function messageIn(language: Language, key: MessageKey, params: MessageParams = {}): string {
  return formatMessage(CATALOGS[language][key], params, language);
}
