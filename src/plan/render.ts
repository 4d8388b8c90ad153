/** Renders a plan into the files a DBA reviews: pre-data.sql, post-data.sql, manual.sql, report.md. */
import { PIECE_BYTES, PIECE_CHARACTERS } from '../copy/large-value.js';
import { messageParams, t, type MessageKey } from '../i18n/index.js';
import { commentLines, commentText } from '../target/postgres/quote.js';
import type { Plan, PlanColumn, PlanIssue, PlanStatement, PlanTable } from './plan-model.js';
import { confidenceName, decimal, kindName, severityName } from './report-words.js';
import { END_MARKER, statementMarker } from './statement-file.js';

/** `SQL Server 16.0 database Municipal`, on one line whatever the catalog says. */
const sourceLine = (plan: Plan): string => commentText(t('report.source', { server: plan.source.server, database: plan.source.database }));

const HEADER = (title: string, plan: Plan): string =>
  [`-- ${title}`, `-- ${t('report.sql.generated', { source: sourceLine(plan) })}`, `-- ${t('report.sql.apply')}`, `-- ${t('report.sql.psql')}`, ''].join('\n');

export function renderPhaseSql(plan: Plan, phase: PlanStatement['phase']): string {
  const lines = [HEADER(phase === 'pre-data' ? t('report.sql.preData') : t('report.sql.postData'), plan)];
  if (phase === 'pre-data') lines.push('BEGIN;\n');
  let step = '';
  for (const statement of plan.statements.filter((s) => s.phase === phase)) {
    if (statement.step !== step) {
      step = statement.step;
      lines.push(`\n-- ${step}`);
    }
    lines.push(statementMarker(statement.id), statement.sql);
  }
  lines.push('', END_MARKER);
  if (phase === 'pre-data') lines.push('COMMIT;');
  return `${lines.join('\n')}\n`;
}

