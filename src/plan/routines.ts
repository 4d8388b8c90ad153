/**
 * Procedures, functions and triggers in the plan: each is parsed, converted (src/translate/routines.ts)
 * and created in post-data, or refused into manual.sql with its reasons. Routines that call one another
 * are converted together: a routine whose callee is refused is refused too, until nothing changes.
 * Every object gets a confidence and an estimate of the hours a DBA needs for it.
 */
import type { Catalog, Routine, Table, Trigger } from '../model/catalog.js';
import { compareNames } from '../model/order.js';
import * as ddl from '../target/postgres/ddl.js';
import { quoteIdent, quoteQualified } from '../target/postgres/quote.js';
import { CONSTRUCTS } from '../translate/constructs.js';
import { Refusal } from '../translate/refusal.js';
import { routineSignature, translateRoutine, type ConstructUse, type RoutineSignature, type RoutineTranslation } from '../translate/routines.js';
import type { RoutineDefinition } from '../translate/statement-ast.js';
import { parseRoutine } from '../translate/statement-parser.js';
import type { RelationInfo } from '../translate/translator.js';
import type { NamePolicy } from './names.js';
import type { PlanIssue, PlanRoutine, PlanRoutineConstruct, PlanStatement } from './plan-model.js';
import { t } from '../i18n/index.js';

/** What the routine planner needs from the plan being built. */
export interface RoutineHost {
  readonly catalog: Catalog;
  readonly names: NamePolicy;
  readonly targetVersion: number;
  schemaTarget(schema: string): string;
  relation(defaultSchema: string, schema: string | undefined, name: string): RelationInfo | undefined;
  statement(phase: PlanStatement['phase'], step: PlanStatement['step'], object: string, id: string, sql: string): void;
  manual(object: string, kind: string, reason: string, original: string): void;
  issue(severity: PlanIssue['severity'], code: string, object: string, message: string, hint?: string): void;
}

/**
 * Hours a DBA plans for an object, after AWS SCT's action items: a fixed cost to check a conversion,
 * more for each construct to review, and for a refused object a port by hand that grows with its size.
 */
const EFFORT = { exact: 0.25, review: 1, reviewPerConstruct: 0.5, refused: 2, refusedPerConstruct: 1, refusedPer100Lines: 1 } as const;

interface Entry {
  readonly object: string;
  readonly kind: string;
  readonly schema: string;
  readonly name: string;
  readonly definition: string | null;
  readonly table?: { readonly table: Table; readonly trigger: Trigger };
  readonly target: { readonly schema: string; readonly name: string };
  parsed?: RoutineDefinition;
  signature?: RoutineSignature;
  refusal?: { readonly reason: string; readonly uses: readonly ConstructUse[] };
  translation?: RoutineTranslation & { ok: true };
}

const ERROR_NUMBER_FUNCTION = `CREATE OR REPLACE FUNCTION ms2pg.error_number(sqlstate text, detail text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(CAST(substring(detail FROM '^SQL Server error (\\d+)') AS integer),
    CASE sqlstate WHEN '23505' THEN 2627 WHEN '23503' THEN 547 WHEN '23514' THEN 547 WHEN '23502' THEN 515 WHEN '22012' THEN 8134
      WHEN '22003' THEN 8115 WHEN '22001' THEN 8152 WHEN '22P02' THEN 245 WHEN '22007' THEN 241 WHEN '22008' THEN 242 WHEN '40P01' THEN 1205 ELSE 50000 END)
$$;`;

export class RoutinePlanner {
  private readonly entries: Entry[] = [];

  constructor(private readonly host: RoutineHost) {
    for (const schema of host.catalog.schemas) {
      const targetSchema = host.schemaTarget(schema.name);
      for (const routine of schema.routines) {
        this.entries.push({ object: `${schema.name}.${routine.name}`, kind: routine.kind.replace(/_/g, ' '), schema: schema.name, name: routine.name, definition: routine.definition, target: { schema: targetSchema, name: host.names.relation(schema.name, routine.name) } });
      }
      for (const table of schema.tables) {
        for (const trigger of table.triggers) {
          this.entries.push({
            object: `${schema.name}.${table.name}.${trigger.name}`,
            kind: `${trigger.timing.replace('_', ' ')} ${trigger.events.join('/')} trigger`,
            schema: schema.name,
            name: trigger.name,
            definition: trigger.definition,
            table: { table, trigger },
            target: { schema: targetSchema, name: host.names.relation(schema.name, trigger.name) },
          });
        }
      }
    }
    for (const entry of this.entries) this.parse(entry, schemaRoutines(host.catalog, entry));
  }

