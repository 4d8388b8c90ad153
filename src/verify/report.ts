/** Verify reports: the JSON result (versioned, deterministic order) and JUnit XML for CI dashboards. */
import type { TableVerdict, VerifyLevel } from './verify.js';

export interface VerifyReport {
  readonly formatVersion: 1;
  readonly level: VerifyLevel;
  readonly status: 'equal' | 'different' | 'unverified';
  readonly tables: readonly TableVerdict[];
  /** Columns whose values were compared under a declared loss (as the copy rounded them). */
  readonly declaredLosses: readonly { readonly column: string; readonly loss: string }[];
  readonly seconds: number;
}

export function overallStatus(tables: readonly TableVerdict[]): VerifyReport['status'] {
  if (tables.some((t) => t.status === 'different')) return 'different';
  if (tables.length === 0 || tables.some((t) => t.status === 'unverified')) return 'unverified';
  return 'equal';
}

const xml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function junitXml(report: VerifyReport): string {
  const failures = report.tables.filter((t) => t.status === 'different').length;
  const skipped = report.tables.filter((t) => t.status === 'unverified').length;
  const cases = report.tables.map((t) => {
    const body =
      t.status === 'different'
        ? `<failure message="${xml(`${t.differences} difference(s)${t.problems.length === 0 ? '' : `; ${t.problems.join('; ')}`}`)}">${xml(JSON.stringify(t.examples, null, 2))}</failure>`
        : t.status === 'unverified'
          ? `<skipped message="${xml(`unverified: ${t.problems.join('; ')}`)}"/>`
          : '';
    return `  <testcase classname="ms2pg.verify.${report.level}" name="${xml(t.table)}" time="${t.seconds.toFixed(3)}">${body}</testcase>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="migrate verify" tests="${report.tables.length}" failures="${failures}" skipped="${skipped}" time="${report.seconds.toFixed(3)}">\n${cases.join('\n')}\n</testsuite>\n`;
}
