/**
 * SQL Server collations -> PostgreSQL. Case-insensitive (_CI_) collations become nondeterministic
 * ICU collations the plan creates (or citext, or nothing, by policy) so unique keys and equality
 * keep their meaning; binary collations become "C" (code-point order).
 */
import type { MappingSet } from '../mapping/load.js';

export interface PgCollation {
  /** Name inside the ms2pg schema, e.g. ru_ci_as, es_trad_ci_as; distinct for distinct locales. */
  readonly name: string;
  /** ICU locale with strength settings, e.g. ru-u-ks-level2. */
  readonly locale: string;
}

export type CollationChoice =
  | { readonly kind: 'default' }
  | { readonly kind: 'binary' }
  | { readonly kind: 'icu'; readonly collation: PgCollation; readonly accentInsensitive: boolean }
  | { readonly kind: 'citext'; readonly accentInsensitive: boolean }
  | { readonly kind: 'ignored'; readonly accentInsensitive: boolean };

export const COLLATION_SCHEMA = 'ms2pg';

/** SQL Server collation-name prefixes and their ICU languages; anything else is root ("und"). */
const LOCALES: readonly [string, string][] = [
  ['Cyrillic_General', 'ru'],
  ['Ukrainian', 'uk'],
  ['Kazakh', 'kk'],
  ['Greek', 'el'],
  ['Turkish', 'tr'],
  ['Polish', 'pl'],
  ['Czech', 'cs'],
  ['Slovak', 'sk'],
  ['Hungarian', 'hu'],
  ['Romanian', 'ro'],
  ['Croatian', 'hr'],
  ['Slovenian', 'sl'],
  ['Estonian', 'et'],
  ['Latvian', 'lv'],
  ['Lithuanian', 'lt'],
  ['Finnish_Swedish', 'sv'],
  ['Danish_Norwegian', 'da'],
  ['German_PhoneBook', 'de-u-co-phonebk'],
  ['French', 'fr'],
  ['Modern_Spanish', 'es'],
  ['Traditional_Spanish', 'es-u-co-trad'],
  ['Hebrew', 'he'],
  ['Arabic', 'ar'],
  ['Japanese', 'ja'],
  ['Korean', 'ko'],
  ['Chinese', 'zh'],
  ['Vietnamese', 'vi'],
  ['Thai', 'th'],
];

export function chooseCollation(sqlServerCollation: string | undefined, policy: MappingSet['collations']): CollationChoice {
  if (sqlServerCollation === undefined) return { kind: 'default' };
  if (/_BIN2?$/i.test(sqlServerCollation)) return { kind: 'binary' };
  const caseInsensitive = /_CI(_|$)/i.test(sqlServerCollation);
  const accentInsensitive = /_AI(_|$)/i.test(sqlServerCollation);
  if (!caseInsensitive && !accentInsensitive) return { kind: 'default' };
  if (policy.caseInsensitive === 'citext' && caseInsensitive) return { kind: 'citext', accentInsensitive };
  if (policy.caseInsensitive === 'ignore') return { kind: 'ignored', accentInsensitive };
  const bare = sqlServerCollation.replace(/^SQL_/i, '');
  const language = LOCALES.find(([prefix]) => bare.toLowerCase().startsWith(prefix.toLowerCase()))?.[1] ?? 'und';
  // ICU strength: level1 ignores case and accents, level2 ignores case only; kc-true keeps case with level1.
  const strength = caseInsensitive ? (accentInsensitive ? 'ks-level1' : 'ks-level2') : 'ks-level1-kc-true';
  const locale = language.includes('-u-') ? `${language}-${strength}` : `${language}-u-${strength}`;
  // The collation variant is part of the name (es-u-co-trad -> es_trad): Modern and Traditional Spanish differ.
  const name = `${language.replace('-u-co-', '_').replace(/-/g, '_')}_${caseInsensitive ? 'ci' : 'cs'}_${accentInsensitive ? 'ai' : 'as'}`;
  return { kind: 'icu', collation: { name, locale }, accentInsensitive };
}
