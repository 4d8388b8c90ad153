/** `migrate mappings explain` and `migrate mappings validate`. */
import { resolve } from 'node:path';
import { MigrateError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { DEFAULT_MAPPING_FILE, loadMappings, parseMappingFile } from '../../mapping/load.js';
import { mapColumn, unusedRules } from '../../mapping/engine.js';
import { readCatalogFile } from '../../model/catalog-io.js';
import { renderSourceType } from '../../plan/source-type.js';
import type { CommandContext, CommandDefinition, CommandOutcome } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { mappingsFrom } from './plan.js';

export const mappingsExplainCommand: CommandDefinition = {
  name: 'mappings explain',
  summary: 'show which mapping rules were tried for a column, which matched, and why (with file:line)',
  arguments: [{ name: 'column', description: 'schema.table.column, as in the source', required: true }],
  examples: ['migrate mappings explain dbo.Orders.Total --catalog catalog.json --mappings overrides.yaml'],
  settings: ['plan.catalog', 'plan.mappings'],
  run({ settings, args, cwd, output }: CommandContext): Promise<CommandOutcome> {
    const [path = ''] = args;
    const catalog = readCatalogFile(resolve(cwd, settings.get('plan.catalog') ?? 'catalog.json'));
    const found = catalog.schemas.flatMap((schema) =>
      schema.tables.flatMap((table) =>
        table.columns.filter((column) => `${schema.name}.${table.name}.${column.name}` === path).map((column) => ({ schema: schema.name, table: table.name, column })),
      ),
    );
    const subject = found[0];
    if (subject === undefined) throw new MigrateError('COLUMN_NOT_FOUND', 'usage', t('error.COLUMN_NOT_FOUND', { column: path }), { hint: t('hint.COLUMN_NOT_FOUND') });
    const decision = mapColumn(subject, mappingsFrom(settings, cwd).rules, true);
    const { style } = output;
    const [match, skip] = [t('mappings.match'), t('mappings.skip')].map((word, _, both) => word.padEnd(Math.max(...both.map((w) => w.length))));
    const lines = [`${path}: ${renderSourceType(subject.column.type)}${subject.column.nullable ? '' : ' NOT NULL'}${subject.column.collation === undefined ? '' : ` COLLATE ${subject.column.collation}`}`];
    for (const trial of decision.trials) {
      lines.push(`  ${trial.mismatch === undefined ? style.green(match) : style.dim(skip)}  ${trial.id}  ${style.dim(`${trial.origin.file}:${trial.origin.line}`)}${trial.mismatch === undefined ? '' : `  (${trial.mismatch})`}`);
    }
    const noRule = decision.error === undefined ? style.red(t('mappings.noRule')) : `${style.red(t('mappings.noRule'))}: ${decision.error}`;
    lines.push(`  => ${decision.mapping === undefined ? noRule : t('mappings.byRule', { type: decision.mapping.targetType, rule: decision.mapping.rule.id })}`);
    return Promise.resolve({
      exitCode: decision.mapping === undefined ? ExitCode.Incomplete : ExitCode.Ok,
      json: { formatVersion: 1, column: path, sourceType: renderSourceType(subject.column.type), trials: decision.trials, targetType: decision.mapping?.targetType ?? null, rule: decision.mapping?.rule.id ?? null },
      human: lines.join('\n'),
    });
  },
};

export const mappingsValidateCommand: CommandDefinition = {
  name: 'mappings validate',
  summary: 'check mapping files (default: the shipped defaults and plan.mappings) and report errors with file:line; with --catalog, warn about rules that decide no column',
  arguments: [{ name: 'files', description: 'mapping files to check', required: false, variadic: true }],
  examples: ['migrate mappings validate mappings/overrides.yaml', 'migrate mappings validate mappings/overrides.yaml --catalog catalog.json'],
  settings: ['plan.mappings', 'plan.catalog'],
  run({ settings, args, cwd, output }: CommandContext): Promise<CommandOutcome> {
    const userFiles = (args.length > 0 ? args : (settings.get('plan.mappings') ?? [])).map((f) => resolve(cwd, f));
    const files = args.length > 0 ? userFiles : [...userFiles, DEFAULT_MAPPING_FILE];
    const problems: string[] = [];
    const rules = files.map((file) => parseMappingFile(file, cwd, problems)?.content.rules?.length ?? 0);
    if (problems.length > 0) throw new MigrateError('MAPPING_INVALID', 'usage', problems.join('\n'));
    // Whether a rule matches anything can only be told against a catalog, so only when one is given.
    const catalogGiven = settings.origin('plan.catalog') !== 'default';
    const unused = catalogGiven ? unusedRules(readCatalogFile(resolve(cwd, settings.get('plan.catalog') ?? 'catalog.json')), loadMappings(userFiles, cwd).rules) : [];
    for (const { label, message, hint } of unused) output.warn(`${label}: ${message}${hint === undefined ? '' : ` (${hint})`}`);
    const warnings = unused.map(({ rule, message, hint }) => ({ rule: rule.rule.id, file: rule.origin.file, line: rule.origin.line, message, ...(hint === undefined ? {} : { hint }) }));
    return Promise.resolve({
      exitCode: ExitCode.Ok,
      json: { formatVersion: 1, files: files.map((file, i) => ({ file, rules: rules[i] ?? 0 })), warnings },
      human: files.map((file, i) => t('mappings.valid', { file, count: rules[i] ?? 0 })).join('\n'),
    });
  },
};
