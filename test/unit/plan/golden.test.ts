import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderPlanFiles } from '../../../src/plan/plan-io.js';
import { GOLDEN_DIR, goldenCases } from '../../support/golden.js';

const update = process.env.UPDATE_GOLDEN === '1';

describe('golden plans', () => {
  for (const { name, plan } of goldenCases()) {
    describe(name, () => {
      const files = renderPlanFiles(plan);
      for (const [file, text] of Object.entries(files)) {
        it(`${file} matches test/fixtures/plans/${name}/${file}`, () => {
          const path = join(GOLDEN_DIR, name, file);
          if (update || !existsSync(path)) {
            mkdirSync(join(GOLDEN_DIR, name), { recursive: true });
            writeFileSync(path, text);
          }
          expect(text).toBe(readFileSync(path, 'utf8'));
        });
      }
    });
  }
});
