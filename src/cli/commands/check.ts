/**
 * `migrate check`: connect to the source and the target, report what they are and whether this
 * login can do what the later stages need. Connection failures exit 4; unmet requirements exit 2.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Settings } from '../../config/load.js';
import { SOURCE_FLAGS } from '../../config/settings.js';
import { MigrateError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { connectMssql, describeMssql, mssqlSettingsFrom } from '../../source/mssql/connection.js';
import { checkSourcePermissions, readServerFacts, type MssqlServerFacts } from '../../source/mssql/server-facts.js';
import { connectPg, describePg, pgSettingsFrom } from '../../target/postgres/connection.js';
import { readAvailableExtensions, readPgFacts, type PgServerFacts } from '../../target/postgres/server-facts.js';
import { planFit } from '../../plan/fit.js';
import { readPlanDirectory } from '../../plan/plan-io.js';
import type { Plan } from '../../plan/plan-model.js';
import type { CommandContext, CommandDefinition, CommandOutcome } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';

export interface Requirement {
  readonly name: string;
  readonly neededFor: string;
  /** null: the server could not tell. */
  readonly met: boolean | null;
}

type SideReport<Facts> =
  | { readonly connection: string; readonly connected: true; readonly facts: Facts; readonly requirements: readonly Requirement[]; readonly warnings?: readonly string[] }
  | { readonly connection: string; readonly connected: false; readonly error: string; readonly hint?: string };

export interface CheckReport {
  readonly source?: SideReport<MssqlServerFacts>;
  readonly target?: SideReport<PgServerFacts>;
}

/** PostgreSQL 12 brought nondeterministic collations, which case-insensitive keys rely on. */
const MIN_PG_VERSION_NUM = 120000;

export const checkCommand: CommandDefinition = {
  name: 'check',
  summary: 'connect to source and target and report versions, collations and missing permissions',
  examples: [
    'MSSQL_PASSWORD=... migrate check --source "mssql://migrator@sql01:1433/Municipal" --target postgres://pg01/municipal',
    'migrate check --source "Server=sql01,1433;Database=Municipal;User Id=migrator;Encrypt=True" --json',
  ],
  settings: [...SOURCE_FLAGS, 'target.connection', 'planDir'],
  async run(context: CommandContext): Promise<CommandOutcome> {
    const { settings, env, output, cwd } = context;
    const wantSource = settings.get('source.connection') !== undefined || settings.get('source.host') !== undefined;
    const wantTarget = settings.get('target.connection') !== undefined || ['PGHOST', 'PGDATABASE', 'PGSERVICE'].some((v) => env[v] !== undefined);
    if (!wantSource && !wantTarget) {
      throw new MigrateError('CHECK_NOTHING', 'usage', t('error.CHECK_NOTHING'));
    }
    const report: CheckReport = {
      ...(wantSource ? { source: await checkSource(settings, output) } : {}),
      ...(wantTarget ? { target: await checkTarget(settings, env, output, planToCheck(settings, cwd, output)) } : {}),
    };
    const sides = [report.source, report.target].filter((side) => side !== undefined);
    const exitCode = sides.some((side) => !side.connected)
      ? ExitCode.Runtime
      : sides.some((side) => side.connected && side.requirements.some((r) => r.met === false))
        ? ExitCode.Incomplete
        : ExitCode.Ok;
    for (const side of sides) if (!side.connected) output.error(side.error, side.hint);
    return { exitCode, json: { formatVersion: 1, ok: exitCode === ExitCode.Ok, ...report }, human: renderCheck(report, output) };
  },
};

async function checkSource(settings: Settings, output: Output): Promise<SideReport<MssqlServerFacts>> {
  const connection = mssqlSettingsFrom(settings);
  const where = describeMssql(connection);
  output.detail(t('check.connectingSource', { where }));
  let pool;
  try {
    pool = await connectMssql(connection, 1);
  } catch (error) {
    return failedSide(where, error);
  }
  try {
    const facts = await readServerFacts(pool);
    const permissions = await checkSourcePermissions(pool, facts.isBabelfish);
    return {
      connection: where,
      connected: true,
      facts,
      requirements: permissions.map((p) => ({ name: p.permission, neededFor: p.neededFor, met: p.granted })),
    };
  } finally {
    await pool.close();
  }
}

/** The plan to hold the target to: the one --plan names, or ./plan when it exists and can be read (else a warning). */
function planToCheck(settings: Settings, cwd: string, output: Output): Plan | undefined {
  const dir = resolve(cwd, settings.get('planDir') ?? 'plan');
  if (settings.origin('planDir') !== 'default') return readPlanDirectory(dir);
  if (!existsSync(join(dir, 'plan.json'))) return undefined;
  try {
    return readPlanDirectory(dir);
  } catch (error) {
    if (!(error instanceof MigrateError)) throw error;
    output.warn(error.message);
    return undefined;
  }
}

