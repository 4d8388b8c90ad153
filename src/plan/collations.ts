/**
 * SQL Server collations -> PostgreSQL. A case- or accent-insensitive (_CI_, _AI_) column keeps its
 * meaning for unique keys and `=` through citext or a nondeterministic ICU collation; which one
 * depends on the policy and the target's major version, because PostgreSQL refuses LIKE on
 * nondeterministic collations before 18 and ILIKE and regular expressions on them in every version
 * (measured: docs/collations.md). Binary collations become "C" (code-point order).
 */
import type { MappingSet } from '../mapping/load.js';
import { t } from '../i18n/index.js';

export interface PgCollation {
  /** Name inside the ms2pg schema, e.g. ru_ci_as, es_trad_ci_as or ru; distinct for distinct locales. */
  readonly name: string;
  /** ICU locale with strength settings, e.g. ru-u-ks-level2. */
  readonly locale: string;
  readonly deterministic: boolean;
}

export type CollationChoice =
  | { readonly kind: 'default' }
  | { readonly kind: 'binary' }
  /**
   * A nondeterministic ICU collation; `pattern` is the deterministic collation of the same language,
   * which translated LIKE, regular expressions and substring searches get explicitly.
   */
  | { readonly kind: 'icu'; readonly collation: PgCollation; readonly pattern: PgCollation; readonly caseInsensitive: boolean; readonly accentInsensitive: boolean }
  /** citext, ordered and case-folded by the deterministic collation of the language. */
  | { readonly kind: 'citext'; readonly collation: PgCollation; readonly accentInsensitive: boolean }
  /** The deterministic collation of the language: accent-insensitivity is dropped (declared). */
  | { readonly kind: 'accent-sensitive'; readonly collation: PgCollation }
  | { readonly kind: 'ignored'; readonly accentInsensitive: boolean };

export const COLLATION_SCHEMA = 'ms2pg';

/** The newest PostgreSQL major version ms2pg knows; plans default to it. */
export const NEWEST_POSTGRES = 18;

/** PostgreSQL 18 runs LIKE on nondeterministic collations; ILIKE and regular expressions stay refused. */
export const LIKE_ON_NONDETERMINISTIC = 18;

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

/** Whether a target type is char(n), whose padding rules only a collation (not citext) keeps. */
function isFixedChar(targetType: string): boolean {
  return /^char\b/.test(targetType);
}

/**
 * `targetType` is the column's PostgreSQL type before the collation decision. Under `auto`:
 * case-insensitive varchar/text becomes citext (=, unique, LIKE, ILIKE and regular expressions
 * all work, on every version); accent-insensitive columns keep a nondeterministic collation where
 * LIKE works on it (18+) and become accent-sensitive below; char(n) keeps its padding rules under
 * a nondeterministic collation (below 18 its LIKE fails: the report lists such columns).
 */
export function chooseCollation(sqlServerCollation: string | undefined, policy: MappingSet['collations'], targetVersion: number, targetType = 'text'): CollationChoice {
  if (sqlServerCollation === undefined) return { kind: 'default' };
  if (/_BIN2?$/i.test(sqlServerCollation)) return { kind: 'binary' };
  const caseInsensitive = /_CI(_|$)/i.test(sqlServerCollation);
  const accentInsensitive = /_AI(_|$)/i.test(sqlServerCollation);
  if (!caseInsensitive && !accentInsensitive) return { kind: 'default' };
  if (policy.caseInsensitive === 'ignore') return { kind: 'ignored', accentInsensitive };
  const bare = sqlServerCollation.replace(/^SQL_/i, '');
  const language = LOCALES.find(([prefix]) => bare.toLowerCase().startsWith(prefix.toLowerCase()))?.[1] ?? 'und';
  const deterministic: PgCollation = { name: language.replace(/-u-co-/, '_').replace(/-/g, '_'), locale: language, deterministic: true };
  // ICU strength: level1 ignores case and accents, level2 ignores case only; kc-true keeps case with level1.
  const strength = caseInsensitive ? (accentInsensitive ? 'ks-level1' : 'ks-level2') : 'ks-level1-kc-true';
  const icu: CollationChoice = {
    kind: 'icu',
    collation: {
      name: `${deterministic.name}_${caseInsensitive ? 'ci' : 'cs'}_${accentInsensitive ? 'ai' : 'as'}`,
      locale: language.includes('-u-') ? `${language}-${strength}` : `${language}-u-${strength}`,
      deterministic: false,
    },
    pattern: deterministic,
    caseInsensitive,
    accentInsensitive,
  };
  const citext: CollationChoice = { kind: 'citext', collation: deterministic, accentInsensitive };
  switch (policy.caseInsensitive) {
    case 'icu':
      return icu;
    case 'citext':
      // char(n) keeps its padding rules only under a collation.
      return caseInsensitive && !isFixedChar(targetType) ? citext : icu;
    case 'auto':
      if (isFixedChar(targetType) || (accentInsensitive && targetVersion >= LIKE_ON_NONDETERMINISTIC)) return icu;
      return caseInsensitive ? citext : { kind: 'accent-sensitive', collation: deterministic };
  }
}

/** The deterministic collation a choice orders by, for a column a rule made citext whatever the policy. */
export function deterministicCollation(choice: CollationChoice): PgCollation | undefined {
  switch (choice.kind) {
    case 'icu':
      return choice.pattern;
    case 'citext':
    case 'accent-sensitive':
      return choice.collation;
    default:
      return undefined;
  }
}

const qualified = (c: PgCollation): string => `${COLLATION_SCHEMA}.${c.name}`;

/**
 * What an application's queries see differently on a column with this choice, one sentence each,
 * for the report (measured on PostgreSQL 15 and 18: docs/collations.md). `targetType` is the
 * column's final PostgreSQL type (a rule may have made it citext whatever the policy).
 */
export function queryDifferences(choice: CollationChoice, targetVersion: number, targetType: string): string[] {
  const noIndexedLike = t('query.noIndexedLike');
  if (targetType === 'citext') {
    const collation = deterministicCollation(choice);
    const accent = choice.kind === 'icu' || choice.kind === 'citext' ? choice.accentInsensitive : false;
    return [
      collation === undefined ? t('query.citext') : t('query.citext.ordered', { collation: qualified(collation) }),
      ...(accent ? [t('query.citext.accents')] : []),
      noIndexedLike,
      t('query.citext.drivers'),
    ];
  }
  switch (choice.kind) {
    case 'icu': {
      const ignores = t(choice.caseInsensitive ? (choice.accentInsensitive ? 'query.ignores.caseAndAccents' : 'query.ignores.case') : 'query.ignores.accents');
      const workaround = t(choice.caseInsensitive ? 'query.workaround' : 'query.workaround.caseSensitive', { collation: qualified(choice.pattern) });
      return [
        t('query.nondeterministic', { ignores, collation: qualified(choice.collation) }),
        targetVersion >= LIKE_ON_NONDETERMINISTIC ? t('query.nondeterministic.like', { ignores, workaround }) : t('query.nondeterministic.noLike', { version: targetVersion, workaround }),
        ...(targetVersion >= LIKE_ON_NONDETERMINISTIC ? [noIndexedLike] : []),
      ];
    }
    case 'citext':
      return queryDifferences(choice, targetVersion, 'citext');
    case 'accent-sensitive':
      return [t('query.accentSensitive', { version: targetVersion })];
    case 'ignored':
      return [t(choice.accentInsensitive ? 'query.ignored.caseAndAccents' : 'query.ignored.case')];
    default:
      return [];
  }
}
