import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadMappings } from '../../../src/mapping/load.js';
import { parseCatalog } from '../../../src/model/catalog-io.js';
import { buildPlan } from '../../../src/plan/build-plan.js';
import { planFit } from '../../../src/plan/fit.js';

const catalog = parseCatalog(readFileSync(new URL('../../fixtures/catalogs/all-objects.catalog.json', import.meta.url), 'utf8'), 'all-objects');
const defaults = loadMappings([], process.cwd());
const everything = { icuAvailable: true, extensions: new Set(['citext']) };

describe('planFit (migrate check --plan)', () => {
  it('a plan made for its own target fits it', () => {
    const plan = buildPlan(catalog, defaults, { targetVersion: 18 });
    const fit = planFit(plan, { major: 18, ...everything });
    expect(fit.warnings).toEqual([]);
    expect(fit.requirements.every((r) => r.met)).toBe(true);
    expect(fit.requirements.map((r) => r.name)).toEqual(['extension citext available', 'ICU collations', 'PostgreSQL 15 or newer']);
  });

  it('warns when the plan was made for another version, and about LIKE on nondeterministic columns below 18', () => {
    const plan = buildPlan(catalog, defaults, { targetVersion: 18 });
    const fit = planFit(plan, { major: 15, ...everything });
    expect(fit.warnings[0]).toBe('the plan was made for PostgreSQL 18, the target is 15: plan again with --target so its choices (case-insensitive columns, NULLS NOT DISTINCT) fit this server');
    expect(fit.warnings[1]).toMatch(/^\d+ column\(s\) under nondeterministic collations \(dbo\.all_types\.c_varchar_max, .*\): PostgreSQL 15 refuses LIKE, ILIKE and regular expressions on them/);
  });

  it('names what applying would fail on: a missing extension, no ICU, NULLS NOT DISTINCT below 15', () => {
    const plan = buildPlan(catalog, defaults, { targetVersion: 15 });
    const fit = planFit(plan, { major: 14, icuAvailable: false, extensions: new Set() });
    expect(fit.requirements.filter((r) => !r.met).map((r) => `${r.name}: ${r.neededFor}`)).toEqual([
      'extension citext available: plan: CREATE EXTENSION citext',
      'ICU collations: plan: 3 collation(s) in schema ms2pg',
      expect.stringMatching(/^PostgreSQL 15 or newer: plan: NULLS NOT DISTINCT in \d+ unique key\(s\)$/),
    ]);
  });
});
