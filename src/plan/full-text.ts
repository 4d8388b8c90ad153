/**
 * A table's full-text index in PostgreSQL: per searchable column, a GIN index on its search vector
 * (translate/fulltext.ts spells the vector once, for the index and for the translated queries,
 * which must match it for the index to serve them) in the text search configuration of the
 * column's language. An expression index rather than a generated tsvector column: the table keeps
 * its columns (SELECT * is unchanged), the copy computes nothing, and post-data builds it beside
 * the other indexes. What PostgreSQL cannot carry over is said: binary documents (SQL Server
 * extracts their text with iFilters), languages without a configuration, accent insensitivity,
 * stoplists, manual change tracking.
 */
import type { FullTextIndex, Table } from '../model/catalog.js';
import { fullTextVector, textSearchConfig } from '../translate/fulltext.js';
import type { FullTextInfo } from '../translate/translator.js';
import { quoteIdent } from '../target/postgres/quote.js';
import type { PlanIssue } from './plan-model.js';

export interface FullTextPlan {
  /** For the translator (CONTAINS, CONTAINSTABLE) and the plan; undefined when no column can be searched. */
  readonly info: FullTextInfo | undefined;
  /** One GIN index a column: the target column, its configuration and the indexed expression. */
  readonly indexes: readonly { readonly column: string; readonly config: string; readonly vector: string }[];
  readonly issues: readonly Omit<PlanIssue, 'object'>[];
}

/** A planned column as full-text planning needs it. */
export interface FullTextTarget {
  readonly name: string;
  readonly type: string;
}

const LANGUAGE_NAMES: Readonly<Record<number, string>> = { 0: 'neutral', 1033: 'English', 1049: 'Russian', 1058: 'Ukrainian', 1059: 'Belarusian' };

const language = (lcid: number): string => `${LANGUAGE_NAMES[lcid] ?? 'LCID'} ${lcid}`;

/** The key index's single column (the full-text key must be a single-column unique index). */
function keyColumn(table: Table, keyIndex: string): string | undefined {
  const lower = keyIndex.toLowerCase();
  const keys = [...(table.primaryKey === undefined ? [] : [table.primaryKey]), ...table.uniqueConstraints, ...table.indexes.filter((i) => i.unique)];
  return keys.find((k) => k.name.toLowerCase() === lower)?.columns[0]?.name;
}

export function planFullText(table: Table, index: FullTextIndex, target: (sourceName: string) => FullTextTarget | undefined): FullTextPlan {
  const issues: Omit<PlanIssue, 'object'>[] = [];
  const columns: { source: string; target: string; config: string }[] = [];
  for (const column of index.columns) {
    const planned = target(column.name);
    if (planned === undefined) continue;
    if (column.typeColumn !== undefined || !/^(text|citext|xml|varchar|char)\b/.test(planned.type)) {
      issues.push({
        severity: 'warning',
        code: 'FULLTEXT_DOCUMENTS',
        message: `full-text column ${column.name} holds ${column.typeColumn === undefined ? planned.type : `documents (their type in ${column.typeColumn})`}, whose text SQL Server extracts with its filters: not searchable in PostgreSQL`,
        hint: 'extract the documents\' text into a column (e.g. with Apache Tika) and index that',
      });
      continue;
    }
    const { config, exact } = textSearchConfig(column.language);
    if (!exact) issues.push({ severity: 'warning', code: 'FULLTEXT_LANGUAGE', message: `PostgreSQL has no text search configuration for ${language(column.language)} (column ${column.name}): simple is used (no stemming)`, hint: 'create a configuration with a dictionary for the language (e.g. hunspell) and change the index and queries to use it' });
    columns.push({ source: column.name, target: planned.name, config });
  }
  const keySource = keyColumn(table, index.keyIndex);
  const keyTarget = keySource === undefined ? undefined : target(keySource)?.name;
  const info = columns.length === 0 || keySource === undefined || keyTarget === undefined ? undefined : { key: { source: keySource, target: keyTarget }, columns };
  if (columns.length > 0) {
    issues.push({
      severity: 'warning',
      code: 'FULLTEXT_INDEX',
      message: `full-text index (catalog ${index.catalog}) becomes GIN indexes on to_tsvector: ${columns.map((c) => `${c.source} (${c.config})`).join(', ')}; stemming and stop words are PostgreSQL's; CONTAINS and FREETEXT in views are translated for review`,
    });
  }
  if (!index.accentSensitive) issues.push({ severity: 'warning', code: 'FULLTEXT_ACCENTS', message: `catalog ${index.catalog} ignores accents; PostgreSQL's configurations do not (ё is not е, é is not e)`, hint: 'add the unaccent extension to the configuration to match' });
  if (index.stoplist === null) issues.push({ severity: 'info', code: 'FULLTEXT_STOPLIST', message: 'STOPLIST OFF: PostgreSQL\'s configurations remove their own stop words (simple removes none)' });
  else if (index.stoplist !== 'system') issues.push({ severity: 'warning', code: 'FULLTEXT_STOPLIST', message: `stoplist ${index.stoplist} is not carried over: PostgreSQL's stop words for each configuration apply` });
  if (index.changeTracking !== 'auto') issues.push({ severity: 'info', code: 'FULLTEXT_TRACKING', message: `change tracking ${index.changeTracking.toUpperCase()}: PostgreSQL keeps a GIN index current with every change` });
  if (!index.enabled) issues.push({ severity: 'info', code: 'FULLTEXT_DISABLED', message: 'the full-text index is disabled in SQL Server; it is created (enabled) in PostgreSQL' });
  return { info, indexes: columns.map((c) => ({ column: c.target, config: c.config, vector: fullTextVector(c.config, quoteIdent(c.target)) })), issues };
}
