/** Verify reports: the JSON result (versioned, deterministic order) and JUnit XML for CI dashboards. */
import { t } from '../i18n/index.js';
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
  const failures = report.tables.filter((table) => table.status === 'different').length;
  const skipped = report.tables.filter((table) => table.status === 'unverified').length;
  const cases = report.tables.map((table) => {
    const problems = table.problems.join('; ');
    const body =
      table.status === 'different'
        ? `<failure message="${xml(problems === '' ? t('verify.junit.differences', { count: table.differences }) : t('verify.junit.differencesProblems', { count: table.differences, problems }))}">${xml(JSON.stringify(table.examples, null, 2))}</failure>`
        : table.status === 'unverified'
          ? `<skipped message="${xml(t('verify.junit.unverified', { problems }))}"/>`
          : '';
    return `  <testcase classname="ms2pg.verify.${report.level}" name="${xml(table.table)}" time="${table.seconds.toFixed(3)}">${body}</testcase>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="migrate verify" tests="${report.tables.length}" failures="${failures}" skipped="${skipped}" time="${report.seconds.toFixed(3)}">\n${cases.join('\n')}\n</testsuite>\n`;
}