/** Not executable: each item with its reason and the original T-SQL, commented out. */
export function renderManualSql(plan: Plan): string {
  const parts = [`-- ${t('report.manual.title')}\n-- ${t('report.manual.source', { source: sourceLine(plan), count: plan.manual.length })}\n`];
  for (const item of plan.manual) {
    parts.push(`-- ${commentText(`${kindName(item.kind)}: ${item.object}`)}\n-- ${commentText(t('report.manual.reason', { reason: item.reason }))}\n${commentLines(item.original, '--   ')}\n`);
  }
  return parts.join('\n');
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  // One row per line: breaks in names and messages are shown, never taken.
  const cell = (text: string): string => commentText(text).replace(/\|/g, '\\|');
  return [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

/** The messages that say a source object got another name than the identifier policy gives it, and where they hold the new name. */
const RENAMES: readonly MessageKey[] = ['issue.NAME_CHANGED', 'issue.NAME_ADJUSTED.table', 'issue.NAME_ADJUSTED.schema'];
const RENAME_CODES: readonly string[] = ['NAME_CHANGED', 'NAME_ADJUSTED'];

/** The PostgreSQL name a rename issue gives, read back from its message in the language the plan was made in. */
function renamedTo(issue: PlanIssue): string {
  for (const key of RENAMES) {
    const name = messageParams(key, issue.message)?.name;
    if (name !== undefined) return name;
  }
  return issue.message;
}

export function renderReport(plan: Plan): string {
  const out: string[] = [];
  const errors = plan.issues.filter((i) => i.severity === 'error');
  const warnings = plan.issues.filter((i) => i.severity === 'warning');
  const columns = plan.tables.flatMap((owner) => owner.columns.map((c) => ({ table: owner, column: c })));
  const columnName = (table: PlanTable, column: PlanColumn): string => `${table.source.schema}.${table.source.name}.${column.source.name}`;
  out.push(`# ${t('report.title', { database: commentText(plan.source.database) })}`, '');
  out.push(t('report.sourceLine', { server: plan.source.server, policy: plan.names.policy, caseInsensitive: plan.names.caseInsensitive }), '');
  out.push(errors.length > 0 ? t('report.blocking', { errors: errors.length, warnings: warnings.length }) : t('report.noBlocking', { warnings: warnings.length }), '');

  out.push(`## ${t('report.inventory')}`, '');
  const created = (step: string): number => plan.statements.filter((s) => s.step === step).length;
  const manualOf = (kind: string): number => plan.manual.filter((m) => m.kind === kind).length;
  // Every source check that was created was translated; the other checks are the mapping rules' own.
  const sourceChecks = plan.translations.filter((translation) => translation.kind === 'check').length;
  out.push(
    table(
      [t('report.col.object'), t('report.col.converted'), t('report.col.needsReview'), t('report.col.notConverted')],
      [
        [t('report.inventory.tables'), String(plan.tables.length), String(tablesToReview(plan)), '0'],
        [t('report.inventory.columns'), String(columns.length), String(columns.filter((c) => c.column.losses.length > 0).length), String(plan.issues.filter((i) => i.code === 'NO_MAPPING').length)],
        [t('report.inventory.primaryKeys'), String(created('primary-keys')), '0', '0'],
        [t('report.inventory.uniqueConstraints'), String(created('unique-constraints')), '0', '0'],
        [t('report.inventory.indexes'), String(created('indexes')), '0', String(manualOf('filtered index') + plan.issues.filter((i) => i.code === 'INDEX_SKIPPED').length)],
        [t('report.inventory.checks'), String(sourceChecks), '0', String(manualOf('check constraint'))],
        [t('report.inventory.ruleChecks'), String(created('checks') - sourceChecks), '0', '0'],
        [t('report.inventory.foreignKeys'), String(created('foreign-keys')), String(plan.issues.filter((i) => i.code === 'FK_NOT_TRUSTED').length), String(manualOf('foreign key'))],
        [t('report.inventory.defaults'), String(columns.filter((c) => c.column.default?.target != null).length), '0', String(manualOf('default'))],
        [t('report.inventory.computedColumns'), String(columns.filter((c) => c.column.computed?.target != null).length), '0', String(manualOf('computed column'))],
        [t('report.inventory.sequences'), String(created('sequences')), '0', '0'],
        [t('report.inventory.views'), String(created('views')), String(plan.translations.filter((translation) => translation.kind === 'view' && translation.confidence === 'review').length), String(manualOf('view'))],
        [t('report.inventory.routines'), String(plan.routines.filter((r) => r.confidence === 'exact').length), String(plan.routines.filter((r) => r.confidence === 'review').length), String(plan.routines.filter((r) => r.confidence === 'refused').length)],
      ],
    ),
    '',
  );

  if (errors.length > 0) {
    out.push(`## ${t('report.blockingIssues')}`, '');
    out.push(table([t('report.col.object'), t('report.col.issue'), t('report.col.whatToDo')], errors.map((i) => [i.object, i.message, i.hint ?? ''])), '');
  }

  out.push(`## ${t('report.losses')}`, '');
  const lossy = columns.filter((c) => c.column.losses.length > 0);
  out.push(
    lossy.length === 0
      ? t('report.losses.none')
      : table(
          [t('report.col.column'), t('report.col.sourceType'), t('report.col.targetType'), t('report.col.loss')],
          lossy.map(({ table: owner, column: c }) => [columnName(owner, c), c.source.type, c.target.type, c.losses.join('; ')]),
        ),
    '',
  );

  out.push(`## ${t('report.queries')}`, '');
  const differing = columns.filter((c) => (c.column.queryDifferences ?? []).length > 0);
  out.push(
    t('report.queries.intro', { version: plan.targetVersion }),
    '',
    differing.length === 0
      ? t('report.queries.none')
      : table(
          [t('report.col.column'), 'SQL Server', 'PostgreSQL', t('report.col.differences')],
          differing.map(({ table: owner, column: c }) => [
            columnName(owner, c),
            `${c.source.type}${c.source.collation === undefined ? '' : ` ${c.source.collation}`}`,
            `${c.target.type}${c.target.collation === undefined ? '' : ` COLLATE ${c.target.collation}`}`,
            (c.queryDifferences ?? []).join('; '),
          ]),
        ),
    '',
  );
  const large = columns.filter((c) => c.column.large !== undefined && c.column.copied);
  if (large.length > 0) {
    out.push(`## ${t('report.large')}`, '');
    out.push(
      t('report.large.intro'),
      '',
      table(
        [t('report.col.column'), t('report.col.sourceType'), t('report.col.targetType'), t('report.col.pieces'), t('report.col.valueLimit')],
        large.map(({ table: owner, column: c }) => [
          columnName(owner, c),
          c.source.type,
          c.target.type,
          c.large?.pieces === 'bytes' ? t('report.large.bytes', { count: PIECE_BYTES / 1024 ** 2 }) : t('report.large.characters', { count: PIECE_CHARACTERS / 1024 ** 2 }),
          c.large?.limit == null ? t('report.large.noLimit') : t('report.large.limit'),
        ]),
      ),
      '',
    );
  }

  out.push(`## ${t('report.types')}`, '');
  const byRule = new Map<string, { rule: string; source: Set<string>; target: Set<string>; count: number }>();
  for (const { column } of columns) {
    const ruleKey = column.rule === null ? t('report.types.noRule') : `${column.rule.id} (${column.rule.file}:${column.rule.line})`;
    const entry = byRule.get(ruleKey) ?? { rule: ruleKey, source: new Set(), target: new Set(), count: 0 };
    entry.source.add(column.source.type.replace(/\(.*\)$/, ''));
    entry.target.add(column.target.type.replace(/\(.*\)$/, ''));
    entry.count++;
    byRule.set(ruleKey, entry);
  }
  out.push(table([t('report.col.rule'), t('report.col.sourceTypes'), t('report.col.targetTypes'), t('report.col.columns')], [...byRule.values()].map((e) => [e.rule, [...e.source].join(', '), [...e.target].join(', '), String(e.count)])), '');

  const renamed = plan.issues.filter((i) => RENAME_CODES.includes(i.code));
  out.push(`## ${t('report.names')}`, '');
  out.push(renamed.length === 0 ? t('report.names.none') : table([t('report.col.source'), 'PostgreSQL'], renamed.map((i) => [i.object, renamedTo(i)])), '');

  out.push(`## ${t('report.review')}`, '');
  const review = plan.issues.filter((i) => i.severity !== 'error' && !RENAME_CODES.includes(i.code));
  out.push(review.length === 0 ? t('report.review.none') : table([t('report.col.severity'), t('report.col.object'), t('report.col.issue'), t('report.col.hint')], review.map((i) => [severityName(i.severity), i.object, i.message, i.hint ?? ''])), '');

  out.push(`## ${t('report.translations')}`, '');
  out.push(
    plan.translations.length === 0
      ? t('report.translations.none')
      : table([t('report.col.object'), t('report.col.kind'), t('report.col.confidence'), t('report.col.notes')], plan.translations.map((translation) => [translation.object, kindName(translation.kind), confidenceName(translation.confidence), translation.notes.join('; ')])),
    '',
  );

  if (plan.routines.length > 0) out.push(...routineSections(plan));

  out.push(`## ${t('report.manual')}`, '');
  out.push(plan.manual.length === 0 ? t('report.manual.none') : table([t('report.col.object'), t('report.col.kind'), t('report.col.reason')], plan.manual.map((m) => [m.object, kindName(m.kind), m.reason])), '');

  if (plan.inventory.length > 0) {
    out.push(`## ${t('report.code')}`, '');
    out.push(
      table(
        [t('report.col.object'), t('report.col.kind'), t('report.col.lines'), t('report.col.difficulty'), t('report.col.constructs')],
        plan.inventory.map((i) => [i.object, kindName(i.kind), String(i.lines), `${i.difficulty}/5`, i.constructs.join(', ')]),
      ),
      '',
    );
  }

  out.push(`## ${t('report.copy')}`, '');
  out.push(
    table(
      [t('report.col.table'), 'PostgreSQL', t('report.col.rows'), t('report.col.size'), t('report.col.key')],
      plan.tables.map((copied) => [`${copied.source.schema}.${copied.source.name}`, `${copied.target.schema}.${copied.target.name}`, copied.rows === null ? '?' : String(copied.rows), copied.bytes === null ? '?' : formatBytes(copied.bytes), copied.key.length === 0 ? t('report.copy.noKey') : copied.key.map((k) => k.target).join(', ')]),
    ),
    '',
  );
  return out.join('\n');
}

/** Procedures, functions and triggers: each with its confidence and what to check, then the effort per schema. */
function routineSections(plan: Plan): string[] {
  const hours = (n: number): string => decimal(n, 2);
  const out = [`## ${t('report.routines')}`, ''];
  out.push(t('report.routines.intro'), '');
  out.push(
    table(
      [t('report.col.object'), t('report.col.kind'), 'PostgreSQL', t('report.col.confidence'), t('report.col.hours'), t('report.col.toCheck')],
      plan.routines.map((r) => [
        r.object,
        kindName(r.kind),
        r.target === null ? '-' : t('report.routines.target', { shape: kindName(r.shape ?? ''), target: r.target }),
        confidenceName(r.confidence),
        hours(r.effortHours),
        r.constructs.map((c) => (c.line === 0 ? c.reason : `${c.line}:${c.col} ${c.reason}`)).join('; '),
      ]),
    ),
    '',
  );
  const schemas = new Map<string, { objects: number; exact: number; review: number; refused: number; hours: number }>();
  for (const r of plan.routines) {
    const schema = r.object.slice(0, r.object.indexOf('.'));
    const entry = schemas.get(schema) ?? { objects: 0, exact: 0, review: 0, refused: 0, hours: 0 };
    entry.objects++;
    entry[r.confidence]++;
    entry.hours += r.effortHours;
    schemas.set(schema, entry);
  }
  const total = [...schemas.values()].reduce((sum, e) => sum + e.hours, 0);
  out.push(`### ${t('report.effort')}`, '');
  out.push(
    table(
      [t('report.col.schema'), t('report.col.objects'), confidenceName('exact'), confidenceName('review'), confidenceName('refused'), t('report.col.hours')],
      [...[...schemas.entries()].map(([schema, e]) => [schema, String(e.objects), String(e.exact), String(e.review), String(e.refused), hours(e.hours)]), [t('report.effort.total'), String(plan.routines.length), '', '', '', hours(total)]],
    ),
    '',
  );
  return out;
}

/** Tables with at least one warning on the table or anything in it (columns, keys, indexes). */
function tablesToReview(plan: Plan): number {
  const names = plan.tables.map((t) => `${t.source.schema}.${t.source.name}`);
  const warned = new Set(plan.issues.filter((i) => i.severity === 'warning').flatMap((i) => names.filter((n) => i.object === n || i.object.startsWith(`${n}.`))));
  return warned.size;
}

const BYTE_UNITS: readonly MessageKey[] = ['report.bytes.B', 'report.bytes.KB', 'report.bytes.MB', 'report.bytes.GB', 'report.bytes.TB'];

function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return t(BYTE_UNITS[unit] ?? 'report.bytes.B', { value: unit === 0 ? String(value) : decimal(value, 1, true) });
}