  /** A converted routine by source schema and name, as callers see it (for views too). */
  lookup(defaultSchema: string): (schema: string | undefined, name: string) => RoutineSignature | undefined {
    return (schema, name) => {
      const wanted = `${schema ?? defaultSchema}.${name}`.toLowerCase();
      const entry = this.entries.find((e) => e.table === undefined && `${e.schema}.${e.name}`.toLowerCase() === wanted);
      return entry?.refusal === undefined ? entry?.signature : undefined;
    };
  }

  /** Converts everything; callers of refused routines are refused in turn. */
  convert(): void {
    for (let changed = true; changed; ) {
      changed = false;
      for (const entry of this.entries) {
        if (entry.refusal !== undefined || entry.parsed === undefined) continue;
        const translated = translateRoutine(entry.parsed, {
          defaultSchema: entry.schema,
          target: entry.target,
          relation: (schema, name) => this.host.relation(entry.schema, schema, name),
          routine: this.lookup(entry.schema),
          ...(entry.table === undefined ? {} : { triggerTable: this.triggerTable(entry) }),
          targetVersion: this.host.targetVersion,
        });
        if (translated.ok) entry.translation = translated;
        else {
          entry.refusal = { reason: translated.reason, uses: translated.uses };
          delete entry.translation;
          changed = true;
        }
      }
    }
  }

  /** Emits the statements, manual items and issues; returns the report's entries. */
  plan(): PlanRoutine[] {
    const converted = this.entries.filter((e) => e.translation !== undefined);
    if (converted.some((e) => e.translation?.usesErrorNumber === true)) {
      this.host.statement('pre-data', 'schemas', 'ms2pg', 'schema:ms2pg', ddl.createSchema('ms2pg'));
      this.host.statement('post-data', 'routines', 'ms2pg.error_number', 'routine:ms2pg.error_number', ERROR_NUMBER_FUNCTION);
    }
    for (const entry of this.dependencyOrder(converted)) this.emit(entry);
    return this.entries
      .map((entry) => this.report(entry))
      .sort((a, b) => compareNames(a.object, b.object));
  }

  private parse(entry: Entry, routines: readonly Routine[]): void {
    const clr = routines.find((r) => r.name === entry.name && entry.table === undefined && (r.kind.startsWith('clr') || r.kind === 'aggregate'));
    if (clr !== undefined) {
      entry.refusal = { reason: t('routine.clr', { kind: clr.kind.replace(/_/g, ' ') }), uses: [{ construct: 'unsupported', line: 0, col: 0, detail: t('routine.clr.detail') }] };
      return;
    }
    if (entry.definition === null) {
      entry.refusal = { reason: t('manual.definitionUnreadable'), uses: [{ construct: 'unsupported', line: 0, col: 0, detail: t('routine.unreadable.detail') }] };
      return;
    }
    try {
      entry.parsed = parseRoutine(entry.definition);
      if (entry.table === undefined) entry.signature = routineSignature(entry.parsed, entry.target);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      entry.refusal = { reason: error.message, uses: [{ construct: 'unsupported', line: error.position?.line ?? 1, col: error.position?.col ?? 1, detail: error.what }] };
    }
  }

  private triggerTable(entry: Entry): RelationInfo & { readonly isView: boolean } {
    const table = entry.table?.table;
    const relation = table === undefined ? undefined : this.host.relation(entry.schema, entry.schema, table.name);
    if (relation === undefined) throw new Error(`trigger ${entry.object}: its table is not planned`);
    return { ...relation, isView: false };
  }

  /** Callees before callers, so SQL functions find what they call when created. */
  private dependencyOrder(entries: readonly Entry[]): Entry[] {
    const byKey = new Map(entries.map((e) => [`${e.schema}.${e.name}`.toLowerCase(), e]));
    const done = new Set<Entry>();
    const ordered: Entry[] = [];
    const visit = (entry: Entry, path: Set<Entry>): void => {
      if (done.has(entry) || path.has(entry)) return;
      path.add(entry);
      for (const call of entry.translation?.calls ?? []) {
        const callee = byKey.get(`${call.schema}.${call.name}`.toLowerCase());
        if (callee !== undefined && callee.table === undefined) visit(callee, path);
      }
      done.add(entry);
      ordered.push(entry);
    };
    for (const entry of [...entries].sort((a, b) => compareNames(a.object, b.object))) visit(entry, new Set());
    return ordered;
  }