async function checkTarget(settings: Settings, env: NodeJS.ProcessEnv, output: Output, plan: Plan | undefined): Promise<SideReport<PgServerFacts>> {
  const connection = pgSettingsFrom(settings, env);
  const where = describePg(connection, env);
  output.detail(t('check.connectingTarget', { where }));
  let client;
  try {
    client = await connectPg(connection, env);
  } catch (error) {
    return failedSide(where, error);
  }
  try {
    const facts = await readPgFacts(client);
    const requirements: Requirement[] = [
      { name: t('check.requirement.version', { version: MIN_PG_VERSION_NUM / 10000 }), neededFor: t('check.neededFor.nondeterministic'), met: facts.versionNum >= MIN_PG_VERSION_NUM },
      { name: t('check.requirement.utf8'), neededFor: t('check.neededFor.unicode'), met: facts.encoding === 'UTF8' },
      { name: t('check.requirement.create'), neededFor: t('check.neededFor.schemas'), met: facts.canCreateSchemas || facts.superuser },
      { name: t('check.requirement.icu'), neededFor: t('check.neededFor.caseInsensitive'), met: facts.icuAvailable },
    ];
    if (plan === undefined) return { connection: where, connected: true, facts, requirements };
    const extensions = plan.statements.filter((s) => s.step === 'extensions').map((s) => s.object);
    const fit = planFit(plan, { major: Math.floor(facts.versionNum / 10000), icuAvailable: facts.icuAvailable, extensions: await readAvailableExtensions(client, extensions) });
    // The plan's own wording of a requirement (e.g. how many ICU collations it creates) replaces the general one.
    const general = requirements.filter((r) => !fit.requirements.some((f) => f.name === r.name));
    return { connection: where, connected: true, facts, requirements: [...general, ...fit.requirements], warnings: fit.warnings };
  } finally {
    await client.end();
  }
}

function failedSide(where: string, error: unknown): { connection: string; connected: false; error: string; hint?: string } {
  if (!(error instanceof MigrateError)) throw error;
  return { connection: where, connected: false, error: error.message, ...(error.hint === undefined ? {} : { hint: error.hint }) };
}

function renderCheck(report: CheckReport, output: Output): string {
  const { style } = output;
  const lines: string[] = [];
  // At least four wide, so that a short "ok" lines up with itself.
  const mark = (met: boolean | null): string =>
    met === true ? style.green(t('check.mark.ok').padEnd(4)) : met === false ? style.red(t('check.mark.missing').padEnd(4)) : style.yellow(t('check.mark.unknown').padEnd(4));
  const labels = { server: t('check.label.server'), database: t('check.label.database'), isolation: t('check.label.isolation') };
  const labelWidth = Math.max(...Object.values(labels).map((l) => l.length)) + 2;
  const fact = (label: string, value: string): void => {
    lines.push(`  ${label.padEnd(labelWidth)}${value}`);
  };
  const failed = `  ${style.red(t('check.label.failed'))}  ${t('check.seeAbove')}`;
  const requirements = (list: readonly Requirement[]): void => {
    for (const r of list) lines.push(`  ${mark(r.met)}  ${r.name} — ${r.neededFor}`);
  };
  const unknown = t('check.unknown');
  const { source, target } = report;
  if (source !== undefined) {
    lines.push(`${style.bold(t('check.source'))}  SQL Server ${source.connection}`);
    if (source.connected) {
      const f = source.facts;
      const kind = f.isBabelfish ? 'Babelfish for PostgreSQL (TDS)' : f.isAzure ? 'Azure SQL' : 'SQL Server';
      fact(labels.server, `${kind} ${f.productVersion}${f.productLevel === null ? '' : ` ${f.productLevel}`}${f.edition === null ? '' : `, ${f.edition}`}`);
      fact(labels.database, t('check.source.database', { database: f.database, collation: f.collation ?? unknown, level: f.compatibilityLevel ?? unknown }));
      fact(labels.isolation, t('check.source.isolation', { snapshot: f.snapshotIsolation ?? unknown, rcsi: f.readCommittedSnapshot === null ? unknown : f.readCommittedSnapshot ? 'on' : 'off' }));
      requirements(source.requirements);
    } else {
      lines.push(failed);
    }
  }
  if (target !== undefined) {
    lines.push(`${style.bold(t('check.target'))}  PostgreSQL ${target.connection}`);
    if (target.connected) {
      const f = target.facts;
      fact(labels.server, `PostgreSQL ${f.version}`);
      const database = { database: f.database, user: f.user, encoding: f.encoding, collation: f.collate };
      fact(labels.database, f.superuser ? t('check.target.databaseSuperuser', database) : t('check.target.database', database));
      requirements(target.requirements);
      for (const warning of target.warnings ?? []) lines.push(`  ${style.yellow(t('check.label.warning'))}  ${warning}`);
    } else {
      lines.push(failed);
    }
  }
  return lines.join('\n');
}
