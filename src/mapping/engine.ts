/**
 * First-match rule engine. For a source column it tries each rule in order and records why each
 * one did or did not match, so `migrate mappings explain` can show the whole decision.
 */
import type { Catalog, Column, TypeRef } from '../model/catalog.js';
import { globToRegExp } from '../model/object-filter.js';
import { closest } from '../suggest.js';
import { parseTargetType, type ParsedType } from '../target/postgres/types.js';
import type { LoadedRule, RuleOrigin } from './load.js';
import type { Rule, RuleMatch } from './rule-schema.js';
import { t } from '../i18n/index.js';

export interface ColumnSubject {
  readonly schema: string;
  readonly table: string;
  readonly column: Column;
}

export interface RuleTrial {
  readonly id: string;
  readonly origin: RuleOrigin;
  /** Undefined when the rule matched; otherwise the first criterion that failed. */
  readonly mismatch?: string;
}

export interface ColumnMapping {
  readonly rule: Rule;
  readonly origin: RuleOrigin;
  /** Rendered PostgreSQL type in its canonical spelling, e.g. `numeric(18,4)`, `integer` for `INT4`. */
  readonly targetType: string;
  /** The extension the target type lives in (citext, postgis, ...). */
  readonly extension?: string;
}

export interface MappingDecision {
  readonly mapping: ColumnMapping | undefined;
  readonly trials: readonly RuleTrial[];
  /** Set when the matching rule's template could not be rendered. */
  readonly error?: string;
}

export function mapColumn(subject: ColumnSubject, rules: readonly LoadedRule[], explain = false): MappingDecision {
  const trials: RuleTrial[] = [];
  for (const { rule, origin } of rules) {
    const mismatch = firstMismatch(rule.match, subject);
    trials.push({ id: rule.id, origin, ...(mismatch === undefined ? {} : { mismatch }) });
    if (mismatch !== undefined) continue;
    const rendered = renderTypeTemplate(rule.target, subject.column.type);
    const parsed = 'error' in rendered ? rendered : targetType(rendered.type);
    if ('error' in parsed) {
      const what = 'error' in rendered ? '' : ` target "${rendered.type}":`;
      return { mapping: undefined, trials, error: `rule ${rule.id} (${origin.file}:${origin.line}):${what} ${parsed.error}` };
    }
    const { sql, extension } = parsed.type;
    return { mapping: { rule, origin, targetType: sql, ...(extension === undefined ? {} : { extension }) }, trials: explain ? trials : [] };
  }
  return { mapping: undefined, trials };
}

export interface UnusedRule {
  readonly rule: LoadedRule;
  /** `rule mony (overrides.yaml:8)` */
  readonly label: string;
  /** `decides no column: ` and why. */
  readonly message: string;
  readonly hint?: string;
}

/**
 * Rules of the user's mapping files that decide no column (of a table or a view) of the catalog:
 * a typo (`type: mony`, a wrong column glob) or a rule shadowed by an earlier one is otherwise silent.
 */
export function unusedRules(catalog: Catalog, rules: readonly LoadedRule[]): UnusedRule[] {
  if (rules.every((r) => r.isDefault)) return [];
  const decided = new Set<LoadedRule>();
  const shadowed = new Map<LoadedRule, string>();
  const typeNames = new Set(rules.flatMap((r) => (r.isDefault && r.rule.match.type !== undefined ? list(r.rule.match.type) : [])));
  for (const schema of catalog.schemas) {
    const subjects: ColumnSubject[] = [
      ...schema.tables.flatMap((t) => t.columns.map((column) => ({ schema: schema.name, table: t.name, column }))),
      ...schema.views.flatMap((v) => v.columns.map((column) => ({ schema: schema.name, table: v.name, column: { ...column } }))),
    ];
    for (const subject of subjects) {
      typeNames.add(subject.column.type.name);
      let decider: LoadedRule | undefined;
      for (const loaded of rules) {
        if (decider !== undefined && (loaded.isDefault || decided.has(loaded) || shadowed.has(loaded))) continue;
        if (firstMismatch(loaded.rule.match, subject) !== undefined) continue;
        if (decider === undefined) {
          decider = loaded;
          decided.add(loaded);
        } else {
          shadowed.set(loaded, t('issue.MAPPING_RULE_UNUSED.example', { column: `${subject.schema}.${subject.table}.${subject.column.name}`, rule: decider.rule.id, file: decider.origin.file, line: decider.origin.line }));
        }
      }
    }
  }
  return rules
    .filter((r) => !r.isDefault && !decided.has(r))
    .map((r) => {
      const label = t('issue.rule', { rule: r.rule.id, file: r.origin.file, line: r.origin.line });
      const example = shadowed.get(r);
      if (example !== undefined) return { rule: r, label, message: t('issue.MAPPING_RULE_UNUSED.shadowed', { example }), hint: t('issue.MAPPING_RULE_UNUSED.shadowed.hint') };
      const unknownType = list(r.rule.match.type ?? []).find((name) => !typeNames.has(name));
      const guess = unknownType === undefined ? undefined : closest(unknownType, typeNames, 2);
      return { rule: r, label, message: t('issue.MAPPING_RULE_UNUSED.unmatched'), ...(guess === undefined ? {} : { hint: t('issue.MAPPING_RULE_UNUSED.guess', { type: unknownType ?? '', guess }) }) };
    });
}

