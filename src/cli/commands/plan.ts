/** `migrate plan`: catalog + mapping rules -> plan directory (no database needed). */
import { resolve } from 'node:path';
import type { Settings } from '../../config/load.js';
import { loadMappings, type MappingSet } from '../../mapping/load.js';
import { readCatalogFile } from '../../model/catalog-io.js';
import { buildPlan } from '../../plan/build-plan.js';
import { writePlanDirectory } from '../../plan/plan-io.js';
import type { CommandContext, CommandDefinition, CommandOutcome } from '../command.js';
import { ExitCode } from '../exit-codes.js';

/** Mapping files from settings, with the --identifiers override applied. */
export function mappingsFrom(settings: Settings, cwd: string): MappingSet {
  const mappings = loadMappings((settings.get('plan.mappings') ?? []).map((file) => resolve(cwd, file)), cwd);
  const policy = settings.get('plan.identifiers');
  return policy === undefined ? mappings : { ...mappings, names: { ...mappings.names, policy } };
}

export const planCommand: CommandDefinition = {
  name: 'plan',
  summary: 'turn catalog.json into PostgreSQL DDL, a copy plan and an assessment report (offline)',
  examples: [
    'migrate plan --catalog examples/municipal/catalog.json --out /tmp/plan',
    'migrate plan --catalog catalog.json --mappings mappings/overrides.yaml --identifiers snake --out plan',
  ],
  settings: ['plan.catalog', 'plan.out', 'plan.mappings', 'plan.identifiers', 'plan.targetVersion'],
  run({ settings, output, cwd }: CommandContext): Promise<CommandOutcome> {
    const catalogPath = resolve(cwd, settings.get('plan.catalog') ?? 'catalog.json');
    const out = resolve(cwd, settings.get('plan.out') ?? 'plan');
    const catalog = readCatalogFile(catalogPath);
    const plan = buildPlan(catalog, mappingsFrom(settings, cwd), { targetVersion: settings.get('plan.targetVersion') ?? 16 });
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
      `wrote ${out}/ (plan.json, pre-data.sql, post-data.sql, manual.sql, report.md)`,
      `${summary.tables} tables, ${summary.columns} columns; ${summary.statements.preData} pre-data and ${summary.statements.postData} post-data statements`,
      `${summary.declaredLosses} column(s) with declared losses, ${summary.manualItems} manual item(s)`,
      `${summary.issues.error} blocking issue(s), ${summary.issues.warning} warning(s) — see ${out}/report.md`,
    ].join('\n');
    return Promise.resolve({ exitCode: errors.length > 0 ? ExitCode.Incomplete : ExitCode.Ok, json: { formatVersion: 1, out, ...summary }, human });
  },
};
