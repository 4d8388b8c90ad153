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
import { isTextual } from '../target/postgres/encoders.js';
import { quoteIdent } from '../target/postgres/quote.js';
import type { PlanIssue } from './plan-model.js';
import { t, type MessageKey } from '../i18n/index.js';

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

const LANGUAGE_NAMES: Readonly<Record<number, MessageKey>> = { 0: 'issue.FULLTEXT_LANGUAGE.neutral', 1033: 'issue.FULLTEXT_LANGUAGE.english', 1049: 'issue.FULLTEXT_LANGUAGE.russian', 1058: 'issue.FULLTEXT_LANGUAGE.ukrainian', 1059: 'issue.FULLTEXT_LANGUAGE.belarusian' };

const language = (lcid: number): string => t(LANGUAGE_NAMES[lcid] ?? 'issue.FULLTEXT_LANGUAGE.lcid', { lcid });

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
    if (column.typeColumn !== undefined || !(isTextual(planned.type) || planned.type === 'xml')) {
      issues.push({
        severity: 'warning',
        code: 'FULLTEXT_DOCUMENTS',
        message: column.typeColumn === undefined ? t('issue.FULLTEXT_DOCUMENTS', { column: column.name, type: planned.type }) : t('issue.FULLTEXT_DOCUMENTS.typed', { column: column.name, typeColumn: column.typeColumn }),
        hint: t('issue.FULLTEXT_DOCUMENTS.hint'),
      });
      continue;
    }
    const { config, exact } = textSearchConfig(column.language);
    if (!exact) issues.push({ severity: 'warning', code: 'FULLTEXT_LANGUAGE', message: t('issue.FULLTEXT_LANGUAGE', { language: language(column.language), column: column.name }), hint: t('issue.FULLTEXT_LANGUAGE.hint') });
    columns.push({ source: column.name, target: planned.name, config });
  }
  const keySource = keyColumn(table, index.keyIndex);
  const keyTarget = keySource === undefined ? undefined : target(keySource)?.name;
  const info = columns.length === 0 || keySource === undefined || keyTarget === undefined ? undefined : { key: { source: keySource, target: keyTarget }, columns };
  if (columns.length > 0) {
    issues.push({
      severity: 'warning',
      code: 'FULLTEXT_INDEX',
      message: t('issue.FULLTEXT_INDEX', { catalog: index.catalog, columns: columns.map((c) => `${c.source} (${c.config})`).join(', ') }),
    });
  }
  if (!index.accentSensitive) issues.push({ severity: 'warning', code: 'FULLTEXT_ACCENTS', message: t('issue.FULLTEXT_ACCENTS', { catalog: index.catalog }), hint: t('issue.FULLTEXT_ACCENTS.hint') });
  if (index.stoplist === null) issues.push({ severity: 'info', code: 'FULLTEXT_STOPLIST', message: t('issue.FULLTEXT_STOPLIST.off') });
  else if (index.stoplist !== 'system') issues.push({ severity: 'warning', code: 'FULLTEXT_STOPLIST', message: t('issue.FULLTEXT_STOPLIST', { stoplist: index.stoplist }) });
  if (index.changeTracking !== 'auto') issues.push({ severity: 'info', code: 'FULLTEXT_TRACKING', message: t('issue.FULLTEXT_TRACKING', { tracking: index.changeTracking.toUpperCase() }) });
  if (!index.enabled) issues.push({ severity: 'info', code: 'FULLTEXT_DISABLED', message: t('issue.FULLTEXT_DISABLED') });
  return { info, indexes: columns.map((c) => ({ column: c.target, config: c.config, vector: fullTextVector(c.config, quoteIdent(c.target)) })), issues };
}