const list = (value: string | readonly string[]): readonly string[] => (typeof value === 'string' ? [value] : value);
const globCache = new Map<string, RegExp>();
const anyGlob = (patterns: string | readonly string[], text: string): boolean =>
  list(patterns).some((pattern) => {
    let regex = globCache.get(pattern);
    if (regex === undefined) globCache.set(pattern, (regex = globToRegExp(pattern)));
    return regex.test(text);
  });

function inRange(range: { min?: number | undefined; max?: number | undefined }, value: number | undefined): boolean {
  return value !== undefined && (range.min === undefined || value >= range.min) && (range.max === undefined || value <= range.max);
}

function describeRange(range: { min?: number | undefined; max?: number | undefined }): string {
  return [range.min === undefined ? '' : `>= ${range.min}`, range.max === undefined ? '' : `<= ${range.max}`].filter(Boolean).join(' and ');
}

function firstMismatch(match: RuleMatch, { schema, table, column }: ColumnSubject): string | undefined {
  const type = column.type;
  if (match.type !== undefined && !list(match.type).includes(type.name)) return `type is ${type.name}, not ${list(match.type).join('/')}`;
  if (match.alias !== undefined) {
    const alias = type.alias === undefined ? undefined : `${type.alias.schema}.${type.alias.name}`;
    if (alias === undefined || !anyGlob(match.alias, alias)) return `alias type is ${alias ?? 'none'}`;
  }
  if (match.length !== undefined) {
    if (match.length === 'max' ? type.length !== 'max' : typeof type.length !== 'number' || !inRange(match.length, type.length)) {
      return `length is ${type.length ?? 'none'}, not ${match.length === 'max' ? 'max' : describeRange(match.length)}`;
    }
  }
  if (match.precision !== undefined && !inRange(match.precision, type.precision)) return `precision is ${type.precision ?? 'none'}, not ${describeRange(match.precision)}`;
  if (match.scale !== undefined && !inRange(match.scale, type.scale)) return `scale is ${type.scale ?? 'none'}, not ${describeRange(match.scale)}`;
  if (match.identity !== undefined && (column.identity !== undefined) !== match.identity) return match.identity ? 'not an identity column' : 'an identity column';
  if (match.nullable !== undefined && column.nullable !== match.nullable) return column.nullable ? 'nullable' : 'not nullable';
  if (match.collation !== undefined && (column.collation === undefined || !anyGlob(match.collation, column.collation))) return `collation is ${column.collation ?? 'none'}`;
  if (match.column !== undefined && !anyGlob(match.column, `${schema}.${table}.${column.name}`)) return 'column name does not match';
  return undefined;
}

const parsedTypes = new Map<string, ParsedType>();
/** A rendered target, parsed once per spelling (a plan asks for the same few types many times). */
function targetType(text: string): ParsedType {
  let parsed = parsedTypes.get(text);
  if (parsed === undefined) parsedTypes.set(text, (parsed = parseTargetType(text)));
  return parsed;
}

/**
 * Why a rule's target can never be a PostgreSQL type, found without a column: bad syntax, an unknown
 * type or placeholder. Values only a column gives (`timestamp({scale})` with scale 7) are checked
 * when the plan renders them.
 */
export function targetTemplateProblem(template: string): string | undefined {
  const unknown = /\{(?!(?:length|precision|scale)\})[^}]*\}/.exec(template);
  if (unknown !== null) return `unknown placeholder ${unknown[0]} (use {length}, {precision}, {scale})`;
  const parsed = targetType(template.replace(/\{(length|precision|scale)\}/g, '1'));
  return 'error' in parsed ? parsed.error : undefined;
}

/** `numeric({precision},{scale})` with the source type's values. */
export function renderTypeTemplate(template: string, type: TypeRef): { type: string } | { error: string } {
  let error: string | undefined;
  const rendered = template.replace(/\{(length|precision|scale)\}/g, (_, key: 'length' | 'precision' | 'scale') => {
    const value = type[key];
    if (typeof value !== 'number') {
      error = `{${key}} is used but ${type.name} has ${value === 'max' ? 'length max' : `no ${key}`}`;
      return '';
    }
    return String(value);
  });
  const unknown = /\{[^}]*\}/.exec(rendered);
  if (error !== undefined) return { error };
  if (unknown !== null) return { error: `unknown placeholder ${unknown[0]} (use {length}, {precision}, {scale})` };
  return { type: rendered };
}
