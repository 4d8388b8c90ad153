/**
 * The words report.md and report.html show for the plan's machine values (severities,
 * confidences, object kinds, routine shapes), and numbers as the report's language writes them.
 * plan.json keeps the English values, which the code counts and sorts by; only the reports
 * translate them.
 */
import { language, t, type MessageKey } from '../i18n/index.js';
import type { PlanIssue } from './plan-model.js';

const SEVERITIES: Readonly<Record<PlanIssue['severity'], MessageKey>> = { error: 'report.severity.error', warning: 'report.severity.warning', info: 'report.severity.info' };

const CONFIDENCES: Readonly<Record<string, MessageKey>> = { exact: 'report.confidence.exact', review: 'report.confidence.review', refused: 'report.confidence.refused' };

/** Kinds of manual items, translations, routines and inventory items, and the shapes routines become. */
const KINDS: Readonly<Record<string, MessageKey>> = {
  default: 'report.kind.default',
  check: 'report.kind.check',
  computed: 'report.kind.computed',
  filter: 'report.kind.filter',
  view: 'report.kind.view',
  'filtered index': 'report.kind.filteredIndex',
  'check constraint': 'report.kind.checkConstraint',
  'foreign key': 'report.kind.foreignKey',
  'computed column': 'report.kind.computedColumn',
  procedure: 'report.kind.procedure',
  function: 'report.kind.function',
  'scalar function': 'report.kind.scalarFunction',
  'inline table function': 'report.kind.inlineTableFunction',
  'table function': 'report.kind.tableFunction',
  'function returning rows': 'report.kind.functionReturningRows',
  'trigger function': 'report.kind.triggerFunction',
  trigger: 'report.kind.trigger',
  'clr procedure': 'report.kind.clrProcedure',
  'clr function': 'report.kind.clrFunction',
  aggregate: 'report.kind.aggregate',
  synonym: 'report.kind.synonym',
  'table type': 'report.kind.tableType',
  'clr type': 'report.kind.clrType',
};

export function severityName(severity: PlanIssue['severity']): string {
  return t(SEVERITIES[severity]);
}

export function confidenceName(confidence: string): string {
  const key = CONFIDENCES[confidence];
  return key === undefined ? confidence : t(key);
}

/** A kind as the plan records it (`foreign key`, `after insert/update trigger`), in the report's language; an unknown kind as it is. */
export function kindName(kind: string): string {
  const key = KINDS[kind];
  if (key !== undefined) return t(key);
  const trigger = /^(after|instead of) (\S+) trigger$/.exec(kind);
  return trigger === null ? kind : t('report.kind.triggerOn', { timing: trigger[1] ?? '', events: trigger[2] ?? '' });
}

/** A number with at most `digits` decimals (trailing zeros dropped unless `fixed`), in the report's language: 1.5 or 1,5. */
export function decimal(value: number, digits: number, fixed = false): string {
  return new Intl.NumberFormat(language() === 'ru' ? 'ru-RU' : 'en-US', { useGrouping: false, maximumFractionDigits: digits, minimumFractionDigits: fixed ? digits : 0 }).format(value);
}
