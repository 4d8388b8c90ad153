/**
 * Golden plans: every fixture catalog in test/fixtures/catalogs is planned (with
 * `<name>.mappings.yaml` beside it when present) and compared with test/fixtures/plans/<name>/.
 * `UPDATE_GOLDEN=1 npm test` rewrites them after an intended change; review the diff in git.
 */
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadMappings } from '../../src/mapping/load.js';
import { readCatalogFile } from '../../src/model/catalog-io.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import { NEWEST_POSTGRES } from '../../src/plan/collations.js';
import type { Plan } from '../../src/plan/plan-model.js';

export const CATALOG_DIR = fileURLToPath(new URL('../fixtures/catalogs/', import.meta.url));
export const GOLDEN_DIR = fileURLToPath(new URL('../fixtures/plans/', import.meta.url));

export interface GoldenCase {
  readonly name: string;
  readonly plan: Plan;
}

export function goldenCases(): GoldenCase[] {
  return readdirSync(CATALOG_DIR)
    .filter((file) => file.endsWith('.catalog.json'))
    .sort()
    .map((file) => {
      const name = file.replace(/\.catalog\.json$/, '');
      const overrides = `${CATALOG_DIR}${name}.mappings.yaml`;
      const mappings = loadMappings(existsSync(overrides) ? [overrides] : [], CATALOG_DIR);
      return { name, plan: buildPlan(readCatalogFile(`${CATALOG_DIR}${file}`), mappings, { targetVersion: NEWEST_POSTGRES }) };
    });
}
