/**
 * First-match rule engine. For a source column it tries each rule in order and records why each
 * one did or did not match, so `migrate mappings explain` can show the whole decision.
 */
import type { Column, TypeRef } from '../model/catalog.js';
import { globToRegExp } from '../model/object-filter.js';
import type { LoadedRule, RuleOrigin } from './load.js';
import type { Rule, RuleMatch } from './rule-schema.js';

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
  /** Rendered PostgreSQL type, e.g. `numeric(18,4)`. */
  readonly targetType: string;
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
    if ('error' in rendered) return { mapping: undefined, trials, error: `rule ${rule.id} (${origin.file}:${origin.line}): ${rendered.error}` };
    return { mapping: { rule, origin, targetType: rendered.type }, trials: explain ? trials : [] };
  }
  return { mapping: undefined, trials };
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
