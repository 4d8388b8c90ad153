/** Runs `fn` with the message language set, then puts the language and MS2PG_LANG back as they were. */
import { language, setLanguage, type Language } from '../../src/i18n/index.js';

export function withLanguage<T>(lang: Language, fn: () => T): T {
  const previous = { language: language(), env: process.env.MS2PG_LANG };
  setLanguage(lang);
  try {
    return fn();
  } finally {
    setLanguage(previous.language);
    if (previous.env === undefined) delete process.env.MS2PG_LANG;
    else process.env.MS2PG_LANG = previous.env;
  }
}
