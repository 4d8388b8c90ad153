/**
 * Whether a plan fits the PostgreSQL it is about to be applied to (`migrate check --plan`): the
 * choices it made for its target version (case-insensitive columns, NULLS NOT DISTINCT) and the
 * extensions and collations it creates. Pure: the caller reads the server.
 */
import { t } from '../i18n/index.js';
import { COLLATION_SCHEMA, LIKE_ON_NONDETERMINISTIC } from './collations.js';
import type { Plan } from './plan-model.js';

export interface TargetTraits {
  readonly major: number;
  readonly icuAvailable: boolean;
  /** Extensions the server can create (pg_available_extensions). */
  readonly extensions: ReadonlySet<string>;
}

export interface PlanFit {
  /** Unmet: applying the plan fails. */
  readonly requirements: readonly { readonly name: string; readonly neededFor: string; readonly met: boolean }[];
  /** The plan applies, but queries will not behave as the plan's report says. */
  readonly warnings: readonly string[];
}

/** Statements of the plan that need PostgreSQL 15 or newer. */
const NULLS_NOT_DISTINCT = /\bNULLS NOT DISTINCT\b/;

export function planFit(plan: Plan, target: TargetTraits): PlanFit {
  const requirements: { name: string; neededFor: string; met: boolean }[] = [];
  const warnings: string[] = [];
  const columns = plan.tables.flatMap((t) => t.columns.map((c) => ({ name: `${t.source.schema}.${t.source.name}.${c.source.name}`, column: c })));
  const extensions = plan.statements.filter((s) => s.step === 'extensions').map((s) => s.object);
  for (const extension of extensions) requirements.push({ name: t('check.requirement.extension', { extension }), neededFor: t('check.neededFor.extension', { extension }), met: target.extensions.has(extension) });
  if (plan.collations.length > 0) requirements.push({ name: t('check.requirement.icu'), neededFor: t('check.neededFor.planCollations', { count: plan.collations.length, schema: COLLATION_SCHEMA }), met: target.icuAvailable });
  const nullsNotDistinct = plan.statements.filter((s) => NULLS_NOT_DISTINCT.test(s.sql)).length;
  if (nullsNotDistinct > 0) requirements.push({ name: t('check.requirement.version', { version: 15 }), neededFor: t('check.neededFor.nullsNotDistinct', { count: nullsNotDistinct }), met: target.major >= 15 });

  if (plan.targetVersion !== target.major) {
    warnings.push(t('check.warning.otherVersion', { planned: plan.targetVersion, target: target.major }));
  }
  const nondeterministic = new Set(plan.collations.filter((c) => !c.deterministic).map((c) => `${COLLATION_SCHEMA}.${c.name}`));
  const refusingLike = columns.filter((c) => c.column.target.collation !== undefined && nondeterministic.has(c.column.target.collation));
  if (target.major < LIKE_ON_NONDETERMINISTIC && refusingLike.length > 0) {
    const named = `${refusingLike.slice(0, 3).map((c) => c.name).join(', ')}${refusingLike.length > 3 ? ', ...' : ''}`;
    warnings.push(t('check.warning.likeRefused', { count: refusingLike.length, columns: named, version: target.major }));
  }
  return { requirements, warnings };
}
