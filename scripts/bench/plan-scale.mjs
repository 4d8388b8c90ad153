// Plan scale: a generated catalog of 10,000 tables (each the shape of dbo.narrow with its primary
// key) through `migrate plan`, timed as a whole command: reading the catalog, planning, writing files.
import { join } from 'node:path';
import { benchCatalog } from '../../dist/copy/synthetic-catalog.js';
import { writeCatalogFile } from '../../dist/model/catalog-io.js';
import { MIGRATE, StepError, lastJson, runNode } from './measure.mjs';

export const PLAN_TABLES = 10_000;

export async function writeScaleCatalog(dir) {
  const catalog = benchCatalog(1);
  const [schema] = catalog.schemas;
  const template = schema.tables.find((t) => t.name === 'narrow');
  schema.tables = Array.from({ length: PLAN_TABLES }, (_, i) => {
    const name = `t_${String(i + 1).padStart(5, '0')}`;
    return { ...template, name, primaryKey: { ...template.primaryKey, name: `PK_${name}` } };
  });
  const file = join(dir, 'catalog-10k.json');
  await writeCatalogFile(file, catalog);
  return file;
}

/** One `migrate plan` of the catalog: wall seconds of the command, its peak RSS and CPU, statements written. */
export async function measurePlan(catalogFile, dir) {
  const result = await runNode(MIGRATE, ['plan', '--catalog', catalogFile, '--out', join(dir, 'plan-10k'), '--json', '--quiet'], { cwd: dir });
  if (result.code !== 0) throw new StepError(`migrate plan of ${PLAN_TABLES} tables`, result);
  const summary = lastJson(result.stdout);
  return {
    seconds: result.seconds,
    peakRssMiB: result.peakRssMiB,
    cpuSeconds: result.cpuSeconds,
    tables: summary?.tables ?? null,
    statements: summary === undefined ? null : summary.statements.preData + summary.statements.postData,
  };
}
