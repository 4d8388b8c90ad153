/** Plans over the synthetic catalog, for copy pipeline tests. */
import { syntheticCatalog } from '../../src/copy/synthetic-catalog.js';
import { loadMappings } from '../../src/mapping/load.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import { NEWEST_POSTGRES } from '../../src/plan/collations.js';
import type { Plan } from '../../src/plan/plan-model.js';

export function syntheticPlan(rows: number): Plan {
  return buildPlan(syntheticCatalog(rows), loadMappings([], process.cwd()), { targetVersion: NEWEST_POSTGRES });
}
