/**
 * `migrate check`: connect to the source and the target, report what they are and whether this
 * login can do what the later stages need. Connection failures exit 4; unmet requirements exit 2.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Settings } from '../../config/load.js';
import { SOURCE_FLAGS } from '../../config/settings.js';
import { MigrateError } from '../../errors.js';
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
      throw new MigrateError('CHECK_NOTHING', 'usage', 'nothing to check: give --source and/or --target (or set them in migrate.config.yaml)');
    }
    const report: CheckReport = {
      ...(wantSource ? { source: await checkSource(settings, output) } : {}),
      ...(wantTarget ? { target: await checkTarget(settings, env, output, planToCheck(settings, cwd)) } : {}),
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
  output.detail(`connecting to SQL Server ${where}`);
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

/** The plan to hold the target to: the one --plan names, or ./plan when it exists. */
function planToCheck(settings: Settings, cwd: string): Plan | undefined {
  const dir = resolve(cwd, settings.get('planDir') ?? 'plan');
  if (settings.origin('planDir') === 'default' && !existsSync(join(dir, 'plan.json'))) return undefined;
  return readPlanDirectory(dir);
}

async function checkTarget(settings: Settings, env: NodeJS.ProcessEnv, output: Output, plan: Plan | undefined): Promise<SideReport<PgServerFacts>> {
  const connection = pgSettingsFrom(settings, env);
  const where = describePg(connection, env);
  output.detail(`connecting to PostgreSQL ${where}`);
  let client;
  try {
    client = await connectPg(connection, env);
  } catch (error) {
    return failedSide(where, error);
  }
  try {
    const facts = await readPgFacts(client);
    const requirements: Requirement[] = [
      { name: `PostgreSQL ${MIN_PG_VERSION_NUM / 10000} or newer`, neededFor: 'nondeterministic (case-insensitive) collations', met: facts.versionNum >= MIN_PG_VERSION_NUM },
      { name: 'UTF8 database encoding', neededFor: 'every Unicode character of nvarchar/ntext data', met: facts.encoding === 'UTF8' },
      { name: 'CREATE on the database', neededFor: 'apply: creating schemas', met: facts.canCreateSchemas || facts.superuser },
      { name: 'ICU collations', neededFor: 'plan: case-insensitive collations (otherwise citext by rule)', met: facts.icuAvailable },
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
  const mark = (met: boolean | null): string => (met === true ? style.green('ok  ') : met === false ? style.red('MISSING') : style.yellow('unknown'));
  const requirements = (list: readonly Requirement[]): void => {
    for (const r of list) lines.push(`  ${mark(r.met)}  ${r.name} — ${r.neededFor}`);
  };
  const { source, target } = report;
  if (source !== undefined) {
    lines.push(`${style.bold('Source')}  SQL Server ${source.connection}`);
    if (source.connected) {
      const f = source.facts;
      const kind = f.isBabelfish ? 'Babelfish for PostgreSQL (TDS)' : f.isAzure ? 'Azure SQL' : 'SQL Server';
      lines.push(`  server     ${kind} ${f.productVersion}${f.productLevel === null ? '' : ` ${f.productLevel}`}${f.edition === null ? '' : `, ${f.edition}`}`);
      lines.push(`  database   ${f.database}, collation ${f.collation ?? 'unknown'}, compatibility level ${f.compatibilityLevel ?? 'unknown'}`);
      lines.push(`  isolation  snapshot isolation ${f.snapshotIsolation ?? 'unknown'}, read committed snapshot ${f.readCommittedSnapshot === null ? 'unknown' : f.readCommittedSnapshot ? 'on' : 'off'}`);
      requirements(source.requirements);
    } else {
      lines.push(`  ${style.red('FAILED')}   (see the error above)`);
    }
  }
  if (target !== undefined) {
    lines.push(`${style.bold('Target')}  PostgreSQL ${target.connection}`);
    if (target.connected) {
      const f = target.facts;
      lines.push(`  server     PostgreSQL ${f.version}`);
      lines.push(`  database   ${f.database} as ${f.user}${f.superuser ? ' (superuser)' : ''}, encoding ${f.encoding}, collation ${f.collate}`);
      requirements(target.requirements);
      for (const warning of target.warnings ?? []) lines.push(`  ${style.yellow('warning')}  ${warning}`);
    } else {
      lines.push(`  ${style.red('FAILED')}   (see the error above)`);
    }
  }
  return lines.join('\n');
}