  private emit(entry: Entry): void {
    const translation = entry.translation;
    if (translation === undefined) return;
    const object = `${entry.target.schema}.${entry.target.name}`;
    for (const statement of translation.statements) {
      const step = statement.kind === 'trigger' ? 'triggers' : translation.sqlLanguage ? 'table-functions' : 'routines';
      const id = statement.kind === 'trigger' ? `trigger:${/^CREATE TRIGGER (\S+) /.exec(statement.sql)?.[1] ?? object}:${object}` : `routine:${object}`;
      this.host.statement('post-data', step, object, id, statement.sql);
    }
    const trigger = entry.table?.trigger;
    if (trigger !== undefined && !trigger.enabled) {
      const table = this.triggerTable(entry);
      for (const event of trigger.events) {
        const name = trigger.events.length === 1 ? entry.target.name : `${entry.target.name}_${event}`;
        this.host.statement('post-data', 'triggers', object, `trigger-disable:${name}:${object}`, `ALTER TABLE ${quoteQualified(table.schema, table.name)} DISABLE TRIGGER ${quoteIdent(name)};`);
      }
    }
  }

  private report(entry: Entry): PlanRoutine {
    const lines = entry.definition === null ? 0 : entry.definition.split('\n').length;
    const header = entry.parsed?.header.kind;
    const kind = header === undefined || header === 'trigger' ? entry.kind : { procedure: 'procedure', scalarFunction: 'scalar function', inlineFunction: 'inline table function', tableFunction: 'table function' }[header];
    const base = { object: entry.object, kind, lines };
    if (entry.translation === undefined) {
      const constructs = this.constructs(entry.refusal?.uses ?? [], 'refused');
      const refused = new Set(constructs.filter((c) => c.confidence === 'refused').map((c) => c.construct)).size;
      const reason = constructs.filter((c) => c.confidence === 'refused').map((c) => (c.line === 0 ? c.reason : t('routine.refusedAt', { reason: c.reason, line: c.line, col: c.col }))).join('; ') || (entry.refusal?.reason ?? t('routine.notConverted'));
      this.host.manual(entry.object, entry.table === undefined ? entry.kind : 'trigger', reason, entry.definition ?? t('manual.definitionUnreadable.original'));
      this.host.issue('warning', 'ROUTINE_NOT_CONVERTED', entry.object, t('issue.ROUTINE_NOT_CONVERTED', { reason }), t('issue.seeManual'));
      const effortHours = EFFORT.refused + EFFORT.refusedPerConstruct * Math.max(refused, 1) + EFFORT.refusedPer100Lines * Math.floor(lines / 100);
      return { ...base, target: null, shape: null, confidence: 'refused', constructs, effortHours };
    }
    const translation = entry.translation;
    const constructs = this.constructs(translation.uses, 'review');
    const review = new Set(constructs.map((c) => `${c.construct}:${c.reason}`)).size;
    const effortHours = translation.confidence === 'exact' ? EFFORT.exact : EFFORT.review + EFFORT.reviewPerConstruct * Math.max(review - 1, 0);
    return { ...base, target: `${entry.target.schema}.${entry.target.name}`, shape: shapeName(translation.signature.shape), confidence: translation.confidence, constructs, effortHours };
  }

  /** The uses worth a DBA's attention: review and refused constructs, each once per position. */
  private constructs(uses: readonly ConstructUse[], least: 'review' | 'refused'): PlanRoutineConstruct[] {
    const wanted = least === 'review' ? ['review', 'refused'] : ['refused', 'review'];
    const seen = new Set<string>();
    return uses.flatMap((use) => {
      const construct = CONSTRUCTS[use.construct];
      if (!wanted.includes(construct.confidence)) return [];
      const reason = use.detail !== undefined && (use.construct === 'unsupported' || use.construct === 'expressionNote') ? use.detail : t('construct.use', { construct: use.detail ?? t(construct.tsql), why: t(construct.reason) });
      const key = `${use.construct}:${use.line}:${use.col}:${reason}`;
      if (seen.has(key)) return [];
      seen.add(key);
      return [{ construct: use.construct, confidence: construct.confidence, line: use.line, col: use.col, reason }];
    });
  }
}

function shapeName(shape: RoutineSignature['shape']): string {
  return { procedure: 'procedure', rows: 'function returning rows', scalar: 'function', table: 'table function', trigger: 'trigger function' }[shape];
}

function schemaRoutines(catalog: Catalog, entry: Entry): readonly Routine[] {
  return catalog.schemas.find((s) => s.name === entry.schema)?.routines ?? [];
}
