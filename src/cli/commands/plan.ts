/** `migrate plan`: catalog + mapping rules -> plan directory (no database needed). */
import { resolve } from 'node:path';
import type { Settings } from '../../config/load.js';
import { t } from '../../i18n/index.js';
import { loadMappings, type MappingSet } from '../../mapping/load.js';
import { readCatalogFile } from '../../model/catalog-io.js';
import { buildPlan } from '../../plan/build-plan.js';
import { writePlanDirectory } from '../../plan/plan-io.js';
import { NEWEST_POSTGRES } from '../../plan/collations.js';
import { connectPg, describePg, pgSettingsFrom } from '../../target/postgres/connection.js';
import { readServerMajor } from '../../target/postgres/server-facts.js';
import type { CommandContext, CommandDefinition, CommandOutcome } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';

/** Mapping files from settings, with the --identifiers override applied. */
export function mappingsFrom(settings: Settings, cwd: string): MappingSet {
  const mappings = loadMappings((settings.get('plan.mappings') ?? []).map((file) => resolve(cwd, file)), cwd);
  const policy = settings.get('plan.identifiers');
  return policy === undefined ? mappings : { ...mappings, names: { ...mappings.names, policy } };
}

/**
 * The target's major version: asked of the server when a target connection is set (so `migrate run`
 * plans for the server it applies to), otherwise plan.targetVersion, otherwise the newest.
 */
async function targetVersionOf(settings: Settings, env: NodeJS.ProcessEnv, output: Output): Promise<number> {
  const configured = settings.get('plan.targetVersion');
  if (settings.get('target.connection') === undefined) return configured ?? NEWEST_POSTGRES;
  const connection = pgSettingsFrom(settings, env);
  output.detail(t('plan.askingVersion', { where: describePg(connection, env) }));
  const client = await connectPg(connection, env);
  try {
    const major = await readServerMajor(client);
    if (configured !== undefined && configured !== major) output.warn(t('plan.versionIgnored', { configured, major }));
    return major;
  } finally {
    await client.end();
  }
}

export const planCommand: CommandDefinition = {
  name: 'plan',
  summary: 'turn catalog.json into PostgreSQL DDL, a copy plan and an assessment report (offline)',
  examples: [
    'migrate plan --catalog examples/municipal/catalog.json --out /tmp/plan',
    'migrate plan --catalog catalog.json --mappings mappings/overrides.yaml --identifiers snake --out plan',
  ],
  settings: ['plan.catalog', 'plan.out', 'plan.mappings', 'plan.identifiers', 'plan.targetVersion', 'target.connection'],
  async run({ settings, output, cwd, env }: CommandContext): Promise<CommandOutcome> {
    const catalogPath = resolve(cwd, settings.get('plan.catalog') ?? 'catalog.json');
    const out = resolve(cwd, settings.get('plan.out') ?? 'plan');
    const catalog = readCatalogFile(catalogPath);
    const targetVersion = await targetVersionOf(settings, env, output);
    const plan = buildPlan(catalog, mappingsFrom(settings, cwd), { targetVersion });
    writePlanDirectory(out, plan);
    const count = (severity: string): number => plan.issues.filter((i) => i.severity === severity).length;
    const errors = plan.issues.filter((i) => i.severity === 'error');
    for (const issue of errors) output.error(`${issue.object}: ${issue.message}`, issue.hint);
    // Warnings about the user's own mapping files are shown here too, not only in report.md.
    for (const issue of plan.issues.filter((i) => i.code === 'MAPPING_RULE_UNUSED')) output.warn(`${issue.object}: ${issue.message}${issue.hint === undefined ? '' : ` (${issue.hint})`}`);
    const summary = {
      tables: plan.tables.length,
      columns: plan.tables.reduce((n, t) => n + t.columns.length, 0),
      statements: { preData: plan.statements.filter((s) => s.phase === 'pre-data').length, postData: plan.statements.filter((s) => s.phase === 'post-data').length },
      declaredLosses: plan.tables.reduce((n, t) => n + t.columns.filter((c) => c.losses.length > 0).length, 0),
      manualItems: plan.manual.length,
      issues: { error: count('error'), warning: count('warning'), info: count('info') },
    };
    const human = [
      t('plan.summary.version', { version: targetVersion }),
      t('plan.summary.wrote', { dir: `${out}/` }),
      t('plan.summary.objects', { tables: summary.tables, columns: summary.columns, preData: summary.statements.preData, postData: summary.statements.postData }),
      t('plan.summary.losses', { losses: summary.declaredLosses, manual: summary.manualItems }),
      t('plan.summary.issues', { errors: summary.issues.error, warnings: summary.issues.warning, report: `${out}/report.md` }),
    ].join('\n');
    return { exitCode: errors.length > 0 ? ExitCode.Incomplete : ExitCode.Ok, json: { formatVersion: 1, out, targetVersion, ...summary }, human };
  },
};
