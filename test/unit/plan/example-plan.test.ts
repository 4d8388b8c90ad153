import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadMappings } from '../../../src/mapping/load.js';
import { readCatalogFile } from '../../../src/model/catalog-io.js';
import { buildPlan } from '../../../src/plan/build-plan.js';
import { NEWEST_POSTGRES } from '../../../src/plan/collations.js';
import { renderPlanFiles } from '../../../src/plan/plan-io.js';

const example = (path: string): string => fileURLToPath(new URL(`../../../examples/municipal/${path}`, import.meta.url));

describe('examples/municipal', () => {
  const plan = buildPlan(readCatalogFile(example('catalog.json')), loadMappings([example('mappings.yaml')], process.cwd()), { targetVersion: NEWEST_POSTGRES });

  it.each(Object.entries(renderPlanFiles(plan)))('the committed expected plan %s is what migrate plan writes', (file, text) => {
    expect(text).toBe(readFileSync(example(`plan/${file}`), 'utf8'));
  });

  it('shows the common edits: schema and table renamed, a citext column, money kept as money', () => {
    const table = (name: string) => plan.tables.find((t) => `${t.source.schema}.${t.source.name}` === name);
    expect(table('dbo.citizen')?.target).toEqual({ schema: 'public', name: 'citizen' });
    expect(table('appeals.appeal_status_history')?.target).toEqual({ schema: 'appeals', name: 'appeal_history' });
    // A rule made it citext: it gets the deterministic collation of its language, never a nondeterministic one (citext's LIKE would fail).
    expect(table('dbo.citizen')?.columns.find((c) => c.source.name === 'email')?.target).toMatchObject({ type: 'citext', collation: 'ms2pg.und' });
    const amount = table('budget.contract')?.columns.find((c) => c.source.name === 'amount');
    expect(amount).toMatchObject({ target: { type: 'money' }, encoder: 'text-fallback', rule: { id: 'budget-money' } });
    expect(amount?.losses[0]).toMatch(/lc_monetary/);
  });
});
